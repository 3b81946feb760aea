"""The watched folder (issue 17), for real on disk: bursts, temporary names, renames, files still
being written, restarts and a folder that goes away and comes back."""

from __future__ import annotations

import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.core.media import Caps, Media, Refusal
from app.core.reasons import Reason
from app.core.watch import FolderWatch, WatchOptions, is_temporary
from tests.helpers import big_png, make_png

FAST = WatchOptions(settle=0.3, tick=0.05, rescan=0.4)


class Seen:
    def __init__(self) -> None:
        self.items: list[Media | Refusal] = []
        self.problems: list[Reason] = []
        self.lock = threading.Lock()

    def ready(self, items: list[Media | Refusal]) -> None:
        with self.lock:
            self.items.extend(items)

    def problem(self, why: Reason) -> None:
        with self.lock:
            self.problems.append(why)

    def names(self) -> Counter[str]:
        with self.lock:
            return Counter(i.path.name for i in self.items)

    def wait(self, check: Callable[[], bool], timeout: float = 15.0) -> None:
        end = time.monotonic() + timeout
        while not check():
            assert time.monotonic() < end, (self.names(), self.problems)
            time.sleep(0.02)


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[Callable[..., tuple[FolderWatch, Seen]]]:
    made: list[FolderWatch] = []

    def start(folder: Path, options: WatchOptions = FAST) -> tuple[FolderWatch, Seen]:
        seen = Seen()
        watch = FolderWatch(
            folder,
            tmp_path / "state" / "watch.json",
            on_ready=seen.ready,
            on_problem=seen.problem,
            options=options,
        )
        watch.start()
        made.append(watch)
        return watch, seen

    yield start
    for watch in made:
        watch.stop()


def settle(seconds: float = 1.2) -> None:
    time.sleep(seconds)


def png(path: Path, seed: int = 0) -> Path:
    path.write_bytes(make_png(6, 6, seed=seed))
    return path


def test_new_files_go_once_and_what_was_there_before_stays(
    tmp_path: Path, watching: Callable[..., tuple[FolderWatch, Seen]]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    png(folder / "old.png")
    _watch, seen = watching(folder)
    settle(0.3)
    png(folder / "new.png", 1)
    seen.wait(lambda: seen.names()["new.png"] == 1)
    (folder / "notes.txt").write_text("not media")
    settle()
    names = seen.names()
    assert names["old.png"] == 0 and names["notes.txt"] == 0
    assert all(isinstance(i, Media) for i in seen.items)


def test_temporary_names_wait_for_their_rename(
    tmp_path: Path, watching: Callable[..., tuple[FolderWatch, Seen]]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    _watch, seen = watching(folder)
    settle(0.3)
    for name in ("a.png.part", "b.crdownload", "c.tmp", "~d.png", ".e.png", "f.PART"):
        png(folder / name)
    settle()
    assert seen.names() == Counter()
    (folder / "a.png.part").rename(folder / "a.png")
    (folder / "b.crdownload").rename(folder / "b.png")
    seen.wait(lambda: seen.names() == Counter({"a.png": 1, "b.png": 1}))
    settle()
    assert seen.names() == Counter({"a.png": 1, "b.png": 1})


@pytest.mark.parametrize(
    ("name", "temporary"),
    [("x.part", True), ("X.CRDOWNLOAD", True), ("~$x.png", True), (".x.png", True),
     ("x.png", False), ("x.tmp.png", False)],
)  # fmt: skip
def test_temporary_names(name: str, temporary: bool) -> None:
    assert is_temporary(name) is temporary


def test_a_file_still_being_written_goes_only_when_complete(
    tmp_path: Path, watching: Callable[..., tuple[FolderWatch, Seen]]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    _watch, seen = watching(folder)
    settle(0.3)
    data = make_png(200, 200, seed=5)
    with open(folder / "slow.png", "wb") as out:
        for start in range(0, len(data), 64):
            out.write(data[start : start + 64])
            out.flush()
            time.sleep(0.1 if start < 640 else 0)  # a writer that pauses, under the settle time
    seen.wait(lambda: seen.names()["slow.png"] == 1)
    settle(0.5)
    assert len(seen.items) == 1
    item = seen.items[0]
    assert isinstance(item, Media) and item.size == len(data)


def test_a_burst_of_500_loses_none_and_sends_none_twice(
    tmp_path: Path, watching: Callable[..., tuple[FolderWatch, Seen]]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    _watch, seen = watching(folder)
    settle(0.3)
    for i in range(500):
        png(folder / f"img{i:04}.png", i)
    seen.wait(lambda: len(seen.names()) == 500, timeout=30)
    settle()
    names = seen.names()
    assert len(names) == 500 and set(names.values()) == {1}


def test_a_restart_sends_only_what_arrived_meanwhile(
    tmp_path: Path, watching: Callable[..., tuple[FolderWatch, Seen]]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    first, seen = watching(folder)
    settle(0.3)
    png(folder / "during.png")
    seen.wait(lambda: seen.names()["during.png"] == 1)
    settle(1.0)  # a rescan with nothing pending moves the watermark on
    first.stop()
    png(folder / "while closed.png", 2)
    time.sleep(0.05)
    _again, seen_again = watching(folder)
    seen_again.wait(lambda: seen_again.names()["while closed.png"] == 1)
    settle()
    assert seen_again.names() == Counter({"while closed.png": 1})


def test_a_folder_that_goes_away_is_reported_and_watched_again_when_back(
    tmp_path: Path, watching: Callable[..., tuple[FolderWatch, Seen]]
) -> None:
    folder = tmp_path / "usb" / "out"
    folder.mkdir(parents=True)
    _watch, seen = watching(folder)
    settle(0.3)
    shutil.rmtree(tmp_path / "usb")
    seen.wait(lambda: [p.code for p in seen.problems] == ["watch_missing"])
    assert str(folder) in str(seen.problems[0]) and "unplugged" in str(seen.problems[0])
    settle(0.6)
    assert len(seen.problems) == 1  # said once, not at every rescan
    folder.mkdir(parents=True)
    seen.wait(lambda: [p.code for p in seen.problems] == ["watch_missing", "watch_back"])
    png(folder / "after.png")
    seen.wait(lambda: seen.names()["after.png"] == 1)


def test_a_missing_folder_at_start_is_reported(
    tmp_path: Path, watching: Callable[..., tuple[FolderWatch, Seen]]
) -> None:
    _watch, seen = watching(tmp_path / "nowhere")
    seen.wait(lambda: [p.code for p in seen.problems] == ["watch_missing"])


def test_a_file_over_the_cap_is_a_refusal_worth_telling(
    tmp_path: Path, watching: Callable[..., tuple[FolderWatch, Seen]]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    options = WatchOptions(settle=0.3, tick=0.05, rescan=0.4, caps=Caps(image=1000))
    _watch, seen = watching(folder, options)
    settle(0.3)
    big_png(folder / "big.png", 5000)
    seen.wait(lambda: seen.names()["big.png"] == 1)
    refusal = seen.items[0]
    assert isinstance(refusal, Refusal) and "big.png" in refusal.reason
