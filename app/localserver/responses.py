"""The two error dialects: the API's JSON envelope and the storage's S3 XML."""

from __future__ import annotations

import json
import uuid
from xml.sax.saxutils import escape

from starlette.responses import Response


def envelope(status: int, msg: str, data: dict[str, str] | None = None) -> Response:
    body: dict[str, object] = {"code": status, "msg": msg}
    if data is not None:
        body["data"] = data
    return Response(
        json.dumps(body, separators=(",", ":")).encode(),
        status_code=status,
        media_type="application/json",
    )


def s3_error(status: int, code: str, message: str, **extra: str | int) -> Response:
    """An S3-style XML error; `extra` become more elements (X_Amz_Expires -> X-Amz-Expires)."""
    request_id = uuid.uuid4().hex[:16].upper()
    parts = [f"<Code>{escape(code)}</Code>", f"<Message>{escape(message)}</Message>"]
    for name, value in extra.items():
        tag = name.replace("_", "-")
        parts.append(f"<{tag}>{escape(str(value))}</{tag}>")
    parts.append(f"<RequestId>{request_id}</RequestId>")
    body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' + "".join(parts) + "</Error>"
    return Response(
        body.encode(),
        status_code=status,
        media_type="application/xml",
        headers={"x-amz-request-id": request_id},
    )
