"""The Files API contract as this server reads it from the API reference.

Kept apart from app/core on purpose: the server is the client's opponent in the tests, so a
misreading shared by both sides would pass every test.
"""

from __future__ import annotations

from typing import Final

MiB: Final = 1_048_576

# Caps per kind of media; the reference says "10MB" / "100MB" and the project reads them as MiB.
IMAGE_CAP: Final = 10 * MiB
AV_CAP: Final = 100 * MiB

UPLOAD_TTL: Final = 600  # seconds an upload URL stays valid
PUBLIC_TTL: Final = 7 * 86_400  # seconds a public URL lives after its PUT completed
# Direct mode goes through the API host, whose proxy refuses big bodies before the app sees them.
DIRECT_LIMIT: Final = 4_500_000

BUCKET: Final = "apimodels"
ALLOWED_PREFIXES: Final = ("image/", "video/", "audio/")

# Storage credentials: the access key id is public (it is in every upload URL); the secret is
# made at random by each server start (see sigv4.Signer), so reading this source forges nothing.
ACCESS_KEY_ID: Final = "LOCALSERVERACCESSKEY"
REGION: Final = "auto"

MSG_SUCCESS: Final = "success"
MSG_REQUIRED: Final = "filename and contentType are required"
MSG_TYPE: Final = "Only image/, video/, or audio/ content types are accepted"
MSG_NO_FILE: Final = 'No file provided (expected form field "file")'
MSG_BAD_JSON: Final = "Invalid JSON body"
MSG_BAD_CONTENT_TYPE: Final = "Expected multipart/form-data or application/json"
MSG_UNAUTHORIZED: Final = "Invalid or missing API key"
MSG_NO_STORAGE: Final = "Storage not configured"
PROXY_413_BODY: Final = "Request Entity Too Large"


def is_allowed_type(content_type: str) -> bool:
    # Case-sensitive like a JavaScript startsWith: the toughest reading for the client.
    return content_type.startswith(ALLOWED_PREFIXES)


def is_image(content_type: str) -> bool:
    return content_type.lower().startswith("image/")


def cap_for(content_type: str, image_cap: int, av_cap: int) -> int:
    return image_cap if is_image(content_type) else av_cap


def too_large_msg(cap: int) -> str:
    # Caps are settable for tests; a cap that is not a whole MiB is spelled in bytes.
    if cap % MiB == 0:
        return f"File too large (max {cap // MiB}MB)"
    return f"File too large (max {cap} bytes)"


def status_text(status: int) -> str:
    """A short message for an injected API error."""
    texts = {
        429: "Too many requests",
        500: "Internal server error",
        502: "Bad gateway",
        503: "Service unavailable",
        504: "Gateway timeout",
    }
    return texts.get(status, f"Error {status}")
