"""Preferences, where the app keeps its files, and the API key.

Every preference is declared once below with its type and default. Preferences live in a small JSON
file; the API key never does: it comes from ``APIMODELS_API_KEY`` or the OS keyring, and where no
secure keyring exists it is kept in memory for this session only.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from .private import private_dir
from .wire import DEFAULT_BASE_URL, is_valid_key

APP_DIR_NAME = "APIModels Uploader"
APP_AUTHOR = "APIModels"
ENV_API_KEY = "APIMODELS_API_KEY"
ENV_BASE_URL = "APIMODELS_BASE_URL"
ENV_DATA_DIR = "APIMODELS_DATA_DIR"
KEYRING_SERVICE = "APIModels Uploader"
KEYRING_USER = "api-key"


@dataclass(frozen=True)
class Option:
    name: str
    type: type
    default: Any
    help: str
    env: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()


OPTIONS: dict[str, Option] = {
    o.name: o
    for o in (
        Option("base_url", str, DEFAULT_BASE_URL, "Where the Files API lives.", env=ENV_BASE_URL),
        Option("concurrency", int, 3, "Uploads that run at the same time.", minimum=1, maximum=16),
        Option("auto_copy", bool, True, "Copy the URL when an upload finishes."),
        Option(
            "copy_format",
            str,
            "url",
            "What Copy puts on the clipboard.",
            choices=("url", "markdown", "html", "call"),
        ),
        Option("language", str, "system", "Interface language.", choices=("system", "en", "zh_CN")),
        Option("direct_small_files", bool, False, "Send files of 4 MB or less directly."),
        Option("theme", str, "system", "Light or dark.", choices=("system", "light", "dark")),
        Option("expiry_notice", bool, True, "Say ahead of time that links will expire."),
        Option(
            "expiry_notice_hours",
            int,
            24,
            "How long before expiry to say so.",
            minimum=1,
            maximum=72,
        ),
        Option("expiry_notice_shown", str, "", "The day (YYYY-MM-DD) it was last said."),
        Option(
            "copy_templates",
            str,
            "[]",
            'Own Copy as formats: JSON [{"name": ..., "template": ...}] (app/core/templates.py).',
        ),
        # Files from anywhere (issue 17): both off until the person turns them on.
        Option("watch_enabled", bool, False, "Upload new files that appear in the watched folder."),
        Option("watch_folder", str, "", "The watched folder."),
        Option(
            "clipboard_images",
            str,
            "off",
            "An image copied anywhere: offer it for upload, upload it at once, or nothing.",
            choices=("off", "offer", "upload"),
        ),
        Option(
            "clean_metadata",
            bool,
            True,
            "Remove location and camera details before upload.",
        ),
        Option(
            "over_limit",
            str,
            "ask",
            "Files over the limit: ask, make them fit, or refuse.",
            choices=("ask", "fit", "refuse"),
        ),
    )
}


class SettingsError(ValueError):
    """A value that does not fit its option; the sentence names the option and the rule.

    ``code`` says which rule, for a surface that words it in another language.
    """

    def __init__(self, sentence: str, code: str = "") -> None:
        super().__init__(sentence)
        self.code = code


def coerce(option: Option, value: object) -> Any:
    if option.type is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"1", "true", "yes", "on", "0", "false"}:
            return value.lower() in {"1", "true", "yes", "on"}
        raise SettingsError(f"{option.name} must be true or false.")
    if option.type is int:
        try:
            number = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            raise SettingsError(f"{option.name} must be a whole number.") from None
        if isinstance(value, bool):
            raise SettingsError(f"{option.name} must be a whole number.")
        lo, hi = option.minimum, option.maximum
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            raise SettingsError(f"{option.name} must be between {lo} and {hi}.")
        return number
    if not isinstance(value, str):
        raise SettingsError(f"{option.name} must be text.")
    if option.choices and value not in option.choices:
        raise SettingsError(f"{option.name} must be one of: {', '.join(option.choices)}.")
    if option.name == "base_url":
        value = value.strip().rstrip("/")
        host = urlsplit(value).hostname or ""
        secure = value.startswith("https://") and host
        local = value.startswith("http://") and _is_loopback_host(host)
        if not (secure or local):
            # Plain http would send the API key in the clear to anything but this computer.
            raise SettingsError(
                "base_url must start with https:// (http:// only for a server on this computer).",
                "base_url_insecure",
            )
    return value


def _is_loopback_host(host: str) -> bool:
    # The reply checks (ipaddress, the error types) are not needed to read the settings the
    # window's first paint depends on: loaded only for an http:// address.
    from .envelope import is_loopback_host

    return is_loopback_host(host)


@dataclass(frozen=True)
class AppPaths:
    data: Path
    config: Path
    cache: Path
    logs: Path

    @property
    def history(self) -> Path:
        return self.data / "history.sqlite3"

    @property
    def settings(self) -> Path:
        return self.config / "settings.json"

    @classmethod
    def resolve(
        cls, override: str | os.PathLike[str] | None = None, env: Mapping[str, str] = os.environ
    ) -> AppPaths:
        """``--data-dir`` first, then ``APIMODELS_DATA_DIR``, then the platform's user folders.

        An override keeps everything under one folder, so tests never touch a real profile.
        """
        root = override or env.get(ENV_DATA_DIR)
        if root:
            base = Path(root).expanduser().resolve()
            return cls(base, base, base / "cache", base / "logs")
        return cls(
            Path(platformdirs.user_data_dir(APP_DIR_NAME, APP_AUTHOR)),
            Path(platformdirs.user_config_dir(APP_DIR_NAME, APP_AUTHOR)),
            Path(platformdirs.user_cache_dir(APP_DIR_NAME, APP_AUTHOR)),
            Path(platformdirs.user_log_dir(APP_DIR_NAME, APP_AUTHOR)),
        )


class Settings:
    """Typed preferences backed by a JSON file; environment variables win over the file."""

    def __init__(self, path: Path | None, env: Mapping[str, str] = os.environ) -> None:
        self.path = path
        self._env = env
        self._values: dict[str, Any] = {}
        self.load_problem: str | None = None
        #: Options whose saved value was refused (load_problem says why): the defaults are used.
        self.refused: list[str] = []
        if path is not None and path.exists():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("not an object")
        except (OSError, ValueError) as exc:
            self.load_problem = (
                f"The settings file {path} could not be read ({exc}); defaults are used."
            )
            return
        refused = []
        for name, value in raw.items():
            option = OPTIONS.get(name)
            if option is None:
                continue  # a newer or older version's option: keep ours clean
            try:
                self._values[name] = coerce(option, value)
            except SettingsError as exc:
                # Said, not dropped in silence: an address someone wrote there and that is not
                # used (http://evil.example.com) must not look as if it were.
                shown = value if isinstance(value, str | int | float | bool) else type(value)
                self.refused.append(name)
                refused.append(
                    f"{name} = {str(shown)[:200]!r} cannot be used ({exc}); "
                    f"{option.default!r} is used instead"
                )
        if refused:
            self.load_problem = f"The settings file {path}: " + "; ".join(refused) + "."

    def get(self, name: str) -> Any:
        option = OPTIONS[name]
        if option.env and self._env.get(option.env):
            try:
                return coerce(option, self._env[option.env])
            except SettingsError as exc:  # say where the bad value came from
                raise SettingsError(
                    f"{option.env} is set to a value that does not work: {exc}"
                ) from None
        return self._values.get(name, option.default)

    def env_problem(self, name: str) -> str | None:
        """Why the environment's value for ``name`` cannot be used, if it cannot."""
        try:
            self.get(name)
        except SettingsError as exc:
            return str(exc)
        return None

    def saved(self, name: str) -> Any:
        """The value from the settings file (or the default), whatever the environment says."""
        return self._values.get(name, OPTIONS[name].default)

    def overridden_by(self, name: str) -> str | None:
        """The environment variable that wins over the saved value, if one is set."""
        option = OPTIONS[name]
        return option.env if option.env and self._env.get(option.env) else None

    def set(self, name: str, value: object) -> None:
        self._values[name] = coerce(OPTIONS[name], value)

    def save(self) -> None:
        if self.path is None:
            return
        private_dir(self.path.parent)
        # Write then rename: a crash mid-save leaves the old file, never half a file.
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._values, handle, indent=2, sort_keys=True)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


class KeySource(Enum):
    NONE = "none"
    ENV = "environment"
    KEYRING = "keyring"
    SESSION = "session"


class KeyStore:
    """The API key: environment first, then the OS keyring, else memory for this session.

    Nothing here writes the key to a file or a log; ``repr`` never shows it.
    """

    def __init__(self, env: Mapping[str, str] = os.environ) -> None:
        self._env = env
        self._session: str | None = None

    def __repr__(self) -> str:
        return f"KeyStore(source={self.source.value})"

    @property
    def source(self) -> KeySource:
        return self._lookup()[1]

    def get(self) -> str | None:
        return self._lookup()[0]

    def _lookup(self) -> tuple[str | None, KeySource]:
        if self._env.get(ENV_API_KEY):
            return self._env[ENV_API_KEY].strip(), KeySource.ENV
        if self._session:
            return self._session, KeySource.SESSION
        stored = _keyring_get()
        if stored:
            return stored, KeySource.KEYRING
        return None, KeySource.NONE

    def save(self, key: str) -> KeySource:
        """Keep the key; returns where it went (KEYRING, or SESSION when no secure store exists)."""
        key = key.strip()
        if not key:
            raise SettingsError("The API key is empty.", "key_empty")
        if not is_valid_key(key):
            raise SettingsError(
                "The API key has characters no key has (a space, a line break or a letter "
                "outside A-Z). Copy it again from your account page.",
                "key_characters",
            )
        if _keyring_set(key):
            self._session = None
            return KeySource.KEYRING
        self._session = key
        return KeySource.SESSION

    def forget(self) -> None:
        self._session = None
        _keyring_delete()

    @staticmethod
    def secure_storage_available() -> bool:
        return _secure_backend() is not None


#: Keyrings that keep secrets under the operating system's protection: the macOS Keychain, the
#: Windows Credential Locker, Secret Service (GNOME Keyring, KeePassXC) and KWallet. Anything
#: else is refused, first of all keyrings.alt (common on Debian and Ubuntu), whose "keyrings" are
#: files: plaintext, base64, or encrypted with a password asked for on stdin.
SECURE_BACKENDS = frozenset(
    {
        "keyring.backends.macOS.Keyring",
        "keyring.backends.Windows.WinVaultKeyring",
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.kwallet.DBusKeyringKWallet4",
    }
)
_also_secure: set[str] = set()


def trust_backend(cls: type) -> None:
    """Count one more backend class as secure (the tests' in-memory stand-in for the OS's)."""
    _also_secure.add(f"{cls.__module__}.{cls.__qualname__}")


def _backends() -> list[Any]:
    """Every backend keyring would use, best first (a chainer holds several)."""
    import keyring

    backend = keyring.get_keyring()
    inner = getattr(backend, "backends", None)
    if isinstance(inner, list | tuple):
        return sorted(inner, key=lambda b: float(getattr(b, "priority", 0)), reverse=True)
    return [backend]


def _is_secure(backend: object) -> bool:
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    return name in SECURE_BACKENDS or name in _also_secure


def _secure_backend() -> Any:
    """The backend the key may go to, or None: never keyring's own pick when that is a file."""
    try:
        for backend in _backends():
            if _is_secure(backend) and float(getattr(backend, "priority", 0)) > 0:
                return backend
    except Exception:  # no keyring package, a broken backend: no secure storage
        return None
    return None


def _keyring_get() -> str | None:
    backend = _secure_backend()
    if backend is None:
        return None
    try:
        value = backend.get_password(KEYRING_SERVICE, KEYRING_USER)
    except Exception:  # any backend failure means "no stored key", never a crash
        return None
    return str(value) if value else None


def _keyring_set(key: str) -> bool:
    backend = _secure_backend()
    if backend is None:
        return False
    try:
        backend.set_password(KEYRING_SERVICE, KEYRING_USER, key)
    except Exception:  # PasswordSetError, D-Bus failures, a locked keychain...
        return False
    return True


def _keyring_delete() -> None:
    """Forget the key everywhere, files included: an older version may have left it in one."""
    try:
        backends = _backends()
    except Exception:
        return
    for backend in backends:
        with contextlib.suppress(Exception):  # nothing stored there: nothing to remove
            backend.delete_password(KEYRING_SERVICE, KEYRING_USER)
