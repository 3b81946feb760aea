"""What the app writes is private on POSIX: folders it makes 0700, files 0600 (issue 8, item 12);
folders it did not make keep their mode (issue 16, item 2)."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.history import History
from app.core.logs import setup_logging
from app.core.private import open_to_others, private_dir
from app.core.settings import AppPaths, Settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    old = os.umask(0o022)  # what desktops use: 755 folders, 644 files unless the app says
    yield
    os.umask(old)


def test_history_folder_and_files_are_private(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "profile")
    history = History(paths.history)
    history.add(
        name="a.png", size=1, mime="image/png", public_url="https://x.test/a.png",
        uploaded_at=datetime.now(UTC), source_path="/home/me/secret-project/a.png",
    )  # fmt: skip
    assert mode(paths.data) == 0o700  # made by the app
    written = [p for p in paths.data.iterdir() if p.name.startswith("history.sqlite3")]
    assert {p.name for p in written} >= {"history.sqlite3", "history.sqlite3-wal"}
    for path in written:
        assert mode(path) == 0o600, path.name
    history.close()


def test_an_old_world_readable_history_is_tightened_and_its_folder_left_alone(
    tmp_path: Path,
) -> None:
    # Issue 16, item 2: whoever made the folder, its mode is not the app's to change.
    paths = AppPaths.resolve(tmp_path / "profile")
    History(paths.history).close()
    os.chmod(paths.history, 0o644)
    os.chmod(paths.data, 0o755)  # noqa: S103 (an older version's, or a shared folder)
    History(paths.history).close()
    assert mode(paths.history) == 0o600 and mode(paths.data) == 0o755
    assert open_to_others(paths.data)


@pytest.mark.parametrize("given", [0o1777, 0o2775, 0o755], ids=["like-tmp", "shared", "plain"])
def test_a_given_data_folder_keeps_its_mode_and_the_apps_files_are_private(
    tmp_path: Path, given: int
) -> None:
    # --data-dir /tmp as root made /tmp 0700 and dropped its sticky bit: the machine broke.
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, given)
    paths = AppPaths.resolve(shared)
    History(paths.history).close()
    settings = Settings(paths.settings, env={})
    settings.set("concurrency", 4)
    settings.save()
    assert setup_logging(paths.logs) is not None
    setup_logging(None)
    private_dir(paths.cache)
    assert mode(shared) == given
    for file in (paths.history, paths.settings, paths.logs / "uploader.log"):
        assert mode(file) == 0o600, file.name
    for folder in (paths.logs, paths.cache):  # made by the app
        assert mode(folder) & 0o777 == 0o700, folder.name
    assert open_to_others(shared)


def test_folders_the_app_makes_are_private_parents_too(tmp_path: Path) -> None:
    made = private_dir(tmp_path / "new" / "deeper" / "data")
    for folder in (made, made.parent, made.parent.parent):
        assert mode(folder) == 0o700, folder.name
    assert not open_to_others(made)


def test_a_file_in_the_way_is_mkdirs_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(FileExistsError):
        private_dir(tmp_path / "file")
    with pytest.raises(NotADirectoryError):
        private_dir(tmp_path / "file" / "sub")


def test_log_files_are_private_after_a_rollover_too(tmp_path: Path) -> None:
    log_dir = tmp_path / "logs"
    path = setup_logging(log_dir)
    assert path is not None
    logger = logging.getLogger("apimodels.test")
    for handler in logging.getLogger("apimodels").handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            handler.maxBytes = 200
    try:
        for i in range(20):
            logger.info("line %d with a source path /home/me/private/%d.png", i, i)
        assert mode(log_dir) == 0o700
        files = sorted(log_dir.iterdir())
        assert len(files) > 1  # it rolled over
        for file in files:
            assert mode(file) == 0o600, file.name
    finally:
        setup_logging(None)


def test_settings_file_and_folder_are_private(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "profile")
    settings = Settings(paths.settings, env={})
    settings.set("concurrency", 4)
    settings.save()
    assert mode(paths.config) == 0o700 and mode(paths.settings) == 0o600
