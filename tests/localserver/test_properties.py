"""Properties over many inputs: boto3-signed keys of any spelling verify; ranges stay in bounds."""

from __future__ import annotations

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.localserver import LocalServer, contract
from app.localserver.public import parse_range

from .test_interop import s3_client

_segment = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x2FF, exclude_characters="/\\?#"),
    min_size=1,
    max_size=12,
).filter(lambda s: s not in (".", ".."))
keys = st.lists(_segment, min_size=1, max_size=3).map("/".join)


def test_any_key_boto3_signs_is_accepted(server: LocalServer, client: httpx.Client) -> None:
    s3 = s3_client(server)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(key=keys, body=st.binary(max_size=64))
    def check(key: str, body: bytes) -> None:
        url = s3.generate_presigned_url(
            "put_object",
            Params={"Bucket": contract.BUCKET, "Key": key, "ContentType": "audio/ogg"},
        )
        r = client.put(url, content=body, headers={"Content-Type": "audio/ogg"})
        assert r.status_code == 200, (key, r.text)
        assert server.state.storage.read(key) == body

    check()


@given(
    size=st.integers(0, 10_000),
    first=st.none() | st.integers(0, 20_000),
    last=st.none() | st.integers(0, 20_000),
)
def test_parse_range_stays_in_bounds(size: int, first: int | None, last: int | None) -> None:
    header = f"bytes={'' if first is None else first}-{'' if last is None else last}"
    got = parse_range(header, size)
    if got is None or got == "unsatisfiable":
        return
    assert isinstance(got, tuple)
    lo, hi = got
    assert 0 <= lo <= hi < size
    if first is not None:
        assert lo == first
    elif last is not None:
        assert hi - lo + 1 == min(last, size)
