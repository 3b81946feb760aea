"""Renewal: the same content uploaded again, the row taking the new URL and keeping the old one."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from app.core.api import FilesClient
from app.core.durations import parse_duration
from app.core.history import PUBLIC_LIFETIME, SCHEMA_VERSION, History, Record
from app.core.media import Media, inspect
from app.core.reasons import english
from app.core.renewal import Unrenewable, check_for_renewal
from app.core.uploads import EngineOptions, UploadEngine
from app.localserver import LocalServer
from tests.helpers import make_png, run

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


async def upload(server: LocalServer, history: History, media: Media, when: datetime) -> Record:
    client = FilesClient(base_url=server.base_url, api_key="test-key")
    engine = UploadEngine(
        client, history=history, options=EngineOptions(hash_files=True), clock=lambda: when
    )
    try:
        (job,) = engine.add([media])
        await engine.wait_idle()
    finally:
        await client.aclose()
    assert job.record is not None, job.error
    return job.record


def media_at(path: Path) -> Media:
    item = inspect(path)
    assert isinstance(item, Media), item
    return item


def test_a_renewal_gives_the_row_a_new_url_and_week_and_keeps_the_old_url(
    local_server: LocalServer, tmp_path: Path
) -> None:
    history = History(tmp_path / "h.sqlite3")
    photo = tmp_path / "photo.png"
    photo.write_bytes(make_png(seed=3))
    first = run(upload(local_server, history, media_at(photo), T0))

    checked = check_for_renewal(first)
    assert isinstance(checked, Media)
    later = T0 + timedelta(days=6, hours=20)
    second = run(upload(local_server, history, checked, later))
    renewed = history.fold_renewal(first.id, second.id)

    assert renewed is not None and renewed.id == first.id
    assert renewed.public_url == second.public_url != first.public_url
    assert renewed.uploaded_at == later and renewed.expires_at == later + PUBLIC_LIFETIME
    assert history.get(second.id) is None  # one row, not two
    assert history.count() == 1
    earlier = history.earlier_urls([first.id], later)[first.id]
    assert [(e.public_url, e.expires_at) for e in earlier] == [(first.public_url, first.expires_at)]
    # Until the old link expires it still serves the same bytes as the new one.
    assert httpx.get(first.public_url, timeout=10).content == photo.read_bytes()
    assert httpx.get(renewed.public_url, timeout=10).content == photo.read_bytes()
    # Once it has expired it is no longer listed.
    assert history.earlier_urls([first.id], first.expires_at + timedelta(seconds=1)) == {}
    history.close()


def _record(path: Path, data: bytes, sha: str | None, uploaded_at: datetime = T0) -> Record:
    import hashlib

    return Record(
        id=1, name=path.name, size=len(data), mime="image/png",
        public_url="https://cdn.example/a.png", uploaded_at=uploaded_at,
        expires_at=uploaded_at + PUBLIC_LIFETIME, source_path=str(path),
        sha256=hashlib.sha256(data).hexdigest() if sha == "real" else sha,
    )  # fmt: skip


def test_a_changed_file_of_the_same_size_is_refused_with_a_sentence(tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    original = make_png(seed=1)
    photo.write_bytes(original)
    record = _record(photo, original, "real")
    assert isinstance(check_for_renewal(record), Media)
    edited = bytearray(original)
    edited[-20] ^= 0xFF  # same size, other content
    photo.write_bytes(bytes(edited))
    refused = check_for_renewal(record)
    assert isinstance(refused, Unrenewable) and refused.pick_again
    assert refused.why.code == "renew_changed"
    assert english(refused.why) == (
        f"photo.png at {photo} has changed since it was uploaded (not the same content), so its "
        "link was not renewed. Pick the original file, or upload this one as a new file."
    )


def test_a_file_of_another_size_is_changed_too(tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(make_png(seed=1))
    record = _record(photo, make_png(seed=1), "real")
    photo.write_bytes(make_png(width=9, seed=1))
    refused = check_for_renewal(record)
    assert isinstance(refused, Unrenewable) and refused.why.code == "renew_changed"


def test_a_gone_file_says_so_and_the_moved_file_can_be_picked_again(tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    data = make_png(seed=2)
    photo.write_bytes(data)
    record = _record(photo, data, "real")
    moved = tmp_path / "elsewhere.png"
    photo.rename(moved)
    refused = check_for_renewal(record)
    assert isinstance(refused, Unrenewable) and refused.pick_again
    assert refused.why.code == "renew_gone"
    assert english(refused.why) == (
        f"photo.png is no longer at {photo}, so its link was not renewed. "
        "Pick the file again if it was moved."
    )
    picked = check_for_renewal(record, moved)
    assert isinstance(picked, Media) and picked.path == moved
    other = tmp_path / "other.png"
    other.write_bytes(make_png(seed=5))
    wrong = check_for_renewal(record, other)
    assert isinstance(wrong, Unrenewable) and wrong.why.code == "renew_changed"


def test_a_row_without_a_hash_needs_a_file_untouched_since_the_upload(tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    data = make_png(seed=4)
    photo.write_bytes(data)
    now = datetime.now(UTC)
    untouched = _record(photo, data, None, now + timedelta(seconds=5))
    assert isinstance(check_for_renewal(untouched), Media)
    # Written after the upload (same size and all): not trusted to be the same content.
    refused = check_for_renewal(_record(photo, data, None, now - timedelta(hours=1)))
    assert isinstance(refused, Unrenewable) and refused.why.code == "renew_changed"


def test_a_row_with_no_recorded_file_cannot_be_renewed_without_picking_one(tmp_path: Path) -> None:
    record = Record(1, "a.png", 10, "image/png", "https://x/a.png", T0, T0 + PUBLIC_LIFETIME,
                    None, None)  # fmt: skip
    refused = check_for_renewal(record)
    assert isinstance(refused, Unrenewable) and refused.why.code == "renew_no_source"


def test_fold_moves_the_picked_path_and_hash_and_is_a_no_op_for_unknown_rows(
    tmp_path: Path,
) -> None:
    history = History(tmp_path / "h.sqlite3")
    old = history.add(name="a.png", size=5, mime="image/png", public_url="https://x/1",
                      uploaded_at=T0, source_path="/old/a.png", sha256=None)  # fmt: skip
    later = T0 + timedelta(days=6)
    new = history.add(name="a.png", size=5, mime="image/png", public_url="https://x/2",
                      uploaded_at=later, source_path="/new/a.png", sha256="ab" * 32)  # fmt: skip
    assert history.fold_renewal(old.id, 999) is None
    assert history.count() == 2  # nothing changed
    renewed = history.fold_renewal(old.id, new.id)
    assert renewed is not None
    assert (renewed.source_path, renewed.sha256) == ("/new/a.png", "ab" * 32)
    history.remove(old.id)
    assert history.earlier_urls([], later) == {}  # its earlier URLs go with the row
    history.close()


def test_expiring_lists_live_rows_soonest_first(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    for hours in (0, 30, 150, 160):  # uploaded that many hours before "now"
        at = T0 - timedelta(hours=hours)
        history.add(name=f"{hours}.png", size=1, mime="image/png",
                    public_url=f"https://x/{hours}", uploaded_at=at)  # fmt: skip
    history.add(name="dead.png", size=1, mime="image/png", public_url="https://x/dead",
                uploaded_at=T0 - timedelta(days=8))  # fmt: skip
    names = [r.name for r in history.expiring(T0, timedelta(days=1))]
    assert names == ["160.png", "150.png"]
    assert [r.name for r in history.expiring(T0, timedelta(days=7))] == [
        "160.png", "150.png", "30.png", "0.png"
    ]  # fmt: skip
    history.close()


def test_a_version_2_history_is_migrated_with_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    from app.core import history as module

    db = sqlite3.connect(path)
    for script in (module._SCHEMA_V1, module._SCHEMA_V2):
        db.executescript(script)
    db.execute(
        "INSERT INTO uploads (name, size, mime, public_url, uploaded_at, expires_at) "
        "VALUES ('a.png', 3, 'image/png', 'https://x/a', 1, 2)"
    )
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    history = History(path)
    assert [r.public_url for r in history.recent()] == ["https://x/a"]
    assert history.earlier_urls([], T0) == {}
    history.check()
    history.close()
    (version,) = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()
    assert version == SCHEMA_VERSION == 4


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30m", 1800), ("12h", 43200), ("2d", 172800), ("1w", 604800), ("1d12h", 129600),
     (" 1.5H ", 5400)],
)  # fmt: skip
def test_durations_read_as_people_write_them(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "12", "h", "2 days", "1d-3h", "0m", "400d"])
def test_bad_durations_get_a_sentence(text: str) -> None:
    with pytest.raises(ValueError, match=r"duration|no time|longer than a year"):
        parse_duration(text)


def test_the_history_never_loses_the_old_url_when_the_fold_fails(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    old = history.add(name="a.png", size=5, mime="image/png", public_url="https://x/1",
                      uploaded_at=T0)  # fmt: skip
    new = history.add(name="a.png", size=5, mime="image/png", public_url="https://x/2",
                      uploaded_at=T0 + timedelta(days=6))  # fmt: skip
    other = sqlite3.connect(history.path, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # someone else holds the write lock past the busy wait
    history._db.execute("PRAGMA busy_timeout = 50")
    with pytest.raises(sqlite3.OperationalError):
        history.fold_renewal(old.id, new.id)
    other.rollback()
    other.close()
    assert {r.public_url for r in history.recent()} == {"https://x/1", "https://x/2"}
    history.close()
