"""``renew``: new links for the uploads that expire soon, from the same files (see the README).

Each row expiring within ``--within`` (default one day) is checked (same size and SHA-256 as
recorded) and uploaded again; the row takes the new URL and keeps the old one among its earlier
URLs. stdout: one new URL per line, or with ``--json`` one object per row the moment it is
settled. Exit status: 0 every row renewed (or nothing to renew), 1 any row not renewed or no
usable history, 2 bad usage or no API key, 128 + the signal's number when stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
from datetime import UTC, datetime, timedelta
from typing import TextIO

from .cli import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from .core.api import FilesClient
from .core.durations import parse_duration
from .core.escape import escape_controls
from .core.history import History, Record, open_history
from .core.logs import register_secret, setup_logging
from .core.media import Media
from .core.reasons import Reason
from .core.renewal import Unrenewable, check_for_renewal
from .core.settings import ENV_API_KEY, AppPaths, KeyStore, Settings, SettingsError
from .core.uploads import EngineOptions, Event, JobDone, JobFailed, QueuePaused, UploadEngine
from .history_command import record_json
from .upload_command import _StopSignals, cli_wording, service_options


def run_renew(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        return asyncio.run(_renew(args, out, err))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


class _Printer:
    def __init__(self, history: History, *, as_json: bool, out: TextIO, err: TextIO) -> None:
        self.history, self.as_json, self.out, self.err = history, as_json, out, err
        self.renewed = self.failed = 0

    def say(self, text: str) -> None:
        print(escape_controls(cli_wording(text)), file=self.err, flush=True)

    def done(self, old: Record, renewed: Record | None, url: str, note: str | None) -> None:
        self.renewed += 1
        if note:
            self.say(f"warning: {note}")
        if self.as_json:
            now = datetime.now(UTC)
            doc: dict[str, object] = {"id": old.id, "name": old.name, "url": url}
            if renewed is not None:
                earlier = self.history.earlier_urls([old.id], now).get(old.id, [])
                doc = record_json(renewed, now, earlier)
            doc.update(previousUrl=old.public_url, previousExpiresAt=old.expires_at.isoformat())
            print(json.dumps(doc), file=self.out, flush=True)
        else:
            print(escape_controls(url), file=self.out, flush=True)

    def not_renewed(self, old: Record, why: Reason | str, *, pick_again: bool = False) -> None:
        self.failed += 1
        text = str(why)
        self.say(f"error: {text}")
        if pick_again and not self.as_json:
            self.say(f"  To renew it from the file where it is now: {_me()} renew --id {old.id} "
                     "--from PATH")  # fmt: skip
        if self.as_json:
            doc = {
                "id": old.id,
                "name": old.name,
                "path": old.source_path,
                "previousUrl": old.public_url,
                "previousExpiresAt": old.expires_at.isoformat(),
                "error": cli_wording(text),
                "code": why.code if isinstance(why, Reason) else "text",
                "canPickAgain": pick_again,
            }
            print(json.dumps(doc), file=self.out, flush=True)


async def _renew(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.from_path is not None and args.id is None:
        print("error: --from needs --id: the row whose link it renews.", file=err)
        return EXIT_USAGE
    if args.id is not None and args.within is not None:
        print("error: give either --id or --within, not both.", file=err)
        return EXIT_USAGE
    try:
        within = parse_duration(args.within or "1d")
    except ValueError as exc:
        print(f"error: --within: {exc}", file=err)
        return EXIT_USAGE
    paths = AppPaths.resolve(args.data_dir)
    settings = Settings(paths.settings)
    try:
        base_url, concurrency = service_options(args, settings)
    except SettingsError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    history, problem = open_history(paths.history)
    if history is None:
        print(f"error: {problem}", file=err)
        return EXIT_FAILED
    try:
        printer = _Printer(history, as_json=args.json, out=out, err=err)
        return await _renew_rows(args, history, printer, base_url, concurrency, within)
    finally:
        history.close()


async def _renew_rows(
    args: argparse.Namespace,
    history: History,
    printer: _Printer,
    base_url: str,
    concurrency: int,
    within: timedelta,
) -> int:
    if args.id is not None:
        record = history.get(args.id)
        if record is None:
            printer.say(f"error: there is no upload number {args.id} in the history "
                        "('history --json' lists them with their id).")  # fmt: skip
            return EXIT_FAILED
        records = [record]
    else:
        records = history.expiring(datetime.now(UTC), within)
    if not records:
        printer.say(f"Nothing to renew: no link expires within {args.within or '1d'}.")
        return EXIT_OK
    store = KeyStore()
    api_key = store.get()
    if not api_key:
        printer.say(
            f"error: no API key. Set {ENV_API_KEY}, or save one with 'apimodels-uploader key set'."
        )
        return EXIT_USAGE
    register_secret(api_key)
    setup_logging(AppPaths.resolve(args.data_dir).logs, console_level=logging.CRITICAL + 1)

    loop = asyncio.get_running_loop()
    # Hashing reads every file whole: in threads, all at once, off the loop.
    checks = await asyncio.gather(
        *(loop.run_in_executor(None, check_for_renewal, r, args.from_path) for r in records)
    )
    ready: list[tuple[Record, Media]] = []
    for record, checked in zip(records, checks, strict=True):
        if isinstance(checked, Unrenewable):
            printer.not_renewed(record, checked.why, pick_again=checked.pick_again)
        else:
            ready.append((record, checked))
    if not ready:
        return EXIT_FAILED

    client = FilesClient(base_url=base_url, api_key=api_key)
    engine = UploadEngine(
        client,
        history=history,
        options=EngineOptions(concurrency=concurrency, hash_files=True),
    )
    owners: dict[int, Record] = {}
    paused: list[Reason] = []

    def on_event(event: Event) -> None:
        if isinstance(event, JobDone) and event.job_id in owners:
            old = owners[event.job_id]
            renewed = None
            if event.record is not None:
                renewed = history.fold_renewal(old.id, event.record.id)
            printer.done(old, renewed, event.public_url, event.history_problem)
        elif isinstance(event, JobFailed) and event.job_id in owners:
            why = event.why or event.reason
            if paused and event.reason == str(paused[0]):
                why = paused[0]  # the refused key, with its own code
            printer.not_renewed(owners[event.job_id], why)
        elif isinstance(event, QueuePaused):
            if event.why is not None:
                paused.append(event.why)
            engine.abandon_queued(event.reason)  # nobody to ask for a new key

    engine.subscribe(on_event)
    stop = _StopSignals(asyncio.current_task())
    try:
        for (record, _media), job in zip(ready, engine.add(m for _, m in ready), strict=True):
            owners[job.id] = record
        await engine.wait_idle()
    except asyncio.CancelledError:
        name = stop.received.name if stop.received else "SIGINT"
        printer.say(f"Interrupted ({name}): cancelling the renewals still running.")
        await engine.aclose()
        return 128 + (stop.received or signal.SIGINT)
    finally:
        stop.remove()
        await client.aclose()
    parts = [f"{printer.renewed} of {len(records)} renewed"]
    if printer.renewed < len(records):  # failed, refused, or never settled (cancelled)
        parts.append(f"{len(records) - printer.renewed} not renewed")
    printer.say(", ".join(parts) + ".")
    return EXIT_OK if printer.renewed == len(records) else EXIT_FAILED


def _me() -> str:
    from .cli import _how_to_run_me

    return _how_to_run_me()
