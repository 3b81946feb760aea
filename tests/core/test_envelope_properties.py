"""Property tests of the response parser (issue 8): whatever a server sends, the parser returns
the documented data or raises one of the client's own errors with a bounded sentence."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.envelope import check_url, parse_api_response, storage_error
from app.core.errors import ApiError, ProtocolError, StorageError, UploadError

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_statuses = st.sampled_from([200, 201, 204, 299, 301, 400, 401, 403, 404, 413, 429, 500, 502, 503])
_headers = st.dictionaries(
    st.sampled_from(["retry-after", "content-type", "x-other"]), st.text(max_size=20), max_size=3
)


def _envelopes() -> st.SearchStrategy[bytes]:
    envelope = st.fixed_dictionaries(
        {"code": st.one_of(st.integers(100, 599), st.booleans(), st.text(max_size=4)),
         "msg": st.one_of(st.text(max_size=300), st.integers())},
        optional={"data": _json},
    )  # fmt: skip
    return st.one_of(
        envelope.map(lambda d: json.dumps(d).encode()),
        _json.map(lambda d: json.dumps(d).encode()),
        st.binary(max_size=200),
    )


@settings(max_examples=400)
@given(_statuses, _headers, _envelopes())
def test_any_answer_is_data_or_one_of_our_errors(
    status: int, headers: dict[str, str], body: bytes
) -> None:
    try:
        data = parse_api_response(status, headers, body)
    except UploadError as err:
        sentence = str(err)
        assert sentence and len(sentence) < 600
        assert "HTTP 502: HTTP 502" not in sentence
        if isinstance(err, ApiError):
            assert "\n" not in err.msg
        return
    # A success needs a 2xx status, the envelope, a 2xx code and a data object.
    doc: Any = json.loads(body)
    assert 200 <= status < 300
    assert isinstance(doc["code"], int) and 200 <= doc["code"] < 300
    assert data == doc["data"] and isinstance(data, dict)


@given(st.integers(200, 299), st.dictionaries(st.text(max_size=8), _json, max_size=3))
def test_every_2xx_success_envelope_is_a_success(status: int, data: dict[str, Any]) -> None:
    body = json.dumps({"code": 200, "msg": "success", "data": data}).encode()
    assert parse_api_response(status, {}, body) == data


@given(st.text(max_size=200))
def test_a_url_is_accepted_only_if_https_or_loopback_http(url: str) -> None:
    try:
        checked = check_url(url, "public URL")
    except ProtocolError as err:
        assert not err.retryable and "public URL" in str(err)
        assert "?" not in str(err) or "?" not in url  # never the query (a signature) in it
        return
    assert checked == url
    assert url.startswith("https://") or url.startswith("http://")
    assert url.isprintable() and not any(c.isspace() for c in url)


@given(st.integers(300, 599), st.binary(max_size=3000))
def test_any_storage_refusal_is_a_storage_error(status: int, body: bytes) -> None:
    err = storage_error(status, body)
    assert isinstance(err, StorageError)
    assert len(str(err)) < 800
