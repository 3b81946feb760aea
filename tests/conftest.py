"""Shared fixtures. Qt runs offscreen; the keyring is in memory; servers bind to loopback."""

from __future__ import annotations

import os

# Before anything imports Qt or keyring.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.memkeyring.MemoryKeyring"
for _var in ("APIMODELS_API_KEY", "APIMODELS_BASE_URL", "APIMODELS_DATA_DIR"):
    os.environ.pop(_var, None)

from collections.abc import Iterator  # noqa: E402

import keyring  # noqa: E402
import pytest  # noqa: E402

from app.core.settings import trust_backend  # noqa: E402
from tests.memkeyring import MemoryKeyring  # noqa: E402

# The tests' keyring stands in for the OS's; keyrings.alt (installed for the tests) never does.
trust_backend(MemoryKeyring)


@pytest.fixture(autouse=True)
def _fresh_keyring() -> Iterator[MemoryKeyring]:
    """Each test starts with an empty in-memory keyring; nothing reaches the real one."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend


@pytest.fixture
def local_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The local copy of the hosted service on an ephemeral loopback port, key ``test-key``."""
    from app.localserver import LocalServer

    with LocalServer(api_key="test-key", data_dir=tmp_path_factory.mktemp("server")) as srv:
        yield srv
