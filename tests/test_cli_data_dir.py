"""``--data-dir`` is a folder the app was given, not one it made (issue 16, item 2)."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from app import cli
from app.localserver import LocalServer
from tests.helpers import make_png

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def test_a_shared_data_dir_keeps_its_mode_and_is_said_to_be_open(
    tmp_path: Path,
    local_server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `--data-dir /tmp` as root made /tmp 0700 and dropped its sticky bit.
    monkeypatch.setenv("APIMODELS_API_KEY", "test-key")
    shared = tmp_path / "like-tmp"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # noqa: S103 (what /tmp is)
    picture = tmp_path / "a.png"
    picture.write_bytes(make_png(seed=3))
    out = io.StringIO()
    code = cli.main(
        ["upload", "--data-dir", str(shared), "--base-url", local_server.base_url, str(picture)],
        out=out,
    )
    err = capsys.readouterr().err
    assert code == cli.EXIT_OK, err
    assert out.getvalue().startswith("http")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert f"warning: The data folder {shared} can be opened by other users" in err
    assert stat.S_IMODE((shared / "history.sqlite3").stat().st_mode) == 0o600


def test_a_private_data_dir_is_not_warned_about(
    tmp_path: Path,
    local_server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("APIMODELS_API_KEY", "test-key")
    picture = tmp_path / "a.png"
    picture.write_bytes(make_png(seed=4))
    code = cli.main(
        ["upload", "--data-dir", str(tmp_path / "new"), "--base-url", local_server.base_url,
         str(picture)], out=io.StringIO(),
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == cli.EXIT_OK, err
    assert "can be opened by other users" not in err
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
