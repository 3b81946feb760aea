"""Make a file over its cap fit, in a child process the app can stop at any moment.

:func:`offer` says what fitting would give (for the row's question, before anything is done);
:class:`Fit` does it: it starts the child (``python -m app --fit-worker`` in a checkout, the
frozen executable with ``--fit-worker`` in a bundle), turns its JSON lines into
:class:`FitProgress` calls, and gives back the Media to send, with ``origin`` naming the original,
or a Refusal with a sentence. :meth:`Fit.cancel` kills the child. Whatever way it ends (done,
failed, cancelled, the child crashed), no file is left behind but the one handed back.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from app.core.media.check import Caps, Media, Origin, Refusal, Stamp
from app.core.media.plan import Plan, PlanError, plan_audio, plan_image, plan_video
from app.core.media.probe import ProbeError, probe
from app.core.media.scratch import Scratch
from app.core.reasons import Reason

__all__ = ["Fit", "FitProgress", "fit_command", "offer"]

WORKER_FLAG = "--fit-worker"
_CAPS = Caps()


@dataclass(frozen=True)
class FitProgress:
    share: float  # 0..1
    speed: float  # seconds of media per second of work ("2.1× real time"); 0 for images
    left: float | None  # seconds
    attempt: int = 1


def fit_command() -> list[str]:
    """How to start the worker: the frozen executable itself, or this Python with ``-m app``."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG]
    return [sys.executable, "-m", "app", WORKER_FLAG]


def offer(media: Media | Path, kind: str, mime: str, caps: Caps = _CAPS) -> Plan | Reason:
    """What fitting would make of this file, or why it cannot fit (read from its headers)."""
    path = media.path if isinstance(media, Media) else media
    name = media.name if isinstance(media, Media) else path.name
    cap = caps.for_kind(kind)  # type: ignore[arg-type]
    try:
        info = probe(path)
        if kind == "image":
            return plan_image(info, cap)
        if kind == "audio" or not info.has_video:
            return plan_audio(info, cap)
        return plan_video(info, cap)
    except ProbeError as exc:
        return Reason.of(exc.code, name=name, detail=exc.detail)
    except PlanError as exc:
        return Reason.of(exc.code, name=name, **exc.args_)


_OUT = {"image": {"jpeg": (".jpg", "image/jpeg"), "webp": (".webp", "image/webp")}}


def _output_of(plan: Plan) -> tuple[str, str]:
    if plan.kind == "image":
        return _OUT["image"][plan.image_format]
    if plan.kind == "audio":
        return ".m4a", "audio/mp4"
    return ".mp4", "video/mp4"


class Fit:
    """One fit; run :meth:`run` in a worker thread, :meth:`cancel` from anywhere."""

    def __init__(
        self,
        media: Media,
        scratch: Scratch,
        caps: Caps = _CAPS,
        on_progress: Callable[[FitProgress], None] | None = None,
    ) -> None:
        self.media, self.scratch, self.caps = media, scratch, caps
        self.on_progress = on_progress
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._cancelled = False

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self._proc is not None and self._proc.poll() is None:
                self._proc.kill()

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def run(self) -> Media | Refusal:
        media = self.media
        cap = self.caps.for_kind(media.kind)
        planned = offer(media, media.kind, media.mime, self.caps)
        if isinstance(planned, Reason):
            return Refusal(media.path, planned, media.size)
        suffix, mime = _output_of(planned)
        try:
            out = self.scratch.new_file(suffix)
        except OSError as exc:
            return self._refuse("fit_failed", detail=exc.strerror or str(exc))
        try:
            result = self._work(planned, out, cap)
        except BaseException:
            Scratch.discard(out)
            raise
        if isinstance(result, Refusal):
            Scratch.discard(out)
            return result
        try:
            st = os.stat(out)
            now = os.stat(media.path)
        except OSError:
            Scratch.discard(out)
            return self._refuse("file_gone")
        if media.stamp is not None and Stamp.of(now) != media.stamp:
            Scratch.discard(out)
            return self._refuse("fit_changed")
        if st.st_size > cap or st.st_size == 0:
            Scratch.discard(out)
            return self._refuse("fit_missed", cap_bytes=cap)
        origin = Origin(media.path, media.size, media.mime, media.stamp, fitted=True)
        return Media(
            out,
            media.name,
            st.st_size,
            mime,
            media.kind if planned.kind != "audio" or media.kind == "audio" else "audio",
            Stamp.of(st),
            origin,
        )

    def _refuse(self, code: str, **args: object) -> Refusal:
        why = Reason.of(code, name=self.media.name, **args)
        return Refusal(self.media.path, why, self.media.size)

    def _work(self, plan: Plan, out: Path, cap: int) -> dict[str, object] | Refusal:
        job = {"source": str(self.media.path), "out": str(out), "cap": cap, "plan": asdict(plan)}
        with self._lock:
            if self._cancelled:
                return self._refuse("fit_cancelled")
            self._proc = subprocess.Popen(  # noqa: S603 (our own executable, our own JSON)
                [*fit_command(), json.dumps(job)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_child_env(),
            )
        proc = self._proc
        final: dict[str, object] | None = None
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                with contextlib.suppress(ValueError):
                    message = json.loads(line)
                    if message.get("done"):
                        final = message
                    elif self.on_progress is not None and "progress" in message:
                        self.on_progress(
                            FitProgress(
                                float(message["progress"]),
                                float(message.get("speed") or 0.0),
                                message.get("left"),
                                int(message.get("attempt") or 1),
                            )
                        )
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()
        if self._cancelled:
            return self._refuse("fit_cancelled")
        if final is None:
            return self._refuse(
                "fit_failed", detail=f"the fitting process ended ({proc.returncode})"
            )
        if "error" in final:
            code = str(final["error"])
            detail = str(final.get("detail") or "")
            args: dict[str, object] = {"detail": detail}
            if code == "fit_missed":
                args = {"cap_bytes": cap}
            return self._refuse(code, **args)
        return final


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    # The child imports only app.core.media: no window, no keyring, no Qt.
    env.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
    return env
