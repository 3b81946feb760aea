"""What the server saw, for tests to inspect. Lists are append-only; fields are filled in place."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PutRecord:
    path: str  # raw path as received
    query: str  # raw query string as received
    headers: dict[str, str]  # lower-case names
    content_length: int | None  # as declared
    bytes_received: int = 0
    status: int | None = None  # None: no response was sent (connection aborted)
    error_code: str | None = None  # S3 error code when refused
    fault: str | None = None  # name of the injected fault, if any


@dataclass
class ApiRecord:
    content_type: str | None  # the request's Content-Type header
    mode: str | None = None  # "presigned", "direct" or None when refused before dispatch
    status: int = 0
    msg: str = ""
    data: dict[str, str] = field(default_factory=dict)
