"""The history exported for a spreadsheet (CSV) or a program (JSON): one row per upload.

Columns: name, URL, type, size, SHA-256, uploaded at, expires at (ISO 8601 with the offset).
CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return: a file named ``=HYPERLINK(...).png``) get a leading apostrophe, as OWASP advises, so the
cell shows the text instead. The file is written beside its target and renamed into place: a
full disk never leaves half an export under the chosen name.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from .history import Record

ExportFormat = Literal["csv", "json"]
HEADER = ("name", "url", "type", "size", "sha256", "uploadedAt", "expiresAt")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A text cell a spreadsheet shows as text, never runs."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def row_values(record: Record) -> tuple[str, str, str, int, str, str, str]:
    return (
        record.name,
        record.public_url,
        record.mime,
        record.size,
        record.sha256 or "",
        record.uploaded_at.isoformat(),
        record.expires_at.isoformat(),
    )


def format_for(path: str | os.PathLike[str]) -> ExportFormat:
    return "json" if Path(path).suffix.lower() == ".json" else "csv"


def export(records: Iterable[Record], path: str | os.PathLike[str], fmt: ExportFormat) -> int:
    """Write the records to ``path``; returns how many. OSError if the folder cannot be written."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".export-", dir=target.parent)
    count = 0
    try:
        # utf-8-sig: Excel reads a CSV without the mark as the local code page, mangling names.
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            if fmt == "csv":
                writer = csv.writer(handle)
                writer.writerow(HEADER)
                for record in records:
                    values = row_values(record)
                    writer.writerow(v if isinstance(v, int) else safe_cell(v) for v in values)
                    count += 1
            else:
                handle.write("[")
                for record in records:
                    doc = dict(zip(HEADER, row_values(record), strict=True))
                    doc["sha256"] = doc["sha256"] or None
                    handle.write(
                        ("," if count else "") + "\n  " + json.dumps(doc, ensure_ascii=False)
                    )
                    count += 1
                handle.write("\n]\n" if count else "]\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
