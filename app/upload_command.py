"""``upload``: send files from the command line and print their URLs (see app/cli.py for the rest).

stdout carries only results: one URL per line in the order the files were given, or with ``--json``
one object per argument (its path, its URL or error) the moment that file is settled. Everything
meant for a person goes to stderr. Imported only for this command, so that the window, started
through app/cli.py too, never waits for asyncio, httpx or the engine before its first paint.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import logging
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .cli import (
    CLI_BASE_URL_HINT,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
)
from .core.api import FilesClient
from .core.errors import BASE_URL_HINT
from .core.escape import escape_controls
from .core.history import open_history
from .core.logs import register_secret, setup_logging
from .core.media import Caps, Media, Refusal, collect, human_size
from .core.media.prepare import prepare
from .core.media.scratch import Scratch
from .core.private import open_to_others
from .core.reasons import Reason, english
from .core.settings import (
    ENV_API_KEY,
    ENV_BASE_URL,
    AppPaths,
    KeySource,
    KeyStore,
    Settings,
    SettingsError,
    coerce,
)
from .core.settings import OPTIONS as SETTING_OPTIONS
from .core.uploads import (
    EngineOptions,
    Event,
    Job,
    JobCancelled,
    JobDone,
    JobFailed,
    JobRetrying,
    Progress,
    QueuePaused,
    ServiceDown,
    State,
    UploadEngine,
)
from .url_arguments import Fetched, fetch_arguments


def run_upload(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        return asyncio.run(_upload(args, out, err))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


@dataclass
class Entry:
    """One input file's line of output, in input order."""

    path: Path
    refusal: str | None = None
    job: Job | None = None
    printed: bool = False
    source: str | None = None  # the web address the file was downloaded from


def _finished(entry: Entry) -> bool:
    return entry.job is not None and entry.job.state.finished


class Reporter:
    """Prints results in input order as soon as each is known, and progress on a terminal."""

    def __init__(self, entries: list[Entry], *, as_json: bool, out: TextIO, err: TextIO) -> None:
        self.entries = entries
        self.as_json = as_json
        self.out, self.err = out, err
        self.live = err.isatty()
        self._next = 0
        self._started = time.monotonic()
        self._progress_shown = False
        self.paused_reason: str | None = None
        self.key_hint = ""
        self.history_problems: list[str] = []

    def say(self, text: str) -> None:
        self._clear_progress()
        # Server messages and file names are in here: no escape sequence reaches the terminal.
        print(escape_controls(cli_wording(text)), file=self.err, flush=True)

    def on_event(self, event: Event) -> None:
        if isinstance(event, JobCancelled):
            self.flush_ready()
        elif isinstance(event, JobFailed | JobDone):
            if isinstance(event, JobDone) and event.history_problem:
                # One sentence for the batch, after the URLs, not one per file.
                self.history_problems.append(event.history_problem)
            if isinstance(event, JobFailed) and event.reason != self.paused_reason:
                self.say(f"error: {event.reason}")
            self.flush_ready()
        elif isinstance(event, JobRetrying):
            self.say(f"retrying in {event.delay:.1f} s: {event.reason}")
        elif isinstance(event, QueuePaused):
            self.paused_reason = event.reason  # said once here, not again for every file
            self.say(f"error: {event.reason} {self.key_hint}".rstrip())
        elif isinstance(event, ServiceDown):
            self.paused_reason = event.reason  # the files it fails say it no more
            self.say(f"error: {event.reason}")
        elif isinstance(event, Progress) and self.live:
            self._show_progress()

    def flush_ready(self) -> None:
        if self.as_json:
            # Each line names its file, so each goes out the moment it is known: one stuck file
            # must not hold the others' URLs back from a script reading the stream.
            for entry in self.entries:
                if not entry.printed and (entry.refusal is not None or _finished(entry)):
                    self._emit(entry)
            return
        # Plain URLs carry no name: they keep the order of the arguments.
        while self._next < len(self.entries):
            entry = self.entries[self._next]
            if entry.refusal is None and entry.job is not None and not entry.job.state.finished:
                return
            self._emit(entry)
            self._next += 1

    def _emit(self, entry: Entry) -> None:
        if entry.printed:
            return
        entry.printed = True
        job = entry.job
        if self.as_json:
            doc: dict[str, object] = {"path": entry.source or str(entry.path)}
            if job is not None and job.state is State.DONE:
                doc["url"] = job.public_url
                doc["expiresAt"] = job.expires_at.isoformat() if job.expires_at else None
                doc.update(_what_was_done(job.media))
            else:
                cancelled = job is not None and job.state is State.CANCELLED
                doc["error"] = (
                    entry.refusal
                    or (job.error if job else None)
                    or ("cancelled" if cancelled else "not uploaded")
                )
            # ASCII escapes: a file name that is not valid UTF-8 must not break the output.
            line = json.dumps(doc)
        elif job is not None and job.state is State.DONE and job.public_url:
            line = escape_controls(job.public_url)
        else:
            return
        self._clear_progress()
        print(line, file=self.out, flush=True)

    def finish(self) -> None:
        """One line for the person at the terminal: what happened, and until when URLs work."""
        for entry in self.entries[self._next :]:
            self._emit(entry)  # anything still unfinished is reported, never dropped
        self._next = len(self.entries)
        jobs = [e.job for e in self.entries if e.job is not None]
        done = [j for j in jobs if j.state is State.DONE]
        parts = [f"{len(done)} of {len(self.entries)} uploaded"]
        refused = sum(e.refusal is not None for e in self.entries)
        failed = sum(j.state is State.FAILED for j in jobs)
        cancelled = sum(j.state is State.CANCELLED for j in jobs)
        for count, word in ((refused, "refused"), (failed, "failed"), (cancelled, "cancelled")):
            if count:
                parts.append(f"{count} {word}")
        if self.history_problems:
            first, more = self.history_problems[0], len(self.history_problems) - 1
            self.say(
                f"warning: {first}"
                + (f" The same happened to {more} more; their URLs are above." if more else "")
            )
        line = ", ".join(parts) + "."
        deadlines = [j.expires_at for j in done if j.expires_at is not None]
        if deadlines:
            until = min(deadlines).astimezone().strftime("%a %d %b %H:%M")
            line += f" The URLs work until {until} (7 days)."
        self.say(line)

    def _show_progress(self) -> None:
        jobs = [e.job for e in self.entries if e.job is not None]
        sent = sum(j.sent for j in jobs)
        total = sum(j.total for j in jobs) or 1
        done = sum(j.state is State.DONE for j in jobs)
        rate = sent / max(time.monotonic() - self._started, 1e-3)
        self.err.write(
            f"\r{done}/{len(jobs)} done  {human_size(sent)} of {human_size(total)} "
            f"({100 * sent // total}%)  {human_size(int(rate))}/s\033[K"
        )
        self.err.flush()
        self._progress_shown = True

    def _clear_progress(self) -> None:
        if self._progress_shown:
            self.err.write("\r\033[K")
            self._progress_shown = False


def _what_was_done(media: Media) -> dict[str, object]:
    """--json's account of what was done before sending: what went, the sizes of a fitted file."""
    origin = media.origin
    doc: dict[str, object] = {"removed": list(origin.removed) if origin else []}
    if origin is not None and origin.fitted:
        doc["fitted"] = {"originalSize": origin.size, "size": media.size, "type": media.mime}
    return doc


def cli_wording(text: str) -> str:
    """The core's advice names the window's Settings; here the address comes from elsewhere."""
    return text.replace(BASE_URL_HINT, CLI_BASE_URL_HINT).replace(
        "and the base URL.", f"and the address (--base-url or {ENV_BASE_URL})."
    )


def _resolve_base_url(arg: str | None, settings: Settings) -> str:
    if arg:
        try:
            return str(coerce(SETTING_OPTIONS["base_url"], arg))
        except SettingsError as exc:
            raise SettingsError(str(exc).replace("base_url", "--base-url", 1)) from None
    return str(settings.get("base_url"))


def service_options(args: argparse.Namespace, settings: Settings) -> tuple[str, int]:
    """The address and the uploads at once, from the flags or the settings (upload, renew)."""
    base_url = _resolve_base_url(args.base_url, settings)
    concurrency = int(
        coerce(SETTING_OPTIONS["concurrency"], args.concurrency)
        if args.concurrency is not None
        else settings.get("concurrency")
    )
    return base_url, concurrency


async def _upload(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    paths = AppPaths.resolve(args.data_dir)
    settings = Settings(paths.settings)
    try:
        base_url, concurrency = service_options(args, settings)
    except SettingsError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE

    fetched = await fetch_arguments(args.paths, paths.cache)  # web addresses, downloaded
    try:
        return await _upload_files(args, out, err, paths, settings, base_url, concurrency, fetched)
    finally:
        fetched.discard()


async def _upload_files(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    paths: AppPaths,
    settings: Settings,
    base_url: str,
    concurrency: int,
    fetched: Fetched,
) -> int:
    loop = asyncio.get_running_loop()
    caps = Caps()
    # With --fit, a file over its cap is checked like any other and made to fit after.
    walk_caps = Caps(image=2**62, video=2**62, audio=2**62) if args.fit else caps
    # Walking folders and sniffing files is disk work: keep it off the loop.
    collected = await loop.run_in_executor(
        None, functools.partial(collect, fetched.paths, walk_caps, repeat_files=True)
    )
    entries = [Entry(Path(), refusal=str(why), source=url) for url, why in fetched.failures] + [
        Entry(item.path, refusal=item.reason) if isinstance(item, Refusal) else Entry(item.path)
        for item in collected.items
    ]
    for entry in entries:
        entry.source = entry.source or fetched.sources.get(str(entry.path))
    reporter = Reporter(entries, as_json=args.json, out=out, err=err)
    if settings.load_problem:
        reporter.say(f"warning: {settings.load_problem}")
    for _url, why in fetched.failures:
        reporter.say(f"refused: {why}")
    for item in collected.refusals:
        reporter.say(f"refused: {item.reason}")
    if collected.summary():
        reporter.say(str(collected.summary()))
    media: list[Media] = collected.media
    if not media:
        reporter.flush_ready()
        reporter.say("Nothing to upload.")
        return EXIT_FAILED

    store = KeyStore()
    api_key = store.get()
    reporter.key_hint = (
        f"(The key came from {ENV_API_KEY}.)"
        if store.source is KeySource.ENV
        else "(The key came from the keyring: 'apimodels-uploader key set' replaces it.)"
    )
    register_secret(api_key)
    # The file only: whatever goes wrong is said to the person once, in a sentence, by the
    # Reporter; a console handler would repeat it (with tracebacks) for every file.
    setup_logging(paths.logs, console_level=logging.CRITICAL + 1)
    if not api_key:
        reporter.say(
            f"error: no API key. Set {ENV_API_KEY}, or save one with 'apimodels-uploader key set'."
        )
        return EXIT_USAGE

    history, problem = open_history(paths.history)
    if problem:
        reporter.say(f"warning: {problem}")
    if open_to_others(paths.data):  # a shared folder given as --data-dir: said, not changed
        open_folder = Reason.of("data_folder_open", path=str(paths.data))
        reporter.say(f"warning: {english(open_folder)}")

    client = FilesClient(base_url=base_url, api_key=api_key)
    engine = UploadEngine(
        client,
        history=history,
        # No SHA-256: only the window's duplicate check reads it, and a script pays for it.
        options=EngineOptions(concurrency=concurrency, direct=args.direct, hash_files=False),
        on_event=reporter.on_event,
    )
    engine.subscribe(lambda ev: _stop_on_auth(engine, ev))
    # One upload per file, one line per argument: a file given twice (or a link and its
    # target) is sent once and reported on each of its lines.
    unique = list({m.path: m for m in media}.values())
    scratch = Scratch(paths.cache)
    stop = _StopSignals(asyncio.current_task())
    try:
        await loop.run_in_executor(None, scratch.sweep_stale)
        ready, refused = await _prepare_all(unique, args, caps, scratch, reporter)
        jobs = {job.media.source_path: job for job in engine.add(ready)}
        for entry in entries:
            if entry.refusal is None and entry.path in refused:
                entry.refusal = refused[entry.path]
            elif entry.refusal is None:
                entry.job = jobs[entry.path]
        reporter.flush_ready()
        await engine.wait_idle()
        if engine.paused:
            # Uploads that met the refused key after the queue paused went back to waiting.
            engine.abandon_queued(engine.paused)
        if engine.outage is not None:
            engine.abandon_queued(engine.outage)
    except asyncio.CancelledError:
        # Ctrl+C, or SIGTERM/SIGHUP (timeout, a CI cancel, docker stop, a closed terminal):
        # what finished is printed and summarised, the rest cancelled.
        name = stop.received.name if stop.received else "SIGINT"
        reporter.say(f"Interrupted ({name}): cancelling the uploads still running.")
        await engine.aclose()
        reporter.finish()
        return 128 + (stop.received or signal.SIGINT)
    finally:
        stop.remove()
        scratch.remove_all()  # the cleaned and fitted copies: sent, or not needed any more
        await client.aclose()
        if history is not None:
            history.close()
    reporter.finish()
    ok = all(e.job is not None and e.job.state is State.DONE for e in entries)
    return EXIT_OK if ok else EXIT_FAILED


async def _prepare_all(
    media: list[Media], args: argparse.Namespace, caps: Caps, scratch: Scratch, reporter: Reporter
) -> tuple[list[Media], dict[Path, str]]:
    """Clean (unless --keep-metadata) and fit (with --fit) each file, one at a time: fitting
    takes every core already. Refusals are said on stderr and kept for their lines."""
    loop = asyncio.get_running_loop()
    ready: list[Media] = []
    refused: dict[Path, str] = {}
    for item in media:
        if item.size > caps.for_kind(item.kind) and args.fit:
            reporter.say(f"fitting: {item.name} ({human_size(item.size)})")
        result = await loop.run_in_executor(
            None,
            functools.partial(
                prepare,
                item,
                scratch,
                caps=caps,
                clean_metadata=not args.keep_metadata,
                fit=args.fit,
            ),
        )
        if isinstance(result, Refusal):
            reporter.say(f"refused: {result.reason}")
            refused[item.path] = result.reason
        else:
            ready.append(result)
    return ready, refused


class _StopSignals:
    """SIGTERM and SIGHUP cancel the upload like Ctrl+C does (asyncio.run handles SIGINT)."""

    SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))

    def __init__(self, task: asyncio.Task[object] | None) -> None:
        self.received: signal.Signals | None = None
        self._task = task
        self._installed: list[signal.Signals] = []
        loop = asyncio.get_running_loop()
        for sig in self.SIGNALS:
            try:
                loop.add_signal_handler(sig, self._on_signal, sig)
            except (NotImplementedError, RuntimeError, ValueError):
                continue  # Windows has no such handlers; not the main thread: nothing to do
            self._installed.append(sig)

    def _on_signal(self, sig: signal.Signals) -> None:
        if self.received is None and self._task is not None:
            self.received = sig
            self._task.cancel()

    def remove(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in self._installed:
            loop.remove_signal_handler(sig)
        self._installed.clear()


def _stop_on_auth(engine: UploadEngine, event: Event) -> None:
    # A script has nobody to ask for a new key: fail what is left instead of waiting.
    if isinstance(event, QueuePaused):
        engine.abandon_queued(event.reason)
    elif isinstance(event, ServiceDown):  # nobody waits here for the service to come back
        engine.abandon_queued(event.why)
