"""PUT /<bucket>/<key>: the presigned upload, refused in S3's order and stored atomically."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from . import contract
from .faults import PutFault
from .records import PutRecord
from .responses import s3_error
from .sigv4 import AuthError
from .state import ServerState

Answer = Callable[[Response, str | None], Awaitable[None]]
RECEIVE_KEY = "localserver.receive"  # the server's own receive, stashed by the outer app
#: How much of a refused PUT's body is read before answering (when the client did not ask to
#: hear first with Expect: 100-continue); past it the client meets a closed connection.
REFUSAL_DRAIN = 8 * 1024 * 1024


def _s3_time(dt: Any) -> str:
    return str(dt.strftime("%Y-%m-%dT%H:%M:%SZ"))


def _headers(scope: Scope) -> dict[str, str]:
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        headers[name] = f"{headers[name]},{value}" if name in headers else value
    return headers


def abort_connection(scope: Scope) -> bool:
    """Drop the TCP connection with no response, like a network failure would."""
    receive = scope.get(RECEIVE_KEY)
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if transport is None:
        return False
    transport.abort()
    return True


class _Body:
    """Reads the request body message by message; never holds more than one chunk."""

    def __init__(self, receive: Receive, timeout: float, rate: float | None = None) -> None:
        self._receive = receive
        self._timeout = timeout
        self._rate = rate
        self.done = False
        self.disconnected = False
        self.timed_out = False

    async def next_chunk(self) -> bytes | None:
        if self.done:
            return None
        try:
            message = await asyncio.wait_for(self._receive(), self._timeout)
        except TimeoutError:
            self.timed_out = self.done = True
            return None
        if message["type"] == "http.disconnect":
            self.disconnected = self.done = True
            return None
        if not message.get("more_body", False):
            self.done = True
        chunk = bytes(message.get("body", b""))
        if self._rate:
            await asyncio.sleep(len(chunk) / self._rate)
        return chunk


async def _drain(body: _Body, record: PutRecord, limit: int | None = None) -> None:
    while (limit is None or record.bytes_received < limit) and (
        chunk := await body.next_chunk()
    ) is not None:
        record.bytes_received += len(chunk)


async def handle_put(scope: Scope, receive: Receive, send: Send, state: ServerState) -> None:
    raw_path = bytes(scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
    raw_query = bytes(scope.get("query_string", b"")).decode("latin-1")
    headers = _headers(scope)
    length_header = headers.get("content-length")
    declared = int(length_header) if length_header and length_header.isdigit() else None
    record = PutRecord(raw_path, raw_query, headers, declared)
    state.puts.append(record)
    body = _Body(receive, state.body_timeout, state.faults.put_rate)

    async def answer(response: Response, code: str | None = None) -> None:
        record.status, record.error_code = response.status_code, code
        if response.status_code >= 400:  # what it did not read is not read after it either
            response.headers["Connection"] = "close"
        await response(scope, receive, send)

    fault = state.faults.take_put()
    if fault is not None:
        record.fault = fault.kind
        if fault.kind == "stall":
            await asyncio.sleep(fault.seconds)

    # 1. Framing, as S3 checks it, before any byte of the body is read.
    if "chunked" in headers.get("transfer-encoding", "").lower():
        await _drain(body, record, limit=REFUSAL_DRAIN)  # an endless one is not read for ever
        return await answer(
            s3_error(
                501,
                "NotImplemented",
                "A header you provided implies functionality that is not implemented",
                Header="Transfer-Encoding",
            ),
            "NotImplemented",
        )
    if declared is None:
        return await answer(
            s3_error(
                411, "MissingContentLength", "You must provide the Content-Length HTTP header."
            ),
            "MissingContentLength",
        )
    cap = min(
        contract.cap_for(headers.get("content-type", ""), state.image_cap, state.av_cap),
        max(state.image_cap, state.av_cap),
    )
    if declared > cap:
        return await answer(
            s3_error(
                400,
                "EntityTooLarge",
                "Your proposed upload exceeds the maximum allowed size",
                ProposedSize=declared,
                MaxSizeAllowed=cap,
            ),
            "EntityTooLarge",
        )

    # 2. Where, then who: bucket, signature, expiry. Refused before the body is taken: a
    # client waiting on "Expect: 100-continue" hears at once; others have a bounded amount
    # read (so a small upload reads its refusal) and then the connection is closed.
    async def refuse(response: Response, code: str) -> None:
        if "100-continue" not in headers.get("expect", "").lower():
            await _drain(body, record, limit=REFUSAL_DRAIN)
        await answer(response, code)

    bucket, _, quoted_key = raw_path.lstrip("/").partition("/")
    key = unquote(quoted_key)
    if bucket != state.bucket or not key:
        return await refuse(
            s3_error(404, "NoSuchBucket", "The specified bucket does not exist", BucketName=bucket),
            "NoSuchBucket",
        )
    verdict = state.signer.verify(
        method="PUT", raw_path=raw_path, raw_query=raw_query, headers=headers
    )
    if isinstance(verdict, AuthError):
        return await refuse(s3_error(verdict.status, verdict.code, verdict.message), verdict.code)
    now = state.clock.now()
    if now > verdict.deadline:
        return await refuse(
            s3_error(
                403,
                "AccessDenied",
                "Request has expired",
                X_Amz_Expires=verdict.expires,
                Expires=_s3_time(verdict.deadline),
                ServerTime=_s3_time(now),
            ),
            "AccessDenied",
        )

    if fault is not None and fault.kind in ("status", "reset"):
        return await _apply_fault(fault, scope, receive, send, body, record, answer)
    await _store(state, key, headers.get("content-type", ""), declared, body, record, answer)


async def _apply_fault(
    fault: PutFault,
    scope: Scope,
    receive: Receive,
    send: Send,
    body: _Body,
    record: PutRecord,
    answer: Answer,
) -> None:
    if fault.kind == "reset":
        await _drain(body, record, limit=fault.nbytes)
        if abort_connection(scope):
            record.status = None
            # Let the loop run connection_lost before uvicorn looks at the cycle again.
            await asyncio.sleep(0.05)
            return
    await _drain(body, record)
    code, message = {
        503: ("SlowDown", "Please reduce your request rate."),
        500: ("InternalError", "We encountered an internal error. Please try again."),
    }.get(fault.status, ("InternalError", "We encountered an internal error. Please try again."))
    await answer(s3_error(fault.status, code, message), code)


async def _store(
    state: ServerState,
    key: str,
    content_type: str,
    declared: int,
    body: _Body,
    record: PutRecord,
    answer: Answer,
) -> None:
    md5 = hashlib.md5(usedforsecurity=False)
    out, temp = state.storage.new_temp()
    try:
        with out:
            while (chunk := await body.next_chunk()) is not None:
                record.bytes_received += len(chunk)
                if record.bytes_received > declared:
                    break
                md5.update(chunk)
                out.write(chunk)
        if body.timed_out:
            state.storage.discard(temp)
            return await answer(
                s3_error(
                    400,
                    "RequestTimeout",
                    "Your socket connection to the server was not read from or written to "
                    "within the timeout period. Idle connections will be closed.",
                ),
                "RequestTimeout",
            )
        if record.bytes_received != declared:
            state.storage.discard(temp)
            return await answer(
                s3_error(
                    400,
                    "IncompleteBody",
                    "You did not provide the number of bytes specified by the Content-Length "
                    "HTTP header",
                ),
                "IncompleteBody",
            )
        etag = md5.hexdigest()
        state.storage.commit(key, temp, content_type, etag, state.clock.now())
    except BaseException:
        state.storage.discard(temp)
        raise
    await answer(Response(b"", 200, headers={"ETag": f'"{etag}"'}), None)
