"""The desktop entry's MimeType= agrees with the app's type table, under the names Debian 12's
shared-mime-info (the oracle) gives each type."""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

import pytest

from app.core import mediatypes

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import desktop_mime  # noqa: E402

ORACLE_VERSION = "2.2-1"  # shared-mime-info in Debian 12 (bookworm)


def _installed_version() -> str:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", "shared-mime-info"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.stdout.strip()


@pytest.fixture(scope="module")
def oracle() -> desktop_mime.MimeDatabase:
    if not desktop_mime.DATABASE.is_file():
        pytest.skip("shared-mime-info is not installed (run.sh test installs it)")
    return desktop_mime.MimeDatabase.read()


def _listed() -> list[str]:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(desktop_mime.DESKTOP, encoding="utf-8")
    return [m for m in entry["Desktop Entry"]["MimeType"].split(";") if m]


def test_every_accepted_type_is_listed_or_unknown_to_shared_mime_info(
    oracle: desktop_mime.MimeDatabase,
) -> None:
    listed = {m.lower() for m in _listed()}
    for mime in mediatypes.accepted_names():
        names = oracle.names_of(mime)
        if names:  # under its canonical name, and every alias of the same kind
            assert names[0].lower() in listed, mime
        else:
            assert mime.lower() not in listed, f"{mime} is unknown to shared-mime-info"
    # The .amr of the issue: "Open With" needs shared-mime-info's own spelling.
    assert "audio/AMR" in _listed()


def test_nothing_listed_that_the_app_refuses(oracle: desktop_mime.MimeDatabase) -> None:
    accepted = {
        names[0].lower() for m in mediatypes.accepted_names() if (names := oracle.names_of(m))
    }
    for name in _listed():
        canonical = oracle.names_of(name)
        assert canonical, f"{name} is unknown to shared-mime-info"
        assert canonical[0].lower() in accepted, name


def test_the_committed_line_is_the_generated_one(oracle: desktop_mime.MimeDatabase) -> None:
    version = _installed_version()
    if version and version != ORACLE_VERSION:
        pytest.skip(f"shared-mime-info {version} is not the oracle ({ORACLE_VERSION}, Debian 12)")
    line = desktop_mime.mime_line(oracle)
    assert "MimeType=" + "".join(f"{m};" for m in _listed()) == line, (
        "run: python packaging/desktop_mime.py --write"
    )
    _listed_names, unknown = desktop_mime.desktop_types(oracle)
    assert set(unknown) == {"image/apng", "audio/aiff", "audio/wave", "audio/x-caf"}


def test_write_replaces_only_the_mime_line(tmp_path: Path) -> None:
    desktop = tmp_path / "x.desktop"
    desktop.write_text("[Desktop Entry]\nName=X\nMimeType=image/png;\nExec=x %F\n")
    assert desktop_mime.write(desktop, "MimeType=audio/AMR;")
    assert desktop.read_text() == "[Desktop Entry]\nName=X\nMimeType=audio/AMR;\nExec=x %F\n"
    assert not desktop_mime.write(desktop, "MimeType=audio/AMR;")
