"""A polite update check against the project's releases, the way Picard and calibre do it.

- asked once: nothing is fetched until the person said yes to the first-start question;
- at most once a day, never blocking the start, every error silent (logged, never shown);
- a new version is offered once per version: "Skip this version" keeps it quiet until the next;
- off for a distribution package (the .deb writes a marker into its install folder), whose
  package manager brings new versions.

The releases come from GitHub's API (``GET /repos/<owner>/<repo>/releases/latest``); its base
address is configurable (``APIMODELS_UPDATE_URL``) so the tests answer from a local server.
No Qt here: the window asks the question and shows the notice (app/ui/control/updates_ui.py).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

log = logging.getLogger("apimodels.updates")

#: The project's home: its releases, its source and where to report a problem.
REPOSITORY = "apimodels/apimodels-uploader"
PROJECT_URL = f"https://github.com/{REPOSITORY}"
RELEASES_URL = f"{PROJECT_URL}/releases"
ISSUES_URL = f"{PROJECT_URL}/issues"
LICENCE = "MIT"

API_BASE = "https://api.github.com"
ENV_UPDATE_URL = "APIMODELS_UPDATE_URL"
CHECK_EVERY = 24 * 3600.0
TIMEOUT = 10.0
#: In the install folder of a distribution package (written by packaging/deb.py).
DISTRO_MARKER = "distribution-package"


@dataclass
class UpdateState:
    """What the person answered and what was last seen; kept in ``updates.json``."""

    asked: bool = False
    enabled: bool = False
    last_check: float = 0.0
    skipped: str = ""


@dataclass(frozen=True)
class Release:
    version: str
    url: str
    name: str = ""


def load_state(path: Path) -> UpdateState:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return UpdateState()
    if not isinstance(data, dict):
        return UpdateState()
    state = UpdateState()
    with contextlib.suppress(TypeError, ValueError):
        state = UpdateState(
            asked=bool(data.get("asked", False)),
            enabled=bool(data.get("enabled", False)),
            last_check=float(data.get("last_check", 0.0)),
            skipped=str(data.get("skipped", "")),
        )
    return state


def save_state(path: Path, state: UpdateState) -> None:
    """Written whole or not at all; a failure is logged (the check is a courtesy)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".updates-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(state), out)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("could not save the update-check state: %s", exc)
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


def install_dir() -> Path:
    """Where the running app is installed: the bundle's folder when frozen."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]


def is_distribution_package(folder: Path | None = None) -> bool:
    return ((folder or install_dir()) / DISTRO_MARKER).is_file()


_VERSION = re.compile(r"^v?(\d+(?:\.\d+)*)(?:[-+.]?(a|b|rc|alpha|beta|dev|pre)\.?\d*)?$", re.I)


def version_key(text: str) -> tuple[tuple[int, ...], int] | None:
    """(numbers, 1 for a final release / 0 for a pre-release); None when it is no version."""
    match = _VERSION.match(text.strip())
    if match is None:
        return None
    numbers = tuple(int(n) for n in match.group(1).split("."))
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers = numbers[:-1]
    return numbers, 0 if match.group(2) else 1


def is_newer(candidate: str, current: str) -> bool:
    new, old = version_key(candidate), version_key(current)
    return new is not None and old is not None and new > old


def releases_endpoint(env: Mapping[str, str] = os.environ) -> str:
    base = env.get(ENV_UPDATE_URL, "").strip() or API_BASE
    return f"{base.rstrip('/')}/repos/{REPOSITORY}/releases/latest"


def parse_release(data: object) -> Release | None:
    """The release in GitHub's answer; None for a draft, a pre-release or anything else."""
    if not isinstance(data, dict) or data.get("draft") or data.get("prerelease"):
        return None
    tag = data.get("tag_name")
    url = data.get("html_url")
    if not isinstance(tag, str) or version_key(tag) is None:
        return None
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        url = RELEASES_URL
    name = data.get("name")
    return Release(tag.lstrip("vV"), url, name if isinstance(name, str) else "")


async def fetch_latest(client: httpx.AsyncClient, endpoint: str) -> Release | None:
    """The latest release, or None on any error (logged, never raised)."""
    try:
        response = await client.get(
            endpoint,
            headers={"Accept": "application/vnd.github+json"},
            timeout=TIMEOUT,
            follow_redirects=True,
        )
        if response.status_code != 200:
            log.info("update check: HTTP %s from %s", response.status_code, endpoint)
            return None
        return parse_release(response.json())
    except (httpx.HTTPError, ValueError, OSError) as exc:
        log.info("update check failed: %s", type(exc).__name__)
        return None


class UpdateCheck:
    """The rules: asked once, daily at most, skip a version, off for a distribution package."""

    def __init__(
        self,
        state_file: Path,
        current: str,
        *,
        endpoint: str | None = None,
        distribution_package: bool | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.state_file = state_file
        self.current = current
        self.endpoint = endpoint or releases_endpoint()
        self.packaged = (
            is_distribution_package() if distribution_package is None else distribution_package
        )
        self.clock = clock
        self.state = load_state(state_file)

    @property
    def available(self) -> bool:
        """False in a distribution package: no question, no check, no menu entry."""
        return not self.packaged

    def should_ask(self) -> bool:
        return self.available and not self.state.asked

    def answer(self, enabled: bool) -> None:
        self.state.asked = True
        self.state.enabled = enabled
        save_state(self.state_file, self.state)

    def due(self) -> bool:
        if not (self.available and self.state.asked and self.state.enabled):
            return False
        elapsed = self.clock() - self.state.last_check
        return elapsed >= CHECK_EVERY or elapsed < 0  # < 0: the clock went back

    async def check(self, client: httpx.AsyncClient | None = None) -> Release | None:
        """A release to offer, or None (not due, nothing newer, skipped, or an error)."""
        if not self.due():
            return None
        # Counted before the request: a failing network is asked again tomorrow, not at
        # every start.
        self.state.last_check = self.clock()
        save_state(self.state_file, self.state)
        if client is None:
            from app.core.tls import ssl_context

            try:
                async with httpx.AsyncClient(verify=ssl_context()) as own:
                    release = await fetch_latest(own, self.endpoint)
            except (httpx.HTTPError, OSError, ValueError) as exc:  # the TLS setup, say
                log.info("update check failed: %s", type(exc).__name__)
                return None
        else:
            release = await fetch_latest(client, self.endpoint)
        if release is None or not is_newer(release.version, self.current):
            return None
        if release.version == self.state.skipped:
            log.info("update check: %s is out, skipped by request", release.version)
            return None
        log.info("update check: %s is out (this is %s)", release.version, self.current)
        return release

    def skip(self, version: str) -> None:
        self.state.skipped = version
        save_state(self.state_file, self.state)
