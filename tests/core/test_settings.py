"""Preferences declared once; the key in the keyring or in memory, never in a file."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from app.core.settings import (
    ENV_API_KEY,
    OPTIONS,
    AppPaths,
    KeySource,
    KeyStore,
    Settings,
    SettingsError,
)
from tests.memkeyring import MemoryKeyring

SECRET = "sk-test-0123456789abcdef"


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def test_defaults_come_from_the_declarations(tmp_path: Path) -> None:
    s = Settings(tmp_path / "settings.json", env={})
    for name, option in OPTIONS.items():
        assert s.get(name) == option.default
    assert s.get("base_url") == "https://apimodels.app"
    assert s.get("concurrency") == 3


def test_values_are_typed_saved_and_reloaded(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    s = Settings(path, env={})
    s.set("concurrency", "5")
    s.set("auto_copy", False)
    s.set("base_url", "http://127.0.0.1:8000/")
    s.save()
    again = Settings(path, env={})
    assert again.get("concurrency") == 5
    assert again.get("auto_copy") is False
    assert again.get("base_url") == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("concurrency", 0, "between 1 and 16"),
        ("concurrency", "many", "whole number"),
        ("auto_copy", "maybe", "true or false"),
        ("copy_format", "pdf", "one of"),
        ("base_url", "apimodels.app", "must start with https://"),
    ],
)
def test_bad_values_get_a_sentence(tmp_path: Path, name: str, value: object, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings(None, env={}).set(name, value)


def test_environment_wins_for_the_base_url(tmp_path: Path) -> None:
    s = Settings(None, env={"APIMODELS_BASE_URL": "http://localhost:9/"})
    assert s.get("base_url") == "http://localhost:9"


def test_a_broken_settings_file_falls_back_to_defaults_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    s = Settings(path, env={})
    assert s.get("concurrency") == 3
    assert s.load_problem is not None and "could not be read" in s.load_problem
    path.write_text(json.dumps({"concurrency": 999, "unknown": 1, "auto_copy": False}))
    s = Settings(path, env={})
    assert s.get("concurrency") == 3  # out of range: ignored, not trusted
    assert s.get("auto_copy") is False


def test_data_dir_override_keeps_everything_in_one_folder(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "profile", env={})
    assert paths.history.parent == paths.settings.parent == (tmp_path / "profile").resolve()
    from_env = AppPaths.resolve(None, env={"APIMODELS_DATA_DIR": str(tmp_path / "p2")})
    assert from_env.data == (tmp_path / "p2").resolve()


def test_key_goes_to_the_keyring_and_never_to_a_file(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = KeyStore(env={})
    assert store.get() is None and store.source is KeySource.NONE
    assert store.save(f"  {SECRET}\n") is KeySource.KEYRING
    assert store.get() == SECRET
    assert KeyStore(env={}).get() == SECRET  # a new session finds it
    assert SECRET not in repr(store)
    s = Settings(tmp_path / "settings.json", env={})
    s.set("concurrency", 4)
    s.save()
    for file in tmp_path.rglob("*"):
        assert SECRET.encode() not in file.read_bytes()
    store.forget()
    assert KeyStore(env={}).get() is None


def test_without_a_secure_keyring_the_key_lives_for_the_session_only() -> None:
    keyring.set_keyring(FailKeyring())
    store = KeyStore(env={})
    assert not KeyStore.secure_storage_available()
    assert store.save(SECRET) is KeySource.SESSION
    assert store.get() == SECRET
    assert KeyStore(env={}).get() is None  # the next session does not have it


def test_environment_key_comes_first(memory_keyring: MemoryKeyring) -> None:
    KeyStore(env={}).save("stored-key")
    store = KeyStore(env={ENV_API_KEY: "env-key"})
    assert store.get() == "env-key"
    assert store.source is KeySource.ENV


def test_an_empty_key_is_refused() -> None:
    with pytest.raises(SettingsError, match="empty"):
        KeyStore(env={}).save("   ")


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://apimodels.app", True),
        ("http://127.0.0.1:8000", True),
        ("http://localhost:9", True),
        ("http://apimodels.app", False),
        ("http://192.168.1.5:8000", False),
        ("https://", False),
    ],
)
def test_plain_http_is_only_for_this_computer(url: str, ok: bool) -> None:
    s = Settings(None, env={})
    if ok:
        s.set("base_url", url)
        assert s.get("base_url") == url
    else:
        with pytest.raises(SettingsError, match="only for a server on this computer"):
            s.set("base_url", url)


@pytest.mark.parametrize("key", ["sk-abc\ndef", "sk\u2011x", "two words"])
def test_a_key_with_impossible_characters_is_refused_with_a_sentence(key: str) -> None:
    with pytest.raises(SettingsError, match="Copy it again") as info:
        KeyStore(env={}).save(key)
    assert key not in str(info.value)
