"""Objects on disk: a data file per upload and a JSON sidecar per key, put in place by rename.

The sidecar names its data file, so renaming the sidecar is the one atomic switch that makes an
object (or a replacement of it) visible. Sidecars are named by a hash of the key, so a key can
never point outside the data dir.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO


@dataclass(frozen=True)
class ObjectMeta:
    key: str
    content_type: str
    size: int
    etag: str  # md5 hex, unquoted
    completed_at: datetime  # aware UTC; the public TTL runs from here
    path: Path  # the data file


class Storage:
    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir)
        self._objects = self.root / "objects"
        self._tmp = self.root / "tmp"
        # The files people tried in demo mode are theirs: a folder made here is 0700 (one that is
        # already there, maybe a shared folder, keeps its mode).
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._objects.mkdir(mode=0o700, exist_ok=True)
        self._tmp.mkdir(mode=0o700, exist_ok=True)
        self._lock = threading.Lock()

    def _meta_path(self, key: str) -> Path:
        name = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return self._objects / f"{name}.json"

    def new_temp(self) -> tuple[IO[bytes], Path]:
        """An open temporary file inside the data dir, so the final rename stays atomic."""
        fd, name = tempfile.mkstemp(dir=self._tmp, suffix=".part")
        return os.fdopen(fd, "wb"), Path(name)

    def commit(self, key: str, temp: Path, content_type: str, etag: str, when: datetime) -> None:
        data_path = self._objects / f"{uuid.uuid4().hex}.bin"
        record = {
            "key": key,
            "content_type": content_type,
            "size": temp.stat().st_size,
            "etag": etag,
            "completed_at": when.isoformat(),
            "file": data_path.name,
        }
        fd, meta_tmp = tempfile.mkstemp(dir=self._tmp, suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(temp, data_path)
        with self._lock:
            old = self.lookup(key)
            os.replace(meta_tmp, self._meta_path(key))
        if old is not None:
            # A reader may still hold it open; on POSIX that read finishes unharmed.
            with contextlib.suppress(OSError):
                old.path.unlink()

    def lookup(self, key: str) -> ObjectMeta | None:
        try:
            raw = json.loads(self._meta_path(key).read_text(encoding="utf-8"))
            if raw.get("key") != key:
                return None
            return ObjectMeta(
                key=key,
                content_type=str(raw["content_type"]),
                size=int(raw["size"]),
                etag=str(raw["etag"]),
                completed_at=datetime.fromisoformat(raw["completed_at"]),
                path=self._objects / Path(raw["file"]).name,
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def read(self, key: str) -> bytes | None:
        meta = self.lookup(key)
        if meta is None:
            return None
        try:
            return meta.path.read_bytes()
        except OSError:
            return None

    def delete(self, key: str) -> None:
        with self._lock:
            meta = self.lookup(key)
            with contextlib.suppress(FileNotFoundError):
                self._meta_path(key).unlink()
        if meta is not None:
            with contextlib.suppress(FileNotFoundError):
                meta.path.unlink()

    @staticmethod
    def discard(temp: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
