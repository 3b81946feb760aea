"""Sentences that misled (issue 16, item 11): each failure says what it is."""

from __future__ import annotations

import datetime as dt
import json
import ssl
from pathlib import Path

import pytest
import trustme

from app.core.api import FilesClient
from app.core.errors import CertificateError
from app.core.settings import DEFAULT_BASE_URL, Settings
from tests import rawserver
from tests.helpers import run

KEY = "test-key-123"


def _served_with(ca: trustme.CA, cert: trustme.LeafCert) -> rawserver.RawServer:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(ctx)
    return rawserver.RawServer(rawserver.envelope(), tls=ctx)


@pytest.fixture
def trusted_ca(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> trustme.CA:
    ca = trustme.CA()
    bundle = tmp_path / "store.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    return ca


def _refusal(srv: rawserver.RawServer) -> CertificateError:
    client = FilesClient(base_url=srv.url, api_key=KEY)
    with pytest.raises(CertificateError) as info:
        run(client.check_key())
    run(client.aclose())
    return info.value


def test_an_expired_certificate_says_it_has_expired(trusted_ca: trustme.CA) -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    cert = trusted_ca.issue_cert(
        "127.0.0.1", not_before=past, not_after=past + dt.timedelta(days=1)
    )
    with _served_with(trusted_ca, cert) as srv:
        error = _refusal(srv)
    sentence = str(error)
    assert "certificate of 127.0.0.1 has expired" in sentence
    assert "date and time" in sentence
    assert "company proxy" not in sentence
    assert not error.retryable


def test_a_certificate_for_another_name_says_so(trusted_ca: trustme.CA) -> None:
    cert = trusted_ca.issue_cert("files.other.example")
    with _served_with(trusted_ca, cert) as srv:
        error = _refusal(srv)
    sentence = str(error)
    assert "made for another name" in sentence and "127.0.0.1" in sentence
    assert "company proxy" not in sentence


def test_an_untrusted_issuer_keeps_the_proxy_advice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ca = trustme.CA()  # not in the store
    other = tmp_path / "other.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    monkeypatch.setenv("SSL_CERT_FILE", str(other))
    with _served_with(ca, ca.issue_cert("127.0.0.1")) as srv:
        error = _refusal(srv)
    assert "company proxy" in str(error)


def test_a_saved_base_url_that_cannot_be_used_is_told_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"base_url": "http://evil.example.com", "concurrency": 4}))
    settings = Settings(path, env={})
    assert settings.get("base_url") == DEFAULT_BASE_URL  # never the insecure address
    assert settings.get("concurrency") == 4  # the rest of the file still counts
    problem = settings.load_problem or ""
    assert "base_url" in problem and "http://evil.example.com" in problem
    assert "https://" in problem and DEFAULT_BASE_URL in problem
