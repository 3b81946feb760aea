"""Every failure the Files API client can raise, in one tree.

Each error carries why (``err.reason``, a code the window translates; ``str(err)`` is its English
for the CLI and the log) and what the engine needs to decide what to do next (``retryable``).
None of them ever holds the API key: messages are built from the server's ``msg``, statuses and
our own words only.
"""

from __future__ import annotations

from app.core.reasons import BASE_URL_HINT, Reason

__all__ = ["BASE_URL_HINT"]  # the CLI swaps this advice for its own


class UploadError(Exception):
    """Base of the tree. ``str(err)`` is an English sentence; ``reason`` is the same as data."""

    retryable: bool = False

    def __init__(self, reason: Reason | str) -> None:
        self.reason = reason if isinstance(reason, Reason) else Reason.text(reason)
        super().__init__(str(self.reason))


class ApiError(UploadError):
    """The Files API answered with its ``{"code", "msg"}`` error envelope (or a bare status)."""

    def __init__(self, status: int, msg: str, sentence: Reason | str | None = None) -> None:
        self.status = status
        self.msg = msg
        super().__init__(sentence or Reason.of("server_said", msg=msg))


class BadRequest(ApiError):
    """400: the request itself is wrong; the server's ``msg`` is the final word. Never retried."""


class AuthError(ApiError):
    """401: the key is missing, wrong or disabled. The queue pauses until a key is given."""

    def __init__(self, status: int = 401, msg: str = "Invalid or missing API key") -> None:
        super().__init__(status, msg, Reason.of("key_refused", msg=msg))


class RequestTooLarge(ApiError):
    """413 from the API host: the body went past the host's request-size limit."""

    def __init__(self, status: int = 413, msg: str = "Request Entity Too Large") -> None:
        super().__init__(status, msg, Reason.of("too_large_direct"))


class ServerError(ApiError):
    """5xx or 429: the service is busy or broken right now; worth another try later."""

    retryable = True

    def __init__(self, status: int, msg: str, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        if status == 429:
            sentence = Reason.of("busy")
        else:
            sentence = Reason.of("server_problem", status=status, msg=msg)
        super().__init__(status, msg, sentence)


class ProtocolError(UploadError):
    """An answer that is not the documented shape: not JSON, a missing field, a bad URL."""

    retryable = True

    def __init__(self, sentence: Reason | str, *, retryable: bool = True) -> None:
        self.retryable = retryable
        super().__init__(sentence)


class NetworkError(UploadError):
    """The connection failed, was reset or timed out before an answer came."""

    retryable = True


class DeadlineError(NetworkError):
    """No answer, or no progress, within the time the client allows (see api.API_DEADLINE)."""


#: Reason codes by what is wrong with a certificate (see api._certificate_problem).
_CERTIFICATE_CODES = {
    "untrusted": "certificate",
    "expired": "certificate_expired",
    "wrong_name": "certificate_wrong_name",
}


class CertificateError(NetworkError):
    """The server's TLS certificate could not be verified; retrying cannot change that."""

    retryable = False

    def __init__(self, host: str, problem: str = "untrusted") -> None:
        self.host = host
        self.problem = problem
        code = _CERTIFICATE_CODES.get(problem, "certificate")
        super().__init__(Reason.of(code, host=host or "the server"))


class StorageError(UploadError):
    """The storage refused the PUT of the file's bytes (S3-style XML error)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        self.status = status
        self.code = code
        self.retryable = status >= 500 or status == 429 or code in {"SlowDown", "InternalError"}
        detail = f"{code}: {message}" if message else code
        super().__init__(Reason.of("storage_refused", status=status, detail=detail))


class UploadUrlExpired(StorageError):
    """The presigned URL's 10 minutes ran out; ask for a new one and PUT again."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status, code, message)
        self.retryable = True


class FileChanged(UploadError):
    """The file on disk is not what was queued: changed size, vanished, or grew/shrank mid-PUT."""


class FileRewritten(FileChanged):
    """The file changed between the first read and the last of one send: what was read may be
    no version of it at all. The engine reads it again from the start (a bounded number of times);
    nothing of the torn send was kept."""


class StorageMismatch(UploadError):
    """A 2xx from the storage that does not prove it stored what was sent: it answered before
    the whole body went, or its ETag (the MD5 of what it stored) is not the MD5 of what we sent.
    Worth another try: the next PUT overwrites the object."""

    retryable = True
