"""A file's bytes on their way out: opened once and checked, then read and hashed in a thread.

The bytes sent must be the bytes that were checked. The file is opened once, and what the open
descriptor says (device, inode, size, modification time, and the type sniffed again from its first
bytes) must be what :func:`app.core.media.inspect` saw when the file was added.

The event loop only moves chunks that are already in memory. Reading (and the SHA-256 of the
window's duplicate check) run in a thread of the upload's own, where hashlib releases the GIL, so
they overlap with the send instead of taking turns with it.

The MD5 that checks a storage's ETag (:class:`FileMd5`) reads the file on its own, never in the
send's way: MD5 runs at about 700 MB/s on one core, slower than a fast link, and a storage that
answers without an MD5 ETag needs none at all.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hashlib
import os
import re
import stat
import sys
import threading
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO, Protocol

from .errors import FileChanged, FileRewritten
from .media import OPEN_FLAGS, Media, inspect, sniff_open
from .reasons import Reason

__all__ = [
    "Body",
    "FileMd5",
    "Hasher",
    "Source",
    "etag_md5",
    "open_checked",
    "open_path",
    "reread",
    "stored_as_sent",
]

#: Chunks read ahead of the send, per upload: enough to keep the socket busy while the reader
#: thread hashes, little enough that eight uploads at once stay within a few MiB each.
READ_AHEAD = 2


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...


class Source:
    """An opened file, read by one thread at a time; closed only when no read is under way."""

    def __init__(self, handle: BinaryIO, name: str) -> None:
        self._handle = handle
        self.name = name
        self._lock = threading.Lock()

    def read(self, n: int) -> bytes:
        with self._lock:
            return self._handle.read(n)

    def read_at(self, offset: int, n: int) -> bytes:
        """``n`` bytes from ``offset``, leaving the position :meth:`read` goes on from alone."""
        with self._lock:
            if hasattr(os, "pread"):
                return os.pread(self._handle.fileno(), n, offset)
            here = self._handle.tell()
            try:
                self._handle.seek(offset)
                return self._handle.read(n)
            finally:
                self._handle.seek(here)

    def size_now(self) -> int:
        with self._lock:
            return os.fstat(self._handle.fileno()).st_size

    def identity(self) -> tuple[int, int, int, int, int]:
        """What changes when the content does: size, modification and change times, inode and
        device. A rewrite in place keeps the size and the inode, never both times."""
        with self._lock:
            st = os.fstat(self._handle.fileno())
        return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)

    def close(self) -> None:
        with self._lock:  # a read cancelled on the loop may still run in its thread
            self._handle.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _changed(media: Media) -> FileChanged:
    return FileChanged(Reason.of("file_changed_since_added", name=media.name))


def open_checked(media: Media) -> Source:
    """Open the file to send, refusing it if it is not the one that was checked."""
    try:
        fd = os.open(media.path, OPEN_FLAGS)
    except OSError:
        raise FileChanged(Reason.of("file_gone", name=media.name)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _changed(media)
        if st.st_size != media.size:
            raise FileChanged(
                Reason.of(
                    "file_resized", name=media.name, was_bytes=media.size, now_bytes=st.st_size
                )
            )
        stamp = media.stamp
        if stamp is not None:
            now = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
            if now != (stamp.dev, stamp.ino, stamp.size, stamp.mtime_ns):
                raise _changed(media)
            # Same size and times can still be other bytes (a copy that kept the time stamps):
            # the type is read again from this very descriptor, the one the body comes from.
            if sniff_open(fd, st.st_size, media.name) != media.mime:
                raise _changed(media)
        handle = os.fdopen(fd, "rb")
    except FileChanged:
        os.close(fd)
        raise
    except OSError:
        os.close(fd)
        raise FileChanged(Reason.of("file_unopenable", name=media.name)) from None
    return Source(handle, media.name)


def reread(media: Media, tries: int, most: int) -> Media | Reason:
    """The file as it is now, to send again after it changed while it was sent (``tries``
    times so far); the reason to give up instead, when it kept changing or is no longer one that
    may go as the same kind of file."""
    fresh = inspect(media.path) if tries <= most else None
    if isinstance(fresh, Media) and fresh.mime == media.mime:
        return fresh
    if fresh is not None and not isinstance(fresh, Media):
        return fresh.why if isinstance(fresh.why, Reason) else Reason.text(fresh.why)
    return Reason.of("file_kept_changing", name=media.name, tries=tries)


def open_path(path: Path) -> Source:
    """Open a file for a client call made without a checked :class:`Media` (size is checked)."""
    try:
        return Source(path.open("rb"), path.name)
    except OSError:
        raise FileChanged(Reason.of("file_unopenable", name=path.name)) from None


class Body:
    """Exactly ``size`` bytes of a source, as an async iterable for httpx.

    A reader thread reads up to :data:`READ_AHEAD` chunks ahead of the send, hands each one to the
    loop, then feeds it to the hashers while the loop sends it. ``complete`` turns true only once
    every byte was handed over and hashed, and the file still had its size at the end.
    """

    def __init__(
        self,
        source: Source,
        size: int,
        chunk_size: int,
        hashers: Sequence[Hasher] = (),
        on_progress: Callable[[int], None] | None = None,
        *,
        low_priority: bool = False,
    ) -> None:
        self.low_priority = low_priority
        self.source = source
        self.size = size
        self.chunk_size = chunk_size
        self.hashers = tuple(hashers)
        self.on_progress = on_progress
        self.complete = False
        self._stop = threading.Event()
        self._room = threading.Semaphore(READ_AHEAD)

    def _work(self, hand: Callable[[bytes | BaseException], None]) -> None:
        name, size, read = self.source.name, self.size, 0
        if self.low_priority:
            _lower_this_thread()
        try:
            # Before the first read and after the last: when what identifies the content moved
            # in between, the bytes read may be half of one version and half of another (an
            # editor saving in place keeps the size). The last chunk is then withheld, so the
            # request is cut short and the storage keeps nothing of it.
            before = self.source.identity()
            while read < size:
                self._room.acquire()
                if self._stop.is_set():
                    return
                chunk = self.source.read(min(self.chunk_size, size - read))
                last = read + len(chunk) >= size
                if not chunk or (last and self.source.identity() != before):
                    # Checked before the last chunk goes: with every byte sent, the storage
                    # would keep the torn body however the request ends.
                    hand(FileRewritten(Reason.of("file_changed_while_sent", name=name)))
                    return
                hand(chunk)
                read += len(chunk)
                for hasher in self.hashers:
                    hasher.update(chunk)
            hand(b"")  # the end: every byte handed over and hashed
        except (OSError, ValueError):  # ValueError: the source was closed under us (cancelled)
            if not self._stop.is_set():
                hand(FileChanged(Reason.of("file_unreadable_during", name=name)))
        except RuntimeError:  # the loop closed while we were reading: nobody is listening
            return

    async def __aiter__(self) -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        arrived: asyncio.Queue[bytes | BaseException] = asyncio.Queue()

        def hand(item: bytes | BaseException) -> None:
            loop.call_soon_threadsafe(arrived.put_nowait, item)

        thread = threading.Thread(
            target=self._work, args=(hand,), name=f"read {self.source.name}", daemon=True
        )
        thread.start()
        sent = 0
        try:
            while True:
                item = await arrived.get()
                if isinstance(item, BaseException):
                    raise item
                if not item:
                    self.complete = True
                    return
                self._room.release()
                sent += len(item)
                yield item
                if self.on_progress is not None:
                    self.on_progress(sent)
        finally:
            self.stop()

    def stop(self) -> None:
        self._stop.set()
        self._room.release()  # wake the reader if it waits for room


def _lower_this_thread() -> None:
    """Let the GUI thread go first: eight uploads hashing at once keep both cores of a small
    laptop busy, and the window then waited its turn (a 40-70 ms p99 between its timer's ticks).
    Linux gives each thread its own nice value; elsewhere nothing changes."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


_PLAIN_MD5 = re.compile(r'"?([0-9a-fA-F]{32})"?')


def stored_as_sent(headers: Mapping[str, str], md5_hex: str) -> bool:
    """Whether a storage's answer to a single PUT agrees with the MD5 of what was sent.

    S3 and R2 answer with an ETag that is the hex MD5 of the body. Only such a plain ETag is
    compared: a multipart ETag ("...-3"), a weak one, or none at all proves nothing either way.
    Objects encrypted with KMS or a customer key get an ETag that is not their MD5, though it
    looks like one, so those are not compared either.
    """
    stored = etag_md5(headers)
    return stored is None or stored == md5_hex.lower()


def etag_md5(headers: Mapping[str, str]) -> str | None:
    """The MD5 a storage's answer says it stored (lower-case hex), or None when it says none."""
    lower = {k.lower(): v for k, v in headers.items()}
    if "aws:kms" in lower.get("x-amz-server-side-encryption", "").lower():
        return None
    if "x-amz-server-side-encryption-customer-algorithm" in lower:
        return None
    found = _PLAIN_MD5.fullmatch(lower.get("etag", "").strip())
    return None if found is None else found.group(1).lower()


class FileMd5:
    """The MD5 of a source's first ``size`` bytes, read in a thread of its own.

    Started beside the send when the storage is known to answer with MD5 ETags, or after its
    answer when it turned out to; :meth:`stop` ends it early when nobody will compare it.
    The file is read again rather than hashing the chunks as they go: a chunk would then wait for
    the hash before it could be sent (the send is faster than MD5), or be kept until hashed.
    """

    def __init__(self, source: Source, size: int, chunk_size: int, *, low_priority: bool) -> None:
        self._source, self._size, self._chunk = source, size, chunk_size
        self._low_priority = low_priority
        self._stop = threading.Event()
        self._done: concurrent.futures.Future[str] = concurrent.futures.Future()
        threading.Thread(target=self._work, name=f"md5 {source.name}", daemon=True).start()

    def _work(self) -> None:
        # Running, it can no longer be cancelled: a wait for it cancelled (the upload was) while
        # this thread ends would otherwise make its set_result raise here.
        if not self._done.set_running_or_notify_cancel():
            return
        if self._low_priority:
            _lower_this_thread()
        digest = hashlib.md5(usedforsecurity=False)
        offset = 0
        try:
            while offset < self._size and not self._stop.is_set():
                chunk = self._source.read_at(offset, min(self._chunk, self._size - offset))
                if not chunk:
                    break
                digest.update(chunk)
                offset += len(chunk)
        except (OSError, ValueError) as exc:  # ValueError: closed under us (cancelled)
            self._done.set_exception(exc)
            return
        if self._stop.is_set():
            return  # nobody will ask
        # A short file (truncated since) gives a digest that cannot match: that is the answer.
        self._done.set_result(digest.hexdigest())

    async def hexdigest(self) -> str:
        """The digest; FileChanged when the file could not be read to the end."""
        try:
            return await asyncio.wrap_future(self._done)
        except (OSError, ValueError):
            raise FileChanged(Reason.of("file_unreadable_during", name=self._source.name)) from None

    def stop(self) -> None:
        self._stop.set()
