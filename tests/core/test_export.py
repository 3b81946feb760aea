"""Exporting the history: CSV a spreadsheet shows as text, JSON for programs, no half files."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.export import HEADER, export, format_for, safe_cell
from app.core.history import PUBLIC_LIFETIME, History, Record

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def records(tmp_path: Path) -> list[Record]:
    history = History(tmp_path / "h.sqlite3")
    names = ['=HYPERLINK("http://evil").png', "+1.png", "-2.png", "@sum.png", "猫.png"]
    for n, name in enumerate(names):
        history.add(name=name, size=100 + n, mime="image/png",
                    public_url=f"https://cdn.example/{n}.png",
                    uploaded_at=T0 + timedelta(minutes=n),
                    sha256=("ab" * 32) if n else None)  # fmt: skip
    out = list(history.stream())
    history.close()
    return out


def test_csv_has_the_columns_and_never_starts_a_cell_with_a_formula(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    assert export(records(tmp_path), target, "csv") == 5
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 names right with the mark
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert tuple(rows[0]) == HEADER == (
        "name", "url", "type", "size", "sha256", "uploadedAt", "expiresAt"
    )  # fmt: skip
    by_name = {r[0]: r for r in rows[1:]}
    assert set(by_name) == {"'=HYPERLINK(\"http://evil\").png", "'+1.png", "'-2.png",
                            "'@sum.png", "猫.png"}  # fmt: skip
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
    cat = by_name["猫.png"]
    assert cat[1:5] == ["https://cdn.example/4.png", "image/png", "104", "ab" * 32]
    uploaded = datetime.fromisoformat(cat[5])
    assert uploaded == T0 + timedelta(minutes=4)
    assert datetime.fromisoformat(cat[6]) - uploaded == PUBLIC_LIFETIME


def test_json_is_one_array_of_objects_with_the_same_fields(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert export(records(tmp_path), target, format_for(target)) == 5
    docs = json.loads(target.read_text("utf-8"))
    assert [set(d) for d in docs] == [set(HEADER)] * 5
    first = docs[-1]  # newest first: the oldest, hash-less row is last
    assert first["name"] == '=HYPERLINK("http://evil").png'  # JSON keeps the name as it is
    assert first["sha256"] is None and first["size"] == 100
    assert export([], tmp_path / "empty.json", "json") == 0
    assert json.loads((tmp_path / "empty.json").read_text()) == []


def test_a_failed_export_leaves_no_half_file_and_keeps_an_old_one(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old export\n")

    def broken() -> object:
        yield from records(tmp_path)[:2]
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        export(broken(), target, "csv")  # type: ignore[arg-type]
    assert target.read_text() == "old export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export-")] == []


@pytest.mark.parametrize(("value", "shown"), [("=1+1", "'=1+1"), ("\tx", "'\tx"),
                                              ("a=b", "a=b"), ("", "")])  # fmt: skip
def test_safe_cell(value: str, shown: str) -> None:
    assert safe_cell(value) == shown
