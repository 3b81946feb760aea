"""``upload URL``: a real process downloads from a loopback site, uploads to the local service."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from app.localserver import LocalServer
from tests import webfiles
from tests.helpers import make_png
from tests.test_cli import MEDIA, cli

HTML = b"<!doctype html><html><body>" + b"<p>not an image</p>" * 50 + b"</body></html>"


def test_an_address_is_downloaded_and_uploaded_in_argument_order(
    local_server: LocalServer, tmp_path: Path
) -> None:
    png = make_png(20, 10)
    video = (MEDIA / "video.mp4").read_bytes()
    disposition = "attachment; filename*=UTF-8''holiday%20clip.mp4"
    routes = {
        "/img/cat.png": webfiles.body(png, "image/png"),
        "/dl": webfiles.body(video, "application/octet-stream", Content_Disposition=disposition),
    }
    data = tmp_path / "d"
    with webfiles.site(routes) as web:
        done = cli("upload", "--base-url", local_server.base_url, "--data-dir", str(data),
                   f"{web.url}/img/cat.png?size=large", str(MEDIA / "image.jpg"),
                   f"{web.url}/dl")  # fmt: skip
    assert done.returncode == 0, done.stderr
    urls = done.stdout.split()
    assert len(urls) == 3
    assert httpx.get(urls[0], timeout=10).content == png
    assert httpx.get(urls[1], timeout=10).content == (MEDIA / "image.jpg").read_bytes()
    assert httpx.get(urls[2], timeout=10).content == video
    assert urls[0].endswith(".png") and urls[2].endswith(".mp4")
    assert local_server.object_content_type(urls[2]) == "video/mp4"
    # The key went to the Files API only, never to the download host.
    assert all("test-key" not in head and "authorization" not in head.lower() for head in web.heads)
    # The downloads were deleted once uploaded.
    leftovers = [p for p in (data / "cache" / "downloads").rglob("*") if p.is_file()]
    assert leftovers == []


def test_bad_addresses_are_sentences_in_json_and_exit_1(
    local_server: LocalServer, tmp_path: Path
) -> None:
    routes = {
        "/page": webfiles.body(HTML, "text/html"),
        "/a": webfiles.redirect("/b"),
        "/b": webfiles.redirect("/a"),
        "/ok.png": webfiles.body(make_png(), "image/png"),
    }
    with webfiles.site(routes) as web:
        done = cli("upload", "--json", "--base-url", local_server.base_url,
                   "--data-dir", str(tmp_path / "d"), f"{web.url}/page", f"{web.url}/a",
                   "ftp://example.com/x.png", f"{web.url}/ok.png")  # fmt: skip
    assert done.returncode == 1
    docs = {doc["path"]: doc for doc in map(json.loads, done.stdout.splitlines())}
    assert set(docs) == {
        f"{web.url}/page",
        f"{web.url}/a",
        "ftp://example.com/x.png",
        f"{web.url}/ok.png",
    }
    assert "an HTML page" in docs[f"{web.url}/page"]["error"]
    assert "loop" in docs[f"{web.url}/a"]["error"]
    assert "http or https" in docs["ftp://example.com/x.png"]["error"]
    assert docs[f"{web.url}/ok.png"]["url"].startswith(local_server.base_url)
    assert "Traceback" not in done.stderr
    assert "refused: " in done.stderr
