"""Downloads from a web address (issue 17): against small web servers on loopback sockets.

Each bad answer a site can give ends in a DownloadError whose reason has a sentence, and leaves
nothing in the download folder.
"""

from __future__ import annotations

import asyncio
import os
import stat
import time
from pathlib import Path

import pytest

from app.core.download import (
    DownloadError,
    DownloadLimits,
    check_url,
    download,
    filename_from,
    sanitise_name,
)
from app.core.media import Caps, Media, inspect
from tests import webfiles
from tests.helpers import big_png, make_png, run

HTML = b"<!DOCTYPE html><html><head><title>A photo</title></head><body>" + b"<p>x</p>" * 4000


def leftovers(folder: Path) -> list[Path]:
    return list(folder.rglob("*")) if folder.exists() else []


def failing(url: str, folder: Path, **limits: object) -> DownloadError:
    with pytest.raises(DownloadError) as caught:
        run(download(url, folder, limits=DownloadLimits(**limits)), timeout=30)  # type: ignore[arg-type]
    assert str(caught.value)  # a sentence, in English for the CLI and the log
    return caught.value


def test_a_png_is_downloaded_under_its_content_disposition_name(tmp_path: Path) -> None:
    data = make_png(40, 30)
    disposition = "attachment; filename=\"fallback.png\"; filename*=UTF-8''%E2%82%AC%20rates.png"
    routes = {"/get": webfiles.body(data, "image/png", Content_Disposition=disposition)}
    seen: list[tuple[int, int | None]] = []
    with webfiles.site(routes) as web:
        got = run(download(f"{web.url}/get?id=7", tmp_path, on_progress=lambda *a: seen.append(a)))
    assert got.path.name == "€ rates.png"
    assert got.path.read_bytes() == data
    assert (got.size, got.mime) == (len(data), "image/png")
    assert seen[-1] == (len(data), len(data))
    if os.name == "posix":
        assert stat.S_IMODE(got.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(got.path.parent.stat().st_mode) == 0o700
    media = inspect(got.path)
    assert isinstance(media, Media) and media.mime == "image/png"
    got.discard()
    assert leftovers(tmp_path) == []


def test_the_name_comes_from_the_url_path_and_the_type_from_the_content(tmp_path: Path) -> None:
    data = make_png()
    # Served as text/plain under a .jpg name: the bytes say PNG.
    routes = {"/a/b/sunset%20photo.jpg": webfiles.body(data, "text/plain")}
    with webfiles.site(routes) as web:
        got = run(download(f"{web.url}/a/b/sunset%20photo.jpg?w=200", tmp_path))
    assert got.path.name == "sunset photo.jpg"
    assert got.mime == "image/png"


def test_no_api_key_or_cookie_goes_to_the_download_host(tmp_path: Path) -> None:
    with webfiles.site({"/x.png": webfiles.body(make_png(), "image/png")}) as web:
        run(download(f"{web.url}/x.png", tmp_path))
    head = web.heads[0].lower()
    assert head.startswith("get /x.png ")
    assert "authorization" not in head and "cookie" not in head


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        (".bashrc", "bashrc"),
        ("CON.png", "_CON.png"),
        ('a<b>c:"d|e?f*.png', "a_b_c__d_e_f_.png"),
        ("evil\u202egnp.exe", "evil_gnp.exe"),
        ("", "download"),
        ("x" * 300 + ".jpeg", "x" * 115 + ".jpeg"),
    ],
)
def test_names_are_sanitised(raw: str, expected: str) -> None:
    assert sanitise_name(raw) == expected


def test_content_disposition_forms() -> None:
    url = "https://example.com/path/from-url.gif"
    assert filename_from('inline; filename="quoted name.png"', url) == "quoted name.png"
    assert filename_from("attachment; filename=plain.webp", url) == "plain.webp"
    assert filename_from("attachment; filename*=UTF-8''%E4%BD%A0%E5%A5%BD.jpg", url) == "你好.jpg"
    assert filename_from('attachment; filename="../../x.png"', url) == "x.png"
    assert filename_from("attachment", url) == "from-url.gif"
    assert filename_from(None, "https://example.com/") == "download"


@pytest.mark.parametrize(
    "url", ["ftp://example.com/a.png", "file:///etc/passwd", "javascript:alert(1)", "data:,x"]
)
def test_addresses_that_are_not_http_are_refused_with_a_sentence(url: str) -> None:
    with pytest.raises(DownloadError) as caught:
        check_url(url)
    assert caught.value.why.code == "url_scheme"
    assert "http or https" in str(caught.value)


def test_an_address_without_a_host_is_refused() -> None:
    with pytest.raises(DownloadError) as caught:
        check_url("http:///nothing")
    assert caught.value.why.code == "url_invalid"


def test_an_html_page_is_refused_by_its_first_bytes(tmp_path: Path) -> None:
    # An endless page: only a refusal after the first bytes can end this download.
    with webfiles.site({"/page": webfiles.endless(HTML, "image/jpeg")}) as web:
        start = time.monotonic()
        error = failing(f"{web.url}/page", tmp_path)
        assert time.monotonic() - start < 5
    assert error.why.code == "url_not_media"
    assert "an HTML page" in str(error)
    assert leftovers(tmp_path) == []


def test_a_short_html_answer_is_refused_too(tmp_path: Path) -> None:
    with webfiles.site({"/p": webfiles.body(b"<html><body>hi</body></html>", "text/html")}) as web:
        error = failing(f"{web.url}/p", tmp_path)
    assert error.why.code == "url_not_media"
    assert leftovers(tmp_path) == []


def test_a_redirect_loop_is_noticed(tmp_path: Path) -> None:
    routes = {"/a": webfiles.redirect("/b"), "/b": webfiles.redirect("/a")}
    with webfiles.site(routes) as web:
        error = failing(f"{web.url}/a", tmp_path)
    assert error.why.code == "url_redirect_loop"
    assert len(web.heads) == 2


def test_redirects_without_end_stop_at_the_limit(tmp_path: Path) -> None:
    with webfiles.site({"*": webfiles.counting_redirects}) as web:
        error = failing(f"{web.url}/hop/0", tmp_path, max_redirects=4)
    assert error.why.code == "url_redirects"
    assert len(web.heads) == 5  # the address and four redirects, not one more


def test_a_redirect_is_followed_to_the_file(tmp_path: Path) -> None:
    data = make_png()
    routes = {
        "/short": webfiles.redirect("/files/real.png", 301),
        "/files/real.png": webfiles.body(data),
    }
    with webfiles.site(routes) as web:
        got = run(download(f"{web.url}/short", tmp_path))
    assert got.path.name == "real.png" and got.path.read_bytes() == data
    assert got.final_url.endswith("/files/real.png") and got.url.endswith("/short")


def test_a_redirect_to_another_scheme_is_refused(tmp_path: Path) -> None:
    with webfiles.site({"/x": webfiles.redirect("file:///etc/passwd")}) as web:
        error = failing(f"{web.url}/x", tmp_path)
    assert error.why.code == "url_redirect_scheme"


def test_a_body_that_never_ends_stops_at_the_cap(tmp_path: Path) -> None:
    cap = 200_000
    seen: list[int] = []
    site = webfiles.site({"/big.png": webfiles.endless(make_png())})
    with site as web, pytest.raises(DownloadError) as caught:
        run(
            download(
                f"{web.url}/big.png",
                tmp_path,
                limits=DownloadLimits(caps=Caps(image=cap)),
                on_progress=lambda n, _t: seen.append(n),
            )
        )
    assert caught.value.why.code == "url_too_large"
    assert "big.png" in str(caught.value)
    assert max(seen) <= cap  # never a byte more than the cap was stored
    assert leftovers(tmp_path) == []


def test_a_trickle_that_never_ends_meets_the_deadline(tmp_path: Path) -> None:
    with webfiles.site({"/slow.png": webfiles.endless(make_png(), every=0.05)}) as web:
        start = time.monotonic()
        error = failing(f"{web.url}/slow.png", tmp_path, deadline=1.0)
        assert time.monotonic() - start < 5
    assert error.why.code == "url_deadline"
    assert leftovers(tmp_path) == []


def test_a_silent_site_is_a_stall(tmp_path: Path) -> None:
    with webfiles.site({"/x": webfiles.declared(5000, make_png()[:20])}) as web:
        error = failing(f"{web.url}/x", tmp_path, stall=0.5)
    assert error.why.code == "url_stalled"
    assert leftovers(tmp_path) == []


def test_a_declared_length_over_the_cap_is_refused_before_the_body(tmp_path: Path) -> None:
    with webfiles.site({"/x.png": webfiles.declared(500 * 1024 * 1024, b"")}) as web:
        start = time.monotonic()
        error = failing(f"{web.url}/x.png", tmp_path, stall=20.0)
        assert time.monotonic() - start < 5
    assert error.why.code == "url_too_large"


def test_an_image_over_the_image_cap_is_refused_even_with_room_for_video(tmp_path: Path) -> None:
    big = big_png(tmp_path / "src.png", 300_000)
    folder = tmp_path / "dl"
    with webfiles.site({"/x.png": webfiles.body(big.read_bytes(), "image/png")}) as web:
        error = failing(f"{web.url}/x.png", folder, caps=Caps(image=100_000))
    assert error.why.code == "url_too_large"
    assert leftovers(folder) == []


def test_an_error_status_and_an_empty_body_have_sentences(tmp_path: Path) -> None:
    with webfiles.site({"/empty": webfiles.body(b"")}) as web:
        assert failing(f"{web.url}/missing", tmp_path).why.code == "url_status"
        assert failing(f"{web.url}/empty", tmp_path).why.code == "url_empty"
    assert leftovers(tmp_path) == []


def test_nobody_listening_is_a_connection_sentence(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    error = failing(f"http://127.0.0.1:{port}/a.png", tmp_path)
    assert error.why.code == "url_connect"


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    async def scenario(url: str) -> None:
        task = asyncio.ensure_future(download(url, tmp_path))
        while not leftovers(tmp_path):  # the file is being written
            await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    with webfiles.site({"/slow.png": webfiles.endless(make_png(), every=0.05)}) as web:
        run(scenario(f"{web.url}/slow.png"), timeout=20)
    assert leftovers(tmp_path) == []
