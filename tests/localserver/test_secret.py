"""The storage signing secret is made per start: reading the source forges no upload URL."""

from __future__ import annotations

from pathlib import Path

import boto3
import httpx
from botocore.config import Config

from app.localserver import LocalServer, contract

# What the secret was while it was a constant in contract.py: a forger's first guess.
OLD_CONSTANT = "localserver-secret-access-key-not-a-secret"


def _forged_put_url(srv: LocalServer, secret: str, key: str) -> str:
    s3 = boto3.client(
        "s3",
        endpoint_url=srv.base_url,
        aws_access_key_id=contract.ACCESS_KEY_ID,
        aws_secret_access_key=secret,
        region_name=contract.REGION,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )
    url: str = s3.generate_presigned_url(
        "put_object",
        Params={"Bucket": contract.BUCKET, "Key": key, "ContentType": "text/html"},
        ExpiresIn=600,
    )
    return url


def test_an_upload_url_signed_with_the_old_constant_is_refused(tmp_path: Path) -> None:
    page = b"<html><script>alert(1)</script></html>"
    with LocalServer(api_key="k-123456", data_dir=tmp_path / "d") as srv, httpx.Client() as c:
        url = _forged_put_url(srv, OLD_CONSTANT, "uploads/forged/page.html")
        r = c.put(url, content=page, headers={"Content-Type": "text/html"})
        assert r.status_code == 403 and "SignatureDoesNotMatch" in r.text
        assert srv.read_object(f"{srv.base_url}/public/uploads/forged/page.html") is None
        assert c.get(f"{srv.base_url}/public/uploads/forged/page.html").status_code == 404


def test_each_start_has_its_own_secret(tmp_path: Path) -> None:
    with (
        LocalServer(api_key="k-123456", data_dir=tmp_path / "a") as one,
        LocalServer(api_key="k-123456", data_dir=tmp_path / "b") as two,
    ):
        assert one.storage_secret != two.storage_secret
        assert len(one.storage_secret) >= 32
        assert one.storage_secret not in Path(contract.__file__).read_text()
