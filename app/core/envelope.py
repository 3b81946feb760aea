"""Strict reading of the Files API's answers.

Everything the service (or a proxy in front of it) can send back goes through here and comes out
as plain data or one of the typed errors of :mod:`app.core.errors`; nothing else escapes.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NoReturn
from urllib.parse import urlsplit

from .errors import (
    ApiError,
    AuthError,
    BadRequest,
    ProtocolError,
    RequestTooLarge,
    ServerError,
    StorageError,
    UploadUrlExpired,
)
from .logs import redact
from .reasons import Reason

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


@dataclass(frozen=True)
class Presigned:
    upload_url: str
    public_url: str
    #: The upload URL's deadline (not the public URL's: that runs 7 days from the PUT).
    expires_at: datetime


def _short(text: str, limit: int = 200) -> str:
    """Server text made safe to show: one line, valid UTF-8, bounded, no key or signature."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = redact(" ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: object, what: str) -> str:
    """A URL the app may send bytes to or hand to a person: https, or http on this computer only."""
    if not isinstance(url, str) or not url:
        raise ProtocolError(f"The service's reply has no {what}.", retryable=False)
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        host, parts = "", None
    malformed = ProtocolError(f"The service's reply has a malformed {what}.", retryable=False)
    scheme = parts.scheme.lower() if parts is not None else ""
    if parts is not None and scheme not in ("http", "https") and (scheme or ":" in url):
        # file:, javascript:, data:: well-formed, and no place to send a file or a person.
        raise ProtocolError(
            Reason.of("url_not_web", what=what, scheme=scheme[:20]), retryable=False
        )
    if parts is None or not host or not url.isprintable() or any(c.isspace() for c in url):
        raise malformed
    import httpx  # here, not above: settings read this module before the window's first paint

    try:
        _ = httpx.URL(url).host  # the parser that will send to it, IDNA and all
    except (httpx.InvalidURL, UnicodeError, ValueError):
        raise malformed from None
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback_host(host)):
        return url
    # Only scheme and host in the sentence: the query of an upload URL carries its signature.
    raise ProtocolError(
        f"The service's {what} is not secure ({parts.scheme}://{host}); "
        "the file was not sent there.",
        retryable=False,
    )


def no_downgrade(base_url: str, url: str, what: str) -> None:
    """Refuse a plain-http URL handed out by a service reached over https: whoever answered for
    it could read (or change) the file on its way, whatever host it names, this computer too."""
    if urlsplit(base_url).scheme.lower() == "https" and urlsplit(url).scheme.lower() == "http":
        host = urlsplit(url).hostname or ""
        raise ProtocolError(Reason.of("url_downgrade", what=what, host=host), retryable=False)


def parse_timestamp(value: object) -> datetime:
    if not isinstance(value, str):
        raise ProtocolError("The service's reply has no valid expiresAt.", retryable=False)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ProtocolError(
            "The service's reply has an expiresAt that is not a date.", retryable=False
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        raise ProtocolError(
            "The service's reply has an expiresAt out of range.", retryable=False
        ) from None


def _retry_after(headers: dict[str, str]) -> float | None:
    raw = headers.get("retry-after", "").strip()
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if 0 <= value <= 3600 else None


def _error_for(status: int, msg: str, headers: dict[str, str]) -> ApiError:
    if status == 400:
        return BadRequest(status, msg)
    if status == 401:
        return AuthError(status, msg)
    if status == 413:
        return RequestTooLarge(status, msg)
    if status == 429 or status >= 500:
        return ServerError(status, msg, _retry_after(headers))
    return ApiError(status, msg, Reason.of("request_refused", status=status, msg=msg))


def _is_2xx(code: int) -> bool:
    return 200 <= code < 300


def parse_api_response(status: int, headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """The ``data`` object of a success, or the typed error that the answer means.

    ``headers`` has lower-case names.
    """
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        doc = None
    envelope_ok = (
        isinstance(doc, dict)
        and isinstance(doc.get("code"), int)
        and not isinstance(doc.get("code"), bool)
        and isinstance(doc.get("msg"), str)
    )
    if not envelope_ok:
        _not_an_envelope(status, headers, body)
    assert isinstance(doc, dict)
    code: int = doc["code"]
    msg = _short(doc["msg"]) or "no message"
    if not (_is_2xx(status) and _is_2xx(code)):
        # The HTTP status is what the documented table keys on; an envelope code that disagrees
        # with it (a 200 status carrying code 400) still means failure. Any 2xx with a 2xx code
        # is a success: a proxy or a later version answering 201 has not refused anything.
        raise _error_for(code if _is_2xx(status) else status, msg, headers)
    data = doc.get("data")
    if not isinstance(data, dict):
        raise ProtocolError("The service said success but sent no data.", retryable=False)
    return data


def _not_an_envelope(status: int, headers: dict[str, str], body: bytes) -> NoReturn:
    if status in (401, 413) or status == 429 or status >= 500:
        # Not "HTTP 502 with...": the sentence around it names the status already.
        text = {401: "Invalid or missing API key", 413: "Request Entity Too Large"}.get(
            status, "the body is not the API's reply"
        )
        error = _error_for(status, text, headers)
        if status >= 500:  # our words, not the server's: a code of their own for the window
            error.reason = Reason.of("server_problem_not_api", status=status)
        raise error
    empty = not body.strip()
    if 200 <= status < 300:
        why = Reason.of("reply_empty" if empty else "reply_not_json", status=status)
        raise ProtocolError(why, retryable=False)
    why = Reason.of("answered_empty" if empty else "answered_not_json", status=status)
    raise ApiError(status, f"HTTP {status}", why)


def parse_presigned(data: dict[str, Any]) -> Presigned:
    return Presigned(
        upload_url=check_url(data.get("uploadUrl"), "upload URL"),
        public_url=check_url(data.get("publicUrl"), "public URL"),
        expires_at=parse_timestamp(data.get("expiresAt")),
    )


def parse_direct(data: dict[str, Any]) -> str:
    return check_url(data.get("publicUrl"), "public URL")


_XML_FIELD = re.compile(r"<(Code|Message)>([^<]{0,500})</\1>")


def storage_error(status: int, body: bytes) -> StorageError:
    """The S3-style XML refusal of a PUT, as a typed error; expiry is told apart from the rest."""
    text = body[:8192].decode("utf-8", "replace")
    fields = dict(_XML_FIELD.findall(text))
    code = fields.get("Code", "") or f"HTTP{status}"
    message = _short(fields.get("Message", ""))
    # S3 answers 403 AccessDenied "Request has expired"; R2 has been seen with 400 ExpiredRequest.
    expired = code == "ExpiredRequest" or (code == "AccessDenied" and "expired" in message.lower())
    if expired:
        return UploadUrlExpired(status, code, message)
    return StorageError(status, code, message)
