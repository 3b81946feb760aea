"""Logging that cannot leak the API key: every record passes a redacting filter first.

Named loggers per subsystem (``apimodels.uploads``, ``apimodels.api``...), a rotating file in the
user log folder, and stderr for warnings. Whatever a record holds (message, arguments, traceback),
bearer tokens, upload-URL signatures and any secret registered here come out as ``[redacted]``.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import re
import threading
from pathlib import Path

from .private import private_dir, private_file

REDACTED = "[redacted]"
_PATTERNS = (
    re.compile(r"(?i)(bearer\s+)[^\s'\",}]+"),
    re.compile(r"(?i)(x-amz-signature=)[0-9a-f]+"),
    re.compile(r"(?i)(x-amz-credential=)[^&\s'\"]+"),
)
_secrets: set[str] = set()
_lock = threading.Lock()


def register_secret(secret: str | None) -> None:
    """Make ``secret`` unprintable in any log from now on (keys shorter than 6 are too common)."""
    if secret and len(secret) >= 6:
        with _lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file, the first and each one made by a rollover, is readable by its owner only."""

    def _open(self):  # type: ignore[no-untyped-def]
        private_file(Path(self.baseFilename))
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:
        # A full disk must not print logging's own traceback to the person for every line.
        pass


class _BriefFormatter(logging.Formatter):
    """For the terminal: the message only. Tracebacks go to the log file, never to a person."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname}: {record.getMessage()}"


class _QuietStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    def handleError(self, record: logging.LogRecord) -> None:
        pass  # a closed stderr is no reason to print a traceback to it


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = redact(message), None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def setup_logging(log_dir: Path | None, *, console_level: int = logging.WARNING) -> Path | None:
    """Route ``apimodels.*`` to a rotating file (if ``log_dir``) and stderr; return the file."""
    root = logging.getLogger("apimodels")
    root.setLevel(logging.DEBUG)
    root.propagate = False
    for handler in list(root.handlers):
        root.removeHandler(handler)
        # A log on a disk that filled up cannot flush its last lines: that must not stop a run.
        with contextlib.suppress(OSError):
            handler.close()
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    console = _QuietStreamHandler()
    console.setLevel(console_level)
    console.setFormatter(_BriefFormatter())
    console.addFilter(RedactingFilter())
    root.addHandler(console)
    if log_dir is None:
        return None
    try:
        private_dir(log_dir)
        path = log_dir / "uploader.log"
        file_handler = _PrivateRotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None  # a log is a help, never a reason not to start
    file_handler.setLevel(logging.INFO)
    file_handler.setFormatter(fmt)
    file_handler.addFilter(RedactingFilter())
    root.addHandler(file_handler)
    return path
