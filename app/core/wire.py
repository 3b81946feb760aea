"""The wire's facts that need no HTTP library: where the API lives and what a key looks like.

Kept apart from :mod:`app.core.api` so that settings can be read, and the window painted, before
httpx is imported (tens of milliseconds of start-up).
"""

from __future__ import annotations

DEFAULT_BASE_URL = "https://apimodels.app"
FILES_PATH = "/api/v1/files"


def is_valid_key(key: str) -> bool:
    """Keys are printable ASCII without spaces; anything else was pasted with something extra."""
    return bool(key) and all("!" <= c <= "~" for c in key)
