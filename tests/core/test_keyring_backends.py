"""Only keyrings that protect secrets get the key (issue 8, item 5), proven against the real
keyrings.alt backends, which Debian and Ubuntu desktops often have installed."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import keyring
import pytest
from keyring.backends.chainer import ChainerBackend
from keyrings.alt.file import PlaintextKeyring

from app import cli
from app.core.settings import KeySource, KeyStore
from tests.memkeyring import MemoryKeyring

SECRET = "sk-plaintext-canary-4242"
ROOT = Path(__file__).resolve().parents[2]


def never_on_disk(folder: Path) -> None:
    for file in folder.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert SECRET.encode() not in data
            assert base64.b64encode(SECRET.encode()) not in data


@pytest.fixture
def plaintext(tmp_path: Path) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "python_keyring" / "keyring_pass.cfg")
    keyring.set_keyring(backend)
    return backend


def test_a_plaintext_keyring_is_not_secure_storage(
    plaintext: PlaintextKeyring, tmp_path: Path
) -> None:
    assert float(plaintext.priority) > 0  # keyring itself would happily use it
    assert not KeyStore.secure_storage_available()
    store = KeyStore(env={})
    assert store.save(SECRET) is KeySource.SESSION
    assert store.get() == SECRET and store.source is KeySource.SESSION
    assert not Path(plaintext.file_path).exists()
    never_on_disk(tmp_path)


def test_a_key_left_in_a_plaintext_file_is_not_used_and_forget_removes_it(
    plaintext: PlaintextKeyring,
) -> None:
    plaintext.set_password("APIModels Uploader", "api-key", SECRET)  # an older version did this
    store = KeyStore(env={})
    assert store.get() is None
    store.forget()
    assert plaintext.get_password("APIModels Uploader", "api-key") is None


def test_in_a_chain_the_secure_backend_gets_the_key_even_when_ranked_lower(
    tmp_path: Path,
) -> None:
    class EagerPlaintext(PlaintextKeyring):  # type: ignore[misc]
        priority = 9  # ranked above the secure one: keyring would write the file first

    plain = EagerPlaintext()
    plain.file_path = str(tmp_path / "keyring_pass.cfg")
    safe = MemoryKeyring()

    class Chain(ChainerBackend):  # type: ignore[misc]
        backends: ClassVar[list[object]] = [plain, safe]

    keyring.set_keyring(Chain())
    assert KeyStore(env={}).save(SECRET) is KeySource.KEYRING
    assert safe.store[("APIModels Uploader", "api-key")] == SECRET
    assert not Path(plain.file_path).exists()


def test_key_set_refuses_the_plaintext_keyring_in_a_real_process(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env.update(
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "share"),
    )
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "key", "set"],
        input=SECRET + "\n", capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert done.returncode == cli.EXIT_FAILED
    assert "no secure keyring" in done.stderr
    assert "saved in the system keyring" not in done.stderr
    never_on_disk(tmp_path)


def test_key_status_does_not_call_a_file_the_system_keyring(
    plaintext: PlaintextKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    plaintext.set_password("APIModels Uploader", "api-key", SECRET)
    out = io.StringIO()
    code = cli.run_key("status", out, sys.stderr)
    assert code == cli.EXIT_FAILED and "not set" in out.getvalue()
