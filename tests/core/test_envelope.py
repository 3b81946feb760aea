"""Reading the service's answers: every documented shape, and anything else a proxy might send."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.envelope import (
    check_url,
    parse_api_response,
    parse_direct,
    parse_presigned,
    storage_error,
)
from app.core.errors import (
    ApiError,
    AuthError,
    BadRequest,
    ProtocolError,
    RequestTooLarge,
    ServerError,
    StorageError,
    UploadError,
    UploadUrlExpired,
)

GOOD = {
    "uploadUrl": "https://acct.r2.cloudflarestorage.com/b/uploads/u/1.png?X-Amz-Signature=ab",
    "publicUrl": "https://r2.apimodels.app/uploads/u/1.png",
    "expiresAt": "2026-05-30T09:30:00.000Z",
}


def body(doc: object) -> bytes:
    return json.dumps(doc).encode()


def test_presigned_success_is_read_whole() -> None:
    data = parse_api_response(200, {}, body({"code": 200, "msg": "success", "data": GOOD}))
    got = parse_presigned(data)
    assert got.upload_url == GOOD["uploadUrl"]
    assert got.public_url == GOOD["publicUrl"]
    assert got.expires_at == datetime(2026, 5, 30, 9, 30, tzinfo=UTC)


def test_direct_success_gives_the_public_url() -> None:
    data = parse_api_response(200, {}, body({"code": 200, "msg": "success", "data": GOOD}))
    assert parse_direct(data) == GOOD["publicUrl"]


@pytest.mark.parametrize(
    ("status", "msg", "kind"),
    [
        (400, "filename and contentType are required", BadRequest),
        (400, "Only image/, video/, or audio/ content types are accepted", BadRequest),
        (400, "File too large (max 100MB)", BadRequest),
        (400, "File too large (max 10MB)", BadRequest),
        (400, 'No file provided (expected form field "file")', BadRequest),
        (400, "Invalid JSON body", BadRequest),
        (400, "Expected multipart/form-data or application/json", BadRequest),
        (401, "Invalid or missing API key", AuthError),
        (500, "Storage not configured", ServerError),
    ],
)
def test_documented_errors_keep_the_servers_msg(status: int, msg: str, kind: type) -> None:
    with pytest.raises(kind) as info:
        parse_api_response(status, {}, body({"code": status, "msg": msg}))
    assert info.value.status == status
    assert info.value.msg == msg
    assert msg in str(info.value)


def test_a_400_is_final_and_a_5xx_or_429_is_worth_retrying() -> None:
    with pytest.raises(BadRequest) as bad:
        parse_api_response(400, {}, body({"code": 400, "msg": "Invalid JSON body"}))
    assert not bad.value.retryable
    with pytest.raises(ServerError) as busy:
        parse_api_response(429, {"retry-after": "7"}, body({"code": 429, "msg": "slow down"}))
    assert busy.value.retryable
    assert busy.value.retry_after == 7.0


def test_success_status_with_an_error_code_is_still_an_error() -> None:
    with pytest.raises(BadRequest):
        parse_api_response(200, {}, body({"code": 400, "msg": "Invalid JSON body"}))


@pytest.mark.parametrize(
    ("status", "raw", "kind"),
    [
        (502, b"<html><body>Bad gateway</body></html>", ServerError),
        (413, b"Request Entity Too Large", RequestTooLarge),
        (401, b"", AuthError),
        (200, b"", ProtocolError),
        (200, b"<html>hello</html>", ProtocolError),
        (404, b"<html>Not found</html>", ApiError),
        (200, b'{"code":200,"msg":"success"}', ProtocolError),
        (200, b'{"code":200,"msg":"success","data":[]}', ProtocolError),
        (200, b"[1,2,3]", ProtocolError),
        (200, b'{"code":"200","msg":"success","data":{}}', ProtocolError),
    ],
)
def test_answers_that_are_not_the_envelope_are_typed_errors(
    status: int, raw: bytes, kind: type
) -> None:
    with pytest.raises(kind) as info:
        parse_api_response(status, {}, raw)
    assert str(info.value).endswith((".", ")"))


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("uploadUrl", None, "no upload URL"),
        ("uploadUrl", 12, "no upload URL"),
        ("publicUrl", "", "no public URL"),
        ("publicUrl", "http://cdn.example.com/x.png", "not secure (http://cdn.example.com)"),
        ("uploadUrl", "ftp://example.com/x", "not a web address (it starts with ftp:)"),
        ("uploadUrl", "https://", "malformed"),
        ("expiresAt", "tomorrow", "not a date"),
        ("expiresAt", None, "no valid expiresAt"),
    ],
)
def test_a_success_with_bad_fields_is_refused(field: str, value: object, fragment: str) -> None:
    with pytest.raises(ProtocolError) as info:
        parse_presigned({**GOOD, field: value})
    assert fragment in str(info.value)
    assert not info.value.retryable


def test_an_http_upload_url_is_refused_without_showing_its_signature() -> None:
    with pytest.raises(ProtocolError) as info:
        check_url("http://evil.example/x?X-Amz-Signature=SECRETSIG", "upload URL")
    assert "SECRETSIG" not in str(info.value)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/x", "http://localhost:8080/x", "http://[::1]:5/x", "https://a.b/c"]
)
def test_loopback_http_and_any_https_are_fine(url: str) -> None:
    assert check_url(url, "public URL") == url


def test_storage_refusals_tell_expiry_apart() -> None:
    s3 = (
        b"<?xml version='1.0'?><Error><Code>AccessDenied</Code>"
        b"<Message>Request has expired</Message></Error>"
    )
    assert isinstance(storage_error(403, s3), UploadUrlExpired)
    r2 = b"<Error><Code>ExpiredRequest</Code><Message>Request expired</Message></Error>"
    assert isinstance(storage_error(400, r2), UploadUrlExpired)
    sig = b"<Error><Code>SignatureDoesNotMatch</Code><Message>nope</Message></Error>"
    err = storage_error(403, sig)
    assert type(err) is StorageError
    assert not err.retryable
    assert "SignatureDoesNotMatch" in str(err)
    assert storage_error(503, b"").retryable


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
envelopes = st.fixed_dictionaries(
    {},
    optional={
        "code": st.one_of(st.sampled_from([200, 400, 401, 500]), json_values),
        "msg": json_values,
        "data": st.one_of(
            json_values,
            st.fixed_dictionaries(
                {},
                optional={
                    "uploadUrl": st.one_of(st.sampled_from([GOOD["uploadUrl"]]), json_values),
                    "publicUrl": st.one_of(st.sampled_from([GOOD["publicUrl"]]), json_values),
                    "expiresAt": st.one_of(st.sampled_from([GOOD["expiresAt"]]), json_values),
                },
            ),
        ),
    },
)


def _read_all_ways(status: int, raw: bytes) -> None:
    data = parse_api_response(status, {}, raw)
    parse_presigned(data)
    parse_direct(data)


@settings(max_examples=400, deadline=None)
@given(status=st.integers(100, 599), raw=st.binary(max_size=300))
def test_any_bytes_give_data_or_a_typed_error(status: int, raw: bytes) -> None:
    try:
        _read_all_ways(status, raw)
    except UploadError as exc:
        assert str(exc)


@settings(max_examples=400, deadline=None)
@given(status=st.sampled_from([200, 400, 401, 413, 429, 500, 502]), doc=envelopes)
def test_any_json_shape_gives_data_or_a_typed_error(status: int, doc: dict[str, object]) -> None:
    try:
        _read_all_ways(status, json.dumps(doc).encode())
    except UploadError as exc:
        assert str(exc)


@settings(max_examples=200, deadline=None)
@given(status=st.integers(300, 599), raw=st.binary(max_size=300))
def test_any_storage_refusal_is_a_storage_error(status: int, raw: bytes) -> None:
    err = storage_error(status, raw)
    assert isinstance(err, StorageError)
    assert str(err)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("uploadUrl", "https://example.com/a\x00b"),
        ("uploadUrl", "https://xn--/u"),
        ("publicUrl", "https://cdn.example/\ud800.png"),
        ("expiresAt", "0001-01-01T00:00:00+01:00"),
        ("expiresAt", "9999-12-31T23:59:59-01:00"),
    ],
)
def test_hostile_field_values_are_protocol_errors(field: str, value: str) -> None:
    with pytest.raises(ProtocolError):
        parse_presigned({**GOOD, field: value})


def test_server_text_is_cleaned_before_anyone_sees_it() -> None:
    raw = json.dumps({"code": 400, "msg": "bad \ud800 thing\nAuthorization: Bearer sk-echoed-1"})
    with pytest.raises(BadRequest) as info:
        parse_api_response(400, {}, raw.encode())
    shown = str(info.value)
    shown.encode("utf-8")  # no lone surrogate left
    assert "sk-echoed-1" not in shown and "\n" not in shown
