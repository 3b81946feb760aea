"""``history``: the upload history for scripts, streamed newest first (see the README's contract).

With ``--json`` each row is one JSON object on its own line, printed as it is read: a script sees
the first row of a long history at once. Without it, one tab-separated line per row: the URL, when
it expires (local time) and the file's name. Exit status: 0 (even for no rows), 1 the history
cannot be read, 2 bad usage. Nothing here imports the network stack.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import TextIO

from .cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from .core.durations import parse_duration
from .core.escape import escape_controls
from .core.history import EarlierUrl, History, HistoryError, Record
from .core.settings import AppPaths

_FLUSH_EVERY = 500


def record_json(record: Record, now: datetime, earlier: list[EarlierUrl]) -> dict[str, object]:
    """One row of the contract; ``renew --json`` reuses the same names."""
    return {
        "id": record.id,
        "name": record.name,
        "url": record.public_url,
        "type": record.mime,
        "size": record.size,
        "sha256": record.sha256,
        "uploadedAt": record.uploaded_at.isoformat(),
        "expiresAt": record.expires_at.isoformat(),
        "expired": record.is_expired(now),
        "path": record.source_path,
        "earlierUrls": [
            {"url": e.public_url, "expiresAt": e.expires_at.isoformat()} for e in earlier
        ],
    }


def run_history(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    now = datetime.now(UTC)
    before = None
    if args.expiring is not None:
        try:
            before = now + parse_duration(args.expiring)
        except ValueError as exc:
            print(f"error: --expiring: {exc}", file=err)
            return EXIT_USAGE
    paths = AppPaths.resolve(args.data_dir)
    try:
        history = History(paths.history)
    except HistoryError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_FAILED
    try:
        earlier = history.earlier_urls([], now) if args.json else {}
        for count, record in enumerate(
            history.stream(search=args.search or "", expiring_before=before, now=now), 1
        ):
            if args.json:
                # ASCII escapes: a name that is not valid UTF-8 must not break the stream.
                line = json.dumps(record_json(record, now, earlier.get(record.id, [])))
            else:
                until = record.expires_at.astimezone().strftime("%Y-%m-%d %H:%M")
                if record.is_expired(now):
                    until = "expired"
                line = "\t".join(map(escape_controls, (record.public_url, until, record.name)))
            out.write(line + "\n")
            if count == 1 or count % _FLUSH_EVERY == 0:
                out.flush()
        out.flush()
    except HistoryError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_FAILED
    except BrokenPipeError:  # `history | head`: the reader has what it wanted
        return EXIT_OK
    finally:
        history.close()
    return EXIT_OK
