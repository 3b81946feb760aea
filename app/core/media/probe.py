"""What a media file holds, read by FFmpeg (PyAV): duration, dimensions, frame rate, streams.

Used to plan a fit, to word the offer on a row, and to show duration and dimensions in the list.
Reads headers only (and one frame for the rotation of a video), so it is quick; call it off the
GUI thread all the same.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Probe", "ProbeError", "probe"]


class ProbeError(Exception):
    """The file cannot be read as media: code is a Reason code (fit_no_stream, fit_damaged...)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class Probe:
    duration: float  # seconds; 0 for a still picture
    width: int = 0  # as stored (before rotation)
    height: int = 0
    fps: float = 0.0
    rotation: int = 0  # degrees counter-clockwise, as FFmpeg reports it
    video_codec: str = ""
    audio_codec: str = ""
    channels: int = 0
    sample_rate: int = 0
    audio_bit_rate: int = 0
    has_alpha: bool = False

    @property
    def has_video(self) -> bool:
        return self.width > 0

    @property
    def has_audio(self) -> bool:
        return self.channels > 0

    @property
    def shown_size(self) -> tuple[int, int]:
        """Width and height as the picture is shown (a phone's portrait video is stored wide)."""
        if abs(self.rotation) == 90:
            return self.height, self.width
        return self.width, self.height


def probe(path: Path, *, rotation: bool = True) -> Probe:
    """Raises ProbeError with a Reason code when the file has nothing FFmpeg can read."""
    import av

    try:
        container = av.open(str(path))
    except (av.error.InvalidDataError, av.error.EOFError) as exc:
        raise ProbeError("fit_damaged", str(exc)) from None
    except av.error.FFmpegError as exc:
        raise ProbeError("fit_damaged", str(exc)) from None
    with container:
        video = next(iter(container.streams.video), None)
        audio = next(iter(container.streams.audio), None)
        if video is None and audio is None:
            raise ProbeError("fit_no_stream")
        duration = 0.0
        if container.duration is not None and container.duration > 0:
            duration = container.duration / 1_000_000
        fields: dict[str, object] = {"duration": duration}
        if video is not None:
            ctx = video.codec_context
            rate = video.average_rate or video.guessed_rate
            fields.update(
                width=ctx.width,
                height=ctx.height,
                fps=float(rate) if rate else 0.0,
                video_codec=ctx.name,
                has_alpha="a" in (ctx.pix_fmt or "").replace("gray", ""),
            )
            if rotation:
                with contextlib.suppress(Exception):  # no frame decodes: no rotation to keep
                    frame = next(container.decode(video))
                    fields["rotation"] = int(frame.rotation)
        if audio is not None:
            actx = audio.codec_context
            fields.update(
                audio_codec=actx.name,
                channels=actx.channels,
                sample_rate=actx.sample_rate,
                audio_bit_rate=actx.bit_rate or 0,
            )
    return Probe(**fields)  # type: ignore[arg-type]
