"""Other clients against the server: boto3's presigner, the seed's curl and requests examples,
and the command line entry point."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import boto3
import httpx
import requests
from botocore.config import Config

from app.localserver import LocalServer, contract

from .conftest import API_KEY, PNG, presign

CURL = "/usr/bin/curl"
ROOT = Path(__file__).resolve().parents[2]


def s3_client(srv: LocalServer):  # type: ignore[no-untyped-def]
    return boto3.client(
        "s3",
        endpoint_url=srv.base_url,
        aws_access_key_id=contract.ACCESS_KEY_ID,
        aws_secret_access_key=srv.storage_secret,
        region_name=contract.REGION,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


def test_boto3_presigned_url_is_accepted_and_a_changed_byte_refused(
    server: LocalServer, client: httpx.Client
) -> None:
    key = "uploads/boto/some file+name.png"
    url = s3_client(server).generate_presigned_url(
        "put_object",
        Params={"Bucket": contract.BUCKET, "Key": key, "ContentType": "image/png"},
        ExpiresIn=600,
    )
    assert url.startswith(f"{server.base_url}/{contract.BUCKET}/")
    headers = {"Content-Type": "image/png"}
    assert client.put(url, content=PNG, headers=headers).status_code == 200
    assert server.read_object(f"{server.base_url}/public/{key}") == PNG
    sig_at = url.index("X-Amz-Signature=") + len("X-Amz-Signature=")
    flipped = url[:sig_at] + ("a" if url[sig_at] != "a" else "b") + url[sig_at + 1 :]
    r = client.put(flipped, content=PNG, headers=headers)
    assert r.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in r.text
    # And the server's own URLs verify under boto3's signer settings for the same request.
    data = presign(client, server)
    assert client.put(data["uploadUrl"], content=PNG, headers=headers).status_code == 200


def run_curl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """curl run from the folder of ref.png, so the seed's `@ref.png` arguments stay unchanged."""
    return subprocess.run(
        [CURL, "-sS", *args], capture_output=True, text=True, timeout=20, check=True, cwd=cwd
    )


def test_seed_curl_presigned_flow(server: LocalServer, png_file: Path) -> None:
    size = png_file.stat().st_size
    body = '{\n"filename": "ref.png",\n"contentType": "image/png",\n"fileSize": ' + f"{size}\n}}"
    resp = run_curl(
        "-X", "POST", f"{server.base_url}/api/v1/files",
        "-H", f"Authorization: Bearer {API_KEY}",
        "-H", "Content-Type: application/json",
        "-d", body,
        cwd=png_file.parent,
    )  # fmt: skip
    data = json.loads(resp.stdout)["data"]
    put = run_curl(
        "-X", "PUT", data["uploadUrl"], "-H", "Content-Type: image/png",
        "--data-binary", "@ref.png", "-w", "%{http_code}", cwd=png_file.parent,
    )  # fmt: skip
    assert put.stdout.endswith("200")
    assert server.read_object(data["publicUrl"]) == PNG
    get = subprocess.run(
        [CURL, "-sS", data["publicUrl"]], capture_output=True, timeout=20, check=True
    )
    assert get.stdout == PNG


def test_curl_without_content_type_is_refused(
    server: LocalServer, client: httpx.Client, png_file: Path
) -> None:
    data = presign(client, server)
    put = run_curl(
        "-X",
        "PUT",
        data["uploadUrl"],
        "--data-binary",
        "@ref.png",
        "-w",
        "%{http_code}",
        cwd=png_file.parent,
    )
    assert put.stdout.endswith("403")
    assert "SignatureDoesNotMatch" in put.stdout
    assert server.puts[-1].headers["content-type"] == "application/x-www-form-urlencoded"


def test_seed_curl_direct_flow(server: LocalServer, png_file: Path) -> None:
    resp = run_curl(
        "-X", "POST", f"{server.base_url}/api/v1/files",
        "-H", f"Authorization: Bearer {API_KEY}",
        "-F", "file=@ref.png", cwd=png_file.parent,
    )  # fmt: skip
    url = json.loads(resp.stdout)["data"]["publicUrl"]
    assert server.read_object(url) == PNG
    assert server.object_content_type(url) == "image/png"


def test_seed_requests_presigned_flow(server: LocalServer, png_file: Path) -> None:
    data = png_file.read_bytes()
    r = requests.post(
        f"{server.base_url}/api/v1/files",
        headers={"Authorization": f"Bearer {API_KEY}"},
        json={"filename": "ref.png", "contentType": "image/png", "fileSize": len(data)},
        timeout=10,
    )
    upload_url = r.json()["data"]["uploadUrl"]
    public_url = r.json()["data"]["publicUrl"]
    p = requests.put(upload_url, data=data, headers={"Content-Type": "image/png"}, timeout=10)
    assert p.status_code == 200
    assert requests.get(public_url, timeout=10).content == PNG
    bare = requests.put(upload_url, data=data, timeout=10)  # no type: refused, as documented
    assert bare.status_code == 403


def test_seed_requests_direct_flow(server: LocalServer, png_file: Path) -> None:
    with png_file.open("rb") as f:
        r = requests.post(
            f"{server.base_url}/api/v1/files",
            headers={"Authorization": f"Bearer {API_KEY}"},
            files={"file": f},
            timeout=10,
        )
    url = r.json()["data"]["publicUrl"]
    assert server.read_object(url) == PNG
    assert server.object_content_type(url) == "image/png"


def test_command_line_entry_point(tmp_path: Path) -> None:
    args = [sys.executable, "-m", "app.localserver", "--port", "0", "--api-key", "cli-key",
            "--data-dir", str(tmp_path / "d")]  # fmt: skip
    with subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            pattern = r"Local Files API at (http://127\.0\.0\.1:\d+) \(API key: cli-key\)\n"
            match = re.fullmatch(pattern, line)
            assert match, line
            r = httpx.post(
                f"{match.group(1)}/api/v1/files",
                headers={"Authorization": "Bearer cli-key"},
                json={"filename": "a.png", "contentType": "image/png"},
                timeout=10,
            )
            assert r.status_code == 200 and r.json()["code"] == 200
        finally:
            proc.terminate()
        assert proc.wait(timeout=10) == 0  # SIGTERM is a clean stop
