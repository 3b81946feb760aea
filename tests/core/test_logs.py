"""Nothing secret reaches a log line, a traceback or the log file."""

from __future__ import annotations

import logging
from pathlib import Path

from app.core.logs import REDACTED, redact, register_secret, setup_logging

SECRET = "sk-live-abcdef123456"


def test_registered_secrets_bearer_tokens_and_signatures_are_redacted() -> None:
    register_secret(SECRET)
    text = (
        f"key {SECRET} header Authorization: Bearer other-token-999 "
        "url https://s3/x?X-Amz-Credential=AKIA%2F2026&X-Amz-Signature=deadbeef01&b=1"
    )
    out = redact(text)
    assert SECRET not in out and "other-token-999" not in out
    assert "deadbeef01" not in out and "AKIA" not in out
    assert out.count(REDACTED) == 4
    assert "b=1" in out


def test_the_log_file_never_holds_the_key(tmp_path: Path) -> None:
    register_secret(SECRET)
    path = setup_logging(tmp_path / "logs")
    assert path is not None
    log = logging.getLogger("apimodels.test")
    log.warning("using key %s", SECRET)
    try:
        raise ValueError(f"failed with {SECRET}")
    except ValueError:
        log.exception("upload failed")
    for handler in logging.getLogger("apimodels").handlers:
        handler.flush()
    written = path.read_text()
    assert "upload failed" in written and "ValueError" in written
    assert SECRET not in written
    assert written.count(REDACTED) >= 2
    setup_logging(None)
