"""The command line under hostile servers, files and disks (issue 8), run in this process."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app import cli
from tests import rawserver
from tests.helpers import make_png

KEY = "test-key-123456"


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APIMODELS_API_KEY", KEY)


def upload(*args: str, data: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["upload", "--data-dir", str(data), *args], out=out)
    return code, out.getvalue()


def png(folder: Path, name: str = "a.png", seed: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(make_png(seed=seed))
    return path


# --- 10. Control characters are escaped before they reach the terminal ---------------------------

EVIL_MSG = "bad \x1b]0;pwned\x07 \x1b]52;c;ZXZpbA==\x07 \x1b[31mred\u202egnp.exe"


def test_a_servers_msg_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = json.dumps({"code": 400, "msg": EVIL_MSG}).encode()
    with rawserver.serving(rawserver.envelope(body, status=400)) as srv:
        code, out = upload("--base-url", srv.url, str(png(tmp_path / "in")), data=tmp_path / "d")
    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED
    assert "bad" in err and "red" in err
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in err and raw not in out
    assert "\\x1b]0;pwned\\x07" in err and "\\u202e" in err


def test_a_file_name_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    evil = folder / "notes\x1b[2J\u202etxt.png"
    evil.write_text("just text, not a picture")
    code, _ = upload("--base-url", "http://127.0.0.1:9", str(evil), data=tmp_path / "d")
    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED
    assert "\x1b" not in err and "\u202e" not in err
    assert "notes\\x1b[2J\\u202etxt.png" in err


# --- 14. Wording ----------------------------------------------------------------------------------


def test_a_wrong_address_names_the_flag_and_the_variable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = rawserver.envelope(b"<html>hello</html>", status=200)
    with rawserver.serving(page) as srv:
        code, _ = upload("--base-url", srv.url, str(png(tmp_path / "in")), data=tmp_path / "d")
    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED
    assert "--base-url" in err and "APIMODELS_BASE_URL" in err
    assert "Check the base URL in Settings" not in err


def test_a_bad_base_url_variable_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIMODELS_BASE_URL", "http://files.example.com")
    code, _ = upload(str(png(tmp_path / "in")), data=tmp_path / "d")
    err = capsys.readouterr().err
    assert code == cli.EXIT_USAGE
    assert "APIMODELS_BASE_URL" in err and "https://" in err
    assert "Traceback" not in err


def test_a_bad_base_url_flag_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = upload("--base-url", "ftp://x", str(png(tmp_path / "in")), data=tmp_path / "d")
    err = capsys.readouterr().err
    assert code == cli.EXIT_USAGE and "--base-url must start with https://" in err
