"""``history`` and ``renew`` as scripts use them: real processes, the real local service."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from app.core.history import PUBLIC_LIFETIME, History
from app.localserver import LocalServer
from tests.helpers import make_png

ROOT = Path(__file__).resolve().parents[1]
FIELDS = {"id", "name", "url", "type", "size", "sha256", "uploadedAt", "expiresAt", "expired",
          "path", "earlierUrls"}  # fmt: skip


def cli(*args: str, data: Path, key: str | None = "test-key") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    if key is not None:
        env["APIMODELS_API_KEY"] = key
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args, "--data-dir", str(data)],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )  # fmt: skip


def seed(data: Path, files: dict[str, tuple[bytes, timedelta]]) -> dict[str, int]:
    """Rows for these files, each uploaded that long ago, with the file's real hash."""
    history = History(data / "history.sqlite3")
    now = datetime.now(UTC)
    ids = {}
    for name, (content, ago) in files.items():
        path = data / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        record = history.add(
            name=name, size=len(content), mime="image/png",
            public_url=f"https://old.example/{name}", uploaded_at=now - ago,
            source_path=str(path), sha256=hashlib.sha256(content).hexdigest(),
        )  # fmt: skip
        ids[name] = record.id
    history.close()
    return ids


def lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_history_json_is_one_object_per_row_newest_first(tmp_path: Path) -> None:
    ids = seed(tmp_path, {
        "old.png": (make_png(seed=1), timedelta(days=8)),
        "soon.png": (make_png(seed=2), timedelta(days=6, hours=20)),
        "new.png": (make_png(seed=3), timedelta(hours=1)),
    })  # fmt: skip
    done = cli("history", "--json", data=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = lines(done.stdout)
    assert [r["name"] for r in rows] == ["new.png", "soon.png", "old.png"]
    assert all(set(r) == FIELDS for r in rows)
    new = rows[0]
    assert new["id"] == ids["new.png"] and new["url"] == "https://old.example/new.png"
    assert new["type"] == "image/png" and new["size"] == len(make_png(seed=3))
    assert new["sha256"] == hashlib.sha256(make_png(seed=3)).hexdigest()
    up = datetime.fromisoformat(str(new["uploadedAt"]))
    assert datetime.fromisoformat(str(new["expiresAt"])) - up == PUBLIC_LIFETIME
    assert [r["expired"] for r in rows] == [False, False, True]
    assert new["earlierUrls"] == [] and new["path"] == str(tmp_path / "files" / "new.png")


def test_history_filters_by_expiry_and_search_and_prints_plain_lines(tmp_path: Path) -> None:
    seed(tmp_path, {
        "cat.png": (make_png(seed=1), timedelta(days=6, hours=20)),
        "dog.png": (make_png(seed=2), timedelta(days=6, hours=12)),
        "cow.png": (make_png(seed=3), timedelta(hours=1)),
    })  # fmt: skip
    soon = cli("history", "--json", "--expiring", "12h", data=tmp_path)
    assert [r["name"] for r in lines(soon.stdout)] == ["dog.png", "cat.png"]
    found = cli("history", "--search", "CO", data=tmp_path)
    assert found.returncode == 0
    url, until, name = found.stdout.rstrip("\n").split("\t")
    assert (url, name) == ("https://old.example/cow.png", "cow.png")
    assert datetime.strptime(until, "%Y-%m-%d %H:%M")  # local time, minutes
    none = cli("history", "--json", "--search", "zebra", data=tmp_path)
    assert (none.returncode, none.stdout) == (0, "")


def test_history_refuses_a_bad_duration_with_exit_2(tmp_path: Path) -> None:
    done = cli("history", "--expiring", "soon", data=tmp_path)
    assert done.returncode == 2
    assert "error: --expiring: 'soon' is not a duration. Write a number and a unit" in done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr


def test_renew_json_renews_what_expires_and_reports_changed_and_gone_files(
    local_server: LocalServer, tmp_path: Path
) -> None:
    ids = seed(tmp_path, {
        "keep.png": (make_png(seed=1), timedelta(days=6, hours=20)),
        "edited.png": (make_png(seed=2), timedelta(days=6, hours=21)),
        "gone.png": (make_png(seed=3), timedelta(days=6, hours=22)),
        "later.png": (make_png(seed=4), timedelta(days=3)),
    })  # fmt: skip
    files = tmp_path / "files"
    (files / "edited.png").write_bytes(make_png(seed=9))
    (files / "gone.png").unlink()
    done = cli("renew", "--json", "--base-url", local_server.base_url, data=tmp_path)
    assert done.returncode == 1, done.stderr
    by_name = {str(r.get("name")): r for r in lines(done.stdout)}
    assert sorted(by_name) == ["edited.png", "gone.png", "keep.png"]  # not later.png
    keep = by_name["keep.png"]
    assert set(keep) == FIELDS | {"previousUrl", "previousExpiresAt"}
    assert keep["id"] == ids["keep.png"] and keep["previousUrl"] == "https://old.example/keep.png"
    assert str(keep["url"]).startswith(local_server.base_url)
    assert httpx.get(str(keep["url"]), timeout=10).content == make_png(seed=1)
    left = datetime.fromisoformat(str(keep["expiresAt"])) - datetime.now(UTC)
    assert timedelta(days=6, hours=23) < left <= PUBLIC_LIFETIME
    assert keep["earlierUrls"] == [
        {"url": "https://old.example/keep.png", "expiresAt": keep["previousExpiresAt"]}
    ]
    assert by_name["edited.png"]["code"] == "renew_changed"
    assert "has changed since it was uploaded" in str(by_name["edited.png"]["error"])
    assert by_name["gone.png"]["code"] == "renew_gone"
    assert by_name["gone.png"]["canPickAgain"] is True
    assert by_name["gone.png"]["previousUrl"] == "https://old.example/gone.png"
    assert "1 of 3 renewed, 2 not renewed." in done.stderr
    # The history agrees: one row per file, the renewed one with its new URL.
    history = History(tmp_path / "history.sqlite3")
    assert history.count() == 4
    assert history.get(ids["keep.png"]).public_url == keep["url"]  # type: ignore[union-attr]
    history.close()
    listed = lines(cli("history", "--json", "--search", "keep", data=tmp_path).stdout)
    assert listed[0]["earlierUrls"] == keep["earlierUrls"]


def test_renew_prints_plain_urls_and_exit_0_and_nothing_to_do_is_fine(
    local_server: LocalServer, tmp_path: Path
) -> None:
    seed(tmp_path, {"a.png": (make_png(seed=1), timedelta(days=5))})
    nothing = cli("renew", "--base-url", local_server.base_url, data=tmp_path)
    assert (nothing.returncode, nothing.stdout) == (0, "")
    assert "Nothing to renew: no link expires within 1d." in nothing.stderr
    done = cli("renew", "--within", "2d12h", "--base-url", local_server.base_url, data=tmp_path)
    assert done.returncode == 0, done.stderr
    (url,) = done.stdout.split()
    assert httpx.get(url, timeout=10).content == make_png(seed=1)
    assert "1 of 1 renewed." in done.stderr


def test_renew_without_a_key_or_with_a_bad_duration_is_exit_2(
    local_server: LocalServer, tmp_path: Path
) -> None:
    seed(tmp_path, {"a.png": (make_png(seed=1), timedelta(days=6, hours=20))})
    nokey = cli("renew", "--base-url", local_server.base_url, data=tmp_path, key=None)
    assert nokey.returncode == 2 and "no API key" in nokey.stderr
    bad = cli("renew", "--within", "1 fortnight", data=tmp_path)
    assert bad.returncode == 2 and "error: --within:" in bad.stderr
    refused = cli("renew", "--json", "--base-url", local_server.base_url, data=tmp_path,
                  key="wrong-key")  # fmt: skip
    assert refused.returncode == 1
    (line,) = lines(refused.stdout)
    assert "API key was refused" in str(line["error"]) and line["code"] == "key_refused"


def test_a_moved_file_is_renewed_from_where_it_is_now_with_id_and_from(
    local_server: LocalServer, tmp_path: Path
) -> None:
    ids = seed(tmp_path, {"moved.png": (make_png(seed=6), timedelta(days=6, hours=20))})
    now_at = tmp_path / "elsewhere.png"
    (tmp_path / "files" / "moved.png").rename(now_at)
    lost = cli("renew", "--base-url", local_server.base_url, data=tmp_path)
    assert lost.returncode == 1 and lost.stdout == ""
    assert "moved.png is no longer at " in lost.stderr
    assert f"renew --id {ids['moved.png']} --from PATH" in lost.stderr
    wrong = tmp_path / "other.png"
    wrong.write_bytes(make_png(seed=7))
    refused = cli("renew", "--json", "--id", str(ids["moved.png"]), "--from", str(wrong),
                  "--base-url", local_server.base_url, data=tmp_path)  # fmt: skip
    assert refused.returncode == 1 and lines(refused.stdout)[0]["code"] == "renew_changed"
    done = cli("renew", "--json", "--id", str(ids["moved.png"]), "--from", str(now_at),
               "--base-url", local_server.base_url, data=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    (row,) = lines(done.stdout)
    assert row["id"] == ids["moved.png"] and row["path"] == str(now_at)
    assert httpx.get(str(row["url"]), timeout=10).content == make_png(seed=6)


def test_id_and_from_are_checked_before_anything_is_sent(tmp_path: Path) -> None:
    seed(tmp_path, {"a.png": (make_png(seed=1), timedelta(days=6, hours=20))})
    alone = cli("renew", "--from", "x.png", data=tmp_path)
    assert alone.returncode == 2 and "--from needs --id" in alone.stderr
    both = cli("renew", "--id", "1", "--within", "2d", data=tmp_path)
    assert both.returncode == 2 and "either --id or --within" in both.stderr
    unknown = cli("renew", "--id", "999", data=tmp_path)
    assert unknown.returncode == 1
    assert "there is no upload number 999 in the history" in unknown.stderr
