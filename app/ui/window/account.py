"""The account side of the window: the API key (saved, tested, where it is kept) and settings.

The key goes to the system keyring through the core's KeyStore, never to a file; a key typed now
wins over the environment's for this session.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.core.errors import UploadError
from app.core.settings import KeySource, KeyStore, SettingsError
from app.ui.words import reasons

if TYPE_CHECKING:
    from app.ui.control.controller import Controller


class Account(QObject):
    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.c = controller

    def save_key(self, key: str) -> str:
        """Keep the key and go on with paused uploads; returns a sentence about where it went."""
        c = self.c
        overridden = c.keys.source is KeySource.ENV
        try:
            source = c.keys.save(key)
        except SettingsError as exc:
            raise SettingsError(self.worded(exc), exc.code) from None
        if not c.demo:
            c.client.set_api_key(key.strip())  # the key typed now, even over the environment's
            c.engine.resume(key.strip())
        c.key_accepted.emit()
        if overridden:
            return self.tr(
                "Saved, and used until the app closes. APIMODELS_API_KEY is set in the "
                "environment and wins at the next start: change or remove it there."
            )
        if source is KeySource.KEYRING:
            return self.tr("Saved in the system keyring.")
        return self.tr(
            "This computer has no secure key storage, so the key is kept only until the app closes."
        )

    async def test_key(self, key: str, base_url: str) -> tuple[bool, str]:
        works, sentence = await self.check_key(key, base_url)
        return bool(works), sentence

    async def check_key(self, key: str, base_url: str) -> tuple[bool | None, str]:
        """Whether the service takes the key: True, False (refused), or None when it could
        not be asked (no connection); and a sentence that says which."""
        key = key.strip()
        if not key:
            return False, self.tr("Paste a key first.")

        async def check() -> bool:  # on the engine's thread: the window does no HTTP
            from app.core.api import FilesClient  # httpx: never before the first paint

            probe = FilesClient(base_url=base_url, api_key=key)
            try:
                return await probe.check_key()
            finally:
                await probe.aclose()

        try:
            ok = await asyncio.wrap_future(self.c.worker.run(check()))
        except UploadError as exc:
            return None, self.tr("Could not check the key: %1").replace(
                "%1", reasons.render(exc.reason)
            )
        if ok:
            return True, self.tr("The key works.")
        return False, self.tr("The service refused this key. Copy it again from your account page.")

    async def check_saved_key(self, key: str) -> None:
        """A key typed into the key panel, asked of the service once it is saved: a refused
        key opens the panel again with the reason, a check that could not be made is said."""
        c = self.c
        works, sentence = await self.check_key(key, str(c.client.base_url))
        if c.demo or c.keys.get() != key.strip():
            return  # another key (or demo mode) came meanwhile: this answer is about no key
        if works is False:
            c.key_needed.emit(sentence)
        elif works is None:
            c.message.emit(
                sentence
                + " "
                + self.tr("The key is saved; the first upload will say if the service refuses it.")
            )

    def apply_settings(self, values: dict[str, object]) -> None:
        c = self.c
        for name, value in values.items():
            try:
                c.settings.set(name, value)
            except SettingsError as exc:
                raise SettingsError(self.worded(exc), exc.code) from None
        try:
            c.settings.save()
        except OSError as exc:
            raise SettingsError(
                self.tr("The settings could not be saved (%1).").replace("%1", str(exc))
            ) from None
        c.engine.concurrency = c.settings.get("concurrency")
        c.engine.options.direct = c.settings.get("direct_small_files")
        c.watched.apply()
        if not c.demo:
            c.client.base_url = str(c.settings.get("base_url")).rstrip("/")

    def key_status(self) -> str:
        c = self.c
        source = c.keys.source
        if c.demo:
            return self.tr("Demo mode uses a built-in key.")
        if source is KeySource.ENV:
            return self.tr("The key comes from the APIMODELS_API_KEY environment variable.")
        if source is KeySource.KEYRING:
            return self.tr("A key is saved in the system keyring.")
        if source is KeySource.SESSION:
            return self.tr("The key is kept only until the app closes (no secure storage here).")
        if not KeyStore.secure_storage_available():
            return self.tr(
                "No key yet. This computer has no secure key storage: a key you enter is kept "
                "only until the app closes."
            )
        return self.tr("No key yet.")

    def worded(self, error: SettingsError) -> str:
        """The rule a value broke, in the person's language."""
        sentences = {
            "key_empty": self.tr("The API key is empty."),
            "key_characters": self.tr(
                "The API key has characters no key has (a space, a line break or a letter "
                "outside A-Z). Copy it again from your account page."
            ),
            "base_url_insecure": self.tr(
                "The API address must start with https:// (http:// only for a server on this "
                "computer)."
            ),
        }
        return sentences.get(error.code, str(error))
