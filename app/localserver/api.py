"""POST /api/v1/files: presigned mode (JSON) and direct mode (multipart), dispatched by type."""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Message

from . import contract
from .records import ApiRecord
from .responses import envelope
from .state import ServerState

_EXT_RE = re.compile(r"[^a-z0-9]")
_CHUNK = 64 * 1024
#: How much past the proxy's limit is read (and thrown away) so a client that sent a little too
#: much still reads the 413; past it the connection is closed, and an endless body ends there.
DRAIN_PAST_LIMIT = 1024 * 1024


class _Refusal(Exception):
    def __init__(self, status: int, msg: str) -> None:
        super().__init__(msg)
        self.status = status
        self.msg = msg


def _media_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


def _bearer(request: Request) -> str | None:
    # Exactly "Bearer <key>", as the reference writes it: the strictest reading for the client.
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme == "Bearer" and token else None


def _extension(filename: str, content_type: str) -> str:
    _, dot, ext = filename.rpartition(".")
    ext = _EXT_RE.sub("", ext.lower())[:10] if dot else ""
    if not ext:
        guessed = mimetypes.guess_extension(content_type.split(";", 1)[0].strip()) or ""
        ext = guessed.lstrip(".") or "bin"
    return ext


def iso_millis(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def _new_key(state: ServerState, api_key: str, filename: str, content_type: str) -> str:
    user_id = "u" + hashlib.sha256(api_key.encode()).hexdigest()[:12]
    millis = int(state.clock.now().timestamp() * 1000)
    return f"uploads/{user_id}/{millis}-{secrets.token_hex(4)}.{_extension(filename, content_type)}"


def _check_type_and_size(state: ServerState, content_type: str, size: object) -> None:
    if not contract.is_allowed_type(content_type):
        raise _Refusal(400, contract.MSG_TYPE)
    cap = contract.cap_for(content_type, state.image_cap, state.av_cap)
    number = _as_number(size)
    if number is not None and number > cap:
        raise _Refusal(400, contract.too_large_msg(cap))
    if not state.storage_configured:
        raise _Refusal(500, contract.MSG_NO_STORAGE)


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The whole body, or None past `limit`; a bounded rest is drained so the client reads our
    413 (DRAIN_PAST_LIMIT), and nothing past it is held or read."""
    declared = request.headers.get("content-length", "")
    over = declared.isdigit() and int(declared) > limit
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            over = True
            chunks.clear()
        if not over:
            chunks.append(chunk)
        if total > limit + DRAIN_PAST_LIMIT:
            break
    return None if over else b"".join(chunks)


def _closing(response: Response) -> Response:
    """The connection ends with this answer: the body it did not read is never read."""
    response.headers["Connection"] = "close"
    return response


def _replay(body: bytes) -> Callable[[], Awaitable[Message]]:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _as_number(size: object) -> float | None:
    """fileSize as JavaScript's ``>`` would see it: numbers, and strings that read as numbers."""
    if isinstance(size, bool):
        return None
    if isinstance(size, int | float):
        return float(size)
    if isinstance(size, str):
        try:
            return float(size.strip())
        except ValueError:
            return None
    return None


async def _presigned(state: ServerState, api_key: str, body: bytes) -> dict[str, str]:
    try:
        # UTF-8 only and no NaN/Infinity: what JavaScript's JSON.parse accepts, not Python's.
        obj = json.loads(body.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):  # [[[[…: too deep for the parser
        raise _Refusal(400, contract.MSG_BAD_JSON) from None
    if not isinstance(obj, dict):
        raise _Refusal(400, contract.MSG_BAD_JSON)
    filename, content_type = obj.get("filename"), obj.get("contentType")
    if not (isinstance(filename, str) and filename and isinstance(content_type, str)):
        raise _Refusal(400, contract.MSG_REQUIRED)
    if not content_type:
        raise _Refusal(400, contract.MSG_REQUIRED)
    _check_type_and_size(state, content_type, obj.get("fileSize"))
    key = _new_key(state, api_key, filename, content_type)
    # Whole seconds: X-Amz-Date has no finer grain, and expiresAt must be the URL's deadline.
    signed_at = state.clock.now().replace(microsecond=0)
    upload_url = state.signer.presign_put(
        host=state.host_port,
        bucket=state.bucket,
        key=key,
        content_type=content_type,
        now=signed_at,
        expires=state.upload_ttl,
    )
    return {
        "uploadUrl": upload_url,
        "publicUrl": state.public_url(key),
        "expiresAt": iso_millis(signed_at + timedelta(seconds=state.upload_ttl)),
    }


async def _direct(
    state: ServerState, api_key: str, request: Request, body: bytes
) -> dict[str, str]:
    replayed = Request(request.scope, _replay(body))
    try:
        form = await replayed.form(max_files=10, max_fields=100)
    except MultiPartException:
        raise _Refusal(400, contract.MSG_NO_FILE) from None
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _Refusal(400, contract.MSG_NO_FILE)
        filename = upload.filename or "upload"
        content_type = (upload.content_type or "").strip()
        # requests' files={"file": f} sends no part type: name the type from the extension.
        if not content_type or _media_type(content_type) == "application/octet-stream":
            content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        _check_type_and_size(state, content_type, upload.size)
        key = _new_key(state, api_key, filename, content_type)
        md5 = hashlib.md5(usedforsecurity=False)
        out, temp = state.storage.new_temp()
        try:
            with out:
                while chunk := await upload.read(_CHUNK):
                    md5.update(chunk)
                    out.write(chunk)
            state.storage.commit(key, temp, content_type, md5.hexdigest(), state.clock.now())
        except BaseException:
            state.storage.discard(temp)
            raise
    finally:
        await form.close()
    return {"publicUrl": state.public_url(key)}


async def handle_files(request: Request, state: ServerState) -> Response:
    record = ApiRecord(content_type=request.headers.get("content-type"))
    state.api_requests.append(record)
    fault = state.faults.take_api()  # a test's proxy or gateway, in front of the key check
    # The key before a byte of the body: without it nobody gets this process's memory or time
    # (in demo mode it is the window's). Bodies up to the proxy's limit were held for anyone.
    api_key = _bearer(request)
    if fault is None and (api_key is None or not state.key_is_valid(api_key)):
        record.status, record.msg = 401, contract.MSG_UNAUTHORIZED
        return _closing(envelope(401, contract.MSG_UNAUTHORIZED))
    # The hosting proxy answers this itself, before the app, in plain text.
    body = await _read_body(request, state.direct_limit)
    if body is None:
        record.status, record.msg = 413, contract.PROXY_413_BODY
        return _closing(PlainTextResponse(contract.PROXY_413_BODY, status_code=413))

    if fault is not None:
        record.status, record.msg = fault.status, "fault"
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else None
        if fault.body is not None:
            raw = fault.body.encode() if isinstance(fault.body, str) else fault.body
            return Response(raw, fault.status, headers=headers, media_type="text/html")
        response = envelope(fault.status, contract.status_text(fault.status))
        if headers:
            response.headers.update(headers)
        return response
    assert api_key is not None

    try:
        media = _media_type(request.headers.get("content-type"))
        if media == "application/json":
            record.mode = "presigned"
            data = await _presigned(state, api_key, body)
        elif media == "multipart/form-data":
            record.mode = "direct"
            data = await _direct(state, api_key, request, body)
        else:
            raise _Refusal(400, contract.MSG_BAD_CONTENT_TYPE)
    except _Refusal as refusal:
        record.status, record.msg = refusal.status, refusal.msg
        return envelope(refusal.status, refusal.msg)
    record.status, record.msg, record.data = 200, contract.MSG_SUCCESS, data
    return envelope(200, contract.MSG_SUCCESS, data)
