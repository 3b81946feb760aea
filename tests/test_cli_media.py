"""The CLI cleans by default, keeps everything with --keep-metadata and fits with --fit."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from app.core.history import History
from app.localserver import LocalServer
from tests.core.media_samples import camera_jpeg, noise_png
from tests.test_cli import cli


def _upload(
    server: LocalServer, data: Path, *args: str
) -> tuple[int, list[dict[str, object]], str]:
    done = cli("upload", "--json", "--base-url", server.base_url, "--data-dir", str(data), *args)
    docs = [json.loads(line) for line in done.stdout.splitlines()]
    return done.returncode, docs, done.stderr


def test_location_is_removed_by_default_and_json_says_what(
    local_server: LocalServer, tmp_path: Path
) -> None:
    photo = camera_jpeg(tmp_path / "photo.jpg")
    original = photo.read_bytes()
    code, docs, err = _upload(local_server, tmp_path / "d", str(photo))
    assert code == 0, err
    (doc,) = docs
    assert "GPS position" in doc["removed"] and "serial numbers" in doc["removed"]  # type: ignore[operator]
    served = httpx.get(str(doc["url"]), timeout=10).content
    assert served != original and b"SN-0042-SECRET" not in served and b"GPSLatitude" not in served
    assert photo.read_bytes() == original
    history = History(tmp_path / "d" / "history.sqlite3")
    (record,) = history.recent()
    assert record.source_path == str(photo)  # the original, for Re-upload
    assert record.size == len(original) and record.sent_size == len(served)
    assert "GPS position" in record.removed and not record.fitted
    history.close()
    leftovers = [p for p in (tmp_path / "d" / "cache").rglob("*") if p.is_file()]
    assert leftovers == []


def test_keep_metadata_sends_the_bytes_unchanged(local_server: LocalServer, tmp_path: Path) -> None:
    photo = camera_jpeg(tmp_path / "photo.jpg")
    code, docs, err = _upload(local_server, tmp_path / "d", "--keep-metadata", str(photo))
    assert code == 0, err
    assert docs[0]["removed"] == []
    assert httpx.get(str(docs[0]["url"]), timeout=10).content == photo.read_bytes()


@pytest.mark.slow
def test_fit_turns_a_too_large_picture_into_a_url(
    local_server: LocalServer, tmp_path: Path
) -> None:
    big = noise_png(tmp_path / "screenshot.png")
    assert big.stat().st_size > 10 * 1024 * 1024
    code, docs, err = _upload(local_server, tmp_path / "d", str(big))
    assert code == 1 and "can be at most 10 MB" in err  # without --fit: refused as before
    code, docs, err = _upload(local_server, tmp_path / "d", "--fit", str(big))
    assert code == 0, err
    (doc,) = docs
    fitted = doc["fitted"]
    assert isinstance(fitted, dict) and fitted["originalSize"] == big.stat().st_size
    served = httpx.get(str(doc["url"]), timeout=30).content
    assert len(served) == fitted["size"] <= 10 * 1024 * 1024
    assert served[:2] == b"\xff\xd8" and str(doc["url"]).endswith(".jpg")
