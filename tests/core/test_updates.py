"""The update check against a local server shaped like GitHub's releases API: asked once, daily at
most, a skipped version stays quiet, off for a distribution package, every error silent."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import httpx
import pytest

from app.core import updates
from tests.rawserver import RawServer, answer, read_request

LATEST = "/repos/apimodels/apimodels-uploader/releases/latest"


def release(tag: str, **extra: object) -> bytes:
    return json.dumps(
        {"tag_name": tag, "html_url": f"https://github.com/x/releases/tag/{tag}", "name": tag,
         "draft": False, "prerelease": False, **extra}
    ).encode()  # fmt: skip


class Releases:
    """Answers GET .../releases/latest with ``body``, and counts the requests."""

    def __init__(self, body: bytes, status: int = 200) -> None:
        self.body, self.status, self.paths = body, status, []

    def __call__(self, conn: socket.socket, srv: RawServer) -> None:
        head = read_request(conn).split(b"\r\n", 1)[0].decode()
        self.paths.append(head.split()[1])
        srv.send(conn, answer(self.status, self.body))


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def make(tmp_path: Path, srv: RawServer, clock: Clock, **kw: object) -> updates.UpdateCheck:
    endpoint = updates.releases_endpoint({updates.ENV_UPDATE_URL: srv.url})
    return updates.UpdateCheck(tmp_path / "updates.json", "1.2.0", endpoint=endpoint,
                               distribution_package=False, clock=clock, **kw)  # type: ignore[arg-type]  # fmt: skip


def run(check: updates.UpdateCheck) -> updates.Release | None:
    return asyncio.run(check.check())


def test_nothing_is_fetched_before_the_person_said_yes(tmp_path: Path) -> None:
    handler = Releases(release("v1.3.0"))
    with RawServer(handler) as srv:
        check = make(tmp_path, srv, Clock())
        assert check.should_ask()
        assert run(check) is None
        check.answer(False)
        assert not check.should_ask()
        assert run(check) is None
    assert handler.paths == []
    # Asked once: a new start remembers the answer.
    again = updates.UpdateCheck(tmp_path / "updates.json", "1.2.0", distribution_package=False)
    assert not again.should_ask() and not again.state.enabled


def test_a_newer_release_is_offered_at_most_daily_and_skip_keeps_it_quiet(tmp_path: Path) -> None:
    handler = Releases(release("v1.3.0"))
    clock = Clock()
    with RawServer(handler) as srv:
        check = make(tmp_path, srv, clock)
        check.answer(True)
        offered = run(check)
        assert offered == updates.Release("1.3.0", "https://github.com/x/releases/tag/v1.3.0",
                                          "v1.3.0")  # fmt: skip
        assert handler.paths == [LATEST]
        clock.now += 23 * 3600  # the same day: not asked again, even after a restart
        restarted = make(tmp_path, srv, clock)
        assert run(restarted) is None and len(handler.paths) == 1
        clock.now += 2 * 3600
        assert run(restarted) == offered and len(handler.paths) == 2
        restarted.skip("1.3.0")
        clock.now += 25 * 3600
        assert run(make(tmp_path, srv, clock)) is None and len(handler.paths) == 3
        handler.body = release("1.4.0")  # the next version is offered again
        clock.now += 25 * 3600
        assert run(make(tmp_path, srv, clock)) is not None


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, release("v1.2.0")),  # the same version
        (200, release("v1.1.9")),
        (200, release("v2.0.0", prerelease=True)),
        (200, release("v2.0.0", draft=True)),
        (200, release("nightly")),
        (200, b"<html>rate limited</html>"),
        (200, b"[]"),
        (403, b'{"message": "API rate limit exceeded"}'),
        (404, b'{"message": "Not Found"}'),
        (500, b""),
    ],
)
def test_nothing_newer_or_a_bad_answer_is_silent(tmp_path: Path, status: int, body: bytes) -> None:
    with RawServer(Releases(body, status)) as srv:
        check = make(tmp_path, srv, Clock())
        check.answer(True)
        assert run(check) is None
        assert not check.due()  # and not asked again before tomorrow


def test_no_server_at_all_is_silent(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    sock = socket.create_server(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nobody listens there now
    check = updates.UpdateCheck(
        tmp_path / "updates.json", "1.2.0", distribution_package=False,
        endpoint=updates.releases_endpoint({updates.ENV_UPDATE_URL: f"http://127.0.0.1:{port}"}),
    )  # fmt: skip
    check.answer(True)
    with caplog.at_level("INFO", logger="apimodels.updates"):
        assert run(check) is None
    assert "update check failed: ConnectError" in caplog.text


def test_off_for_a_distribution_package(tmp_path: Path) -> None:
    folder = tmp_path / "opt"
    folder.mkdir()
    assert not updates.is_distribution_package(folder)
    (folder / updates.DISTRO_MARKER).write_text("deb\n")
    assert updates.is_distribution_package(folder)
    check = updates.UpdateCheck(tmp_path / "u.json", "1.0", distribution_package=True)
    check.state.asked = check.state.enabled = True
    assert not check.available and not check.should_ask() and not check.due()


def test_versions_compare_as_numbers() -> None:
    assert updates.is_newer("1.10.0", "1.9.3")
    assert updates.is_newer("v2", "1.99")
    assert not updates.is_newer("1.2", "1.2.0")
    assert updates.is_newer("1.2.0", "1.2.0rc1")
    assert not updates.is_newer("1.3.0rc1", "1.3.0")
    assert not updates.is_newer("banana", "1.0")


def test_a_damaged_state_file_starts_over(tmp_path: Path) -> None:
    path = tmp_path / "updates.json"
    for text in ("{", "[]", '{"last_check": "soon"}'):
        path.write_text(text)
        assert updates.load_state(path) == updates.UpdateState()


def test_the_endpoint_is_github_by_default() -> None:
    assert updates.releases_endpoint({}) == f"https://api.github.com{LATEST}"
    assert updates.releases_endpoint({updates.ENV_UPDATE_URL: "http://127.0.0.1:9/"}) == (
        f"http://127.0.0.1:9{LATEST}"
    )
    assert httpx.URL(updates.PROJECT_URL).host == "github.com"
