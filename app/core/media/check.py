"""What a file is and whether it may go: its sniffed type, kind and size, or a refusal sentence.

Nothing here raises for a bad path: whatever a person drops (a missing file, a pipe, a folder full
of notes) comes back as something the window can show.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from app.core.reasons import Reason, human_size
from app.core.sniff import (
    AFTER_ID3_BYTES,
    HEAD_BYTES,
    ID3_WITHOUT_AUDIO,
    after_id3,
    describe,
    id3_read_behind,
    sniff,
)

__all__ = [
    "HEAD_BYTES",
    "Caps",
    "Collected",
    "Kind",
    "Media",
    "MiB",
    "Origin",
    "Refusal",
    "Stamp",
    "collect",
    "describe",
    "file_sha256",
    "human_size",
    "inspect",
    "sniff",
    "sniff_open",
]

MiB = 1024 * 1024
Kind = Literal["image", "video", "audio"]

_KINDS: tuple[Kind, ...] = ("image", "video", "audio")


@dataclass(frozen=True)
class Caps:
    """The service's size limit per kind (the server's 400 stays the final word)."""

    image: int = 10 * MiB
    video: int = 100 * MiB
    audio: int = 100 * MiB

    def for_kind(self, kind: Kind) -> int:
        if kind == "image":
            return self.image
        if kind == "video":
            return self.video
        return self.audio


@dataclass(frozen=True)
class Stamp:
    """What the opened file said when it was checked: the same file, unchanged, says it again."""

    dev: int
    ino: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> Stamp:
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass(frozen=True)
class Origin:
    """The file a person dropped, when what goes is a cleaned or fitted copy of it."""

    path: Path
    size: int
    mime: str
    stamp: Stamp | None
    #: What was taken out ("GPS position", "camera serial number", ...); empty when nothing.
    removed: tuple[str, ...] = ()
    fitted: bool = False


@dataclass(frozen=True)
class Media:
    """A file that may go."""

    path: Path
    name: str
    size: int
    mime: str
    kind: Kind
    stamp: Stamp | None = None  # None only for media made by hand (tests): then size is checked
    #: Set when path is a private copy made from another file (app.core.media.prepare).
    origin: Origin | None = None

    @property
    def source_path(self) -> Path:
        """The file the person chose: what history keeps for Re-upload and the duplicate check."""
        return self.origin.path if self.origin is not None else self.path


@dataclass(frozen=True, eq=False)
class Refusal:
    """A file that may not go, and why (a code the window translates; English for the CLI)."""

    path: Path
    why: Reason | str
    size: int | None = None  # when it is known: a refused file still has a size to show

    @property
    def reason(self) -> str:
        return str(self.why)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Refusal):
            return NotImplemented
        return (self.path, self.reason) == (other.path, other.reason)

    def __hash__(self) -> int:
        return hash((self.path, self.reason))


# --- One file ------------------------------------------------------------------------------------

# Why a file was refused, so that `collect` can tell "not media, skip quietly" from "media that
# cannot go, tell the person".
_NOT_MEDIA = "not-media"
_EMPTY = "empty"
_SPECIAL = "special"
_DANGLING = "dangling"
_OTHER = "other"


@dataclass(frozen=True)
class _Verdict:
    item: Media | Refusal
    why: str = ""
    short: str = ""  # "notes.txt (plain text)", for the skipped-files examples


_SURROGATE = re.compile("[\ud800-\udfff]")


def _printable(text: str) -> str:
    """text with the bytes of a non-UTF-8 file name shown as U+FFFD.

    On Linux such a name decodes to lone surrogates (b"bad\\xff.png" -> "bad\\udcff.png"), which
    SQLite, JSON and print all choke on. Only for showing: the path keeps the real name.
    """
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate surrogateescape did not make (Windows names)
        return _SURROGATE.sub("\ufffd", text)


def _display_name(raw: str) -> str:
    name = os.path.basename(os.path.normpath(raw)) if raw else ""
    if name in (".", ".."):
        with contextlib.suppress(OSError, ValueError):
            name = os.path.basename(os.path.abspath(raw))
    if not name:
        name = raw
    return _printable(name) or "A file with no name"


def _absolute(raw: str) -> Path:
    try:
        return Path(os.path.abspath(raw)) if raw else Path(os.getcwd())
    except (OSError, ValueError):
        return Path(raw)


def _resolved(raw: str) -> Path:
    # os.path.realpath, unlike Path.resolve on 3.11, neither raises on a symlink loop nor on a
    # missing file, so it is safe for dedupe keys of anything a person drops.
    try:
        return Path(os.path.realpath(raw))
    except (OSError, ValueError):
        return _absolute(raw)


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "other"


_SPECIAL_SHORT = {
    "pipe": "named pipe",
    "socket": "socket",
    "device": "device",
    "other": "special file",
}


def _cannot_read(name: str, path: Path, err: OSError) -> _Verdict:
    if err.errno in (errno.EACCES, errno.EPERM):
        return _Verdict(Refusal(path, Reason.of("unreadable_denied", name=name)), _OTHER)
    detail = (err.strerror or type(err).__name__).lower()
    code = errno.errorcode.get(err.errno or 0, "")  # "EIO": the window words the OS's error
    why = Reason.of("unreadable", name=name, detail=detail, os_error=code)
    return _Verdict(Refusal(path, why), _OTHER)


#: O_NONBLOCK: if the path was swapped for a FIFO after the stat, open() must not wait for a
#: writer forever; the fstat that follows then refuses it.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_head(path: str) -> tuple[os.stat_result, bytes, bytes | None]:
    """Stat of the opened file, its first HEAD_BYTES, and what follows a large ID3 tag.

    The last is None unless head ends before it shows what the tag is in front of; b"" when the
    tag runs to the end of the file.
    """
    fd = os.open(path, OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return st, b"", None
        head, after_tag = _head_of(fd, st.st_size)
        return st, head, after_tag
    finally:
        os.close(fd)


def _head_of(fd: int, size: int) -> tuple[bytes, bytes | None]:
    head = _read_exactly(fd, HEAD_BYTES)
    after_tag = None
    end = id3_read_behind(head)
    # MP3s carry cover art in the ID3 tag; what the tag is in front of lies beyond it.
    if end is not None:
        after_tag = b""
        if end < size:
            os.lseek(fd, end, os.SEEK_SET)
            after_tag = _read_exactly(fd, AFTER_ID3_BYTES)
    return head, after_tag


def _type_of(head: bytes, after_tag: bytes | None, name: str) -> str | None:
    # What lies behind an ID3 tag decides, not the tag: ten bytes anyone can put in front of
    # anything.
    return after_id3(after_tag) if after_tag is not None else sniff(head, name)


def sniff_open(fd: int, size: int, name: str) -> str | None:
    """The media type of an already opened file, read from its start; leaves it at offset 0."""
    os.lseek(fd, 0, os.SEEK_SET)
    try:
        head, after_tag = _head_of(fd, size)
    finally:
        os.lseek(fd, 0, os.SEEK_SET)
    return _type_of(head, after_tag, name)


def _read_exactly(fd: int, count: int) -> bytes:
    chunks: list[bytes] = []
    remaining = count
    while remaining > 0:
        chunk = os.read(fd, remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _too_large(name: str, size: int, kind: Kind, cap: int) -> Reason:
    if human_size(size) == human_size(cap):
        # "is 100 MB; can be at most 100 MB" would read as a contradiction: give the bytes.
        return Reason.of("too_large_exact", name=name, size=size, kind=kind, cap_bytes=cap, cap=cap)
    return Reason.of("too_large", name=name, size_bytes=size, kind=kind, cap_bytes=cap)


def _inspect(raw: str, caps: Caps, real: Path | None = None) -> _Verdict:
    """The verdict on one file; real: its real path when the caller knows it already."""
    name = _display_name(raw)
    path = _absolute(raw)
    try:
        lst = os.lstat(raw)
    except (FileNotFoundError, NotADirectoryError, ValueError):  # ValueError: a NUL in the name
        return _Verdict(Refusal(path, Reason.of("not_found", name=name)), _OTHER)
    except OSError as err:
        return _cannot_read(name, path, err)
    try:
        st = os.stat(raw) if stat.S_ISLNK(lst.st_mode) else lst
    except OSError as err:
        if err.errno == errno.ELOOP:
            return _Verdict(
                Refusal(path, Reason.of("link_loop", name=name)),
                _DANGLING,
                f"{name} (shortcut in a loop)",
            )
        if isinstance(err, FileNotFoundError | NotADirectoryError):
            return _Verdict(
                Refusal(path, Reason.of("link_dangling", name=name)),
                _DANGLING,
                f"{name} (shortcut to a missing file)",
            )
        return _cannot_read(name, path, err)
    if stat.S_ISDIR(st.st_mode):
        return _Verdict(Refusal(path, Reason.of("is_folder", name=name)), _OTHER)
    if not stat.S_ISREG(st.st_mode):
        what = _special_kind(st.st_mode)
        return _Verdict(
            Refusal(path, Reason.of("special", name=name, special=what)),
            _SPECIAL,
            f"{name} ({_SPECIAL_SHORT[what]})",
        )
    if st.st_size == 0:
        return _Verdict(Refusal(path, Reason.of("empty", name=name), 0), _EMPTY, f"{name} (empty)")
    try:
        st, head, after_tag = _read_head(raw)
    except OSError as err:
        return _cannot_read(name, path, err)
    if not stat.S_ISREG(st.st_mode):
        what = _special_kind(st.st_mode)
        return _Verdict(Refusal(path, Reason.of("special", name=name, special=what)), _SPECIAL)
    if not head:
        return _Verdict(Refusal(path, Reason.of("empty", name=name), 0), _EMPTY, f"{name} (empty)")
    mime = _type_of(head, after_tag, name)
    looks = ""
    if after_tag is not None:
        looks = ID3_WITHOUT_AUDIO
    if mime is None:
        looks = looks or describe(head)
        return _Verdict(
            Refusal(path, Reason.of("not_media", name=name, looks=looks), st.st_size),
            _NOT_MEDIA,
            f"{name} ({looks})",
        )
    kind: Kind = next(k for k in _KINDS if mime.startswith(k + "/"))
    cap = caps.for_kind(kind)
    if st.st_size > cap:
        return _Verdict(Refusal(path, _too_large(name, st.st_size, kind, cap), st.st_size), _OTHER)
    return _Verdict(Media(real or _resolved(raw), name, st.st_size, mime, kind, Stamp.of(st)))


def inspect(path: str | os.PathLike[str], caps: Caps = Caps()) -> Media | Refusal:
    """Media if the file may go, else a Refusal with a sentence. Never raises for any path."""
    try:
        raw = os.fsdecode(path)
    except TypeError:
        return Refusal(Path(), Reason.of("bad_name", path=repr(path)))
    try:
        return _inspect(raw, caps).item
    except Exception as err:  # a last resort: the window must get a sentence, not a traceback
        name = _display_name(raw)
        return Refusal(_absolute(raw), Reason.of("check_failed", name=name, detail=str(err)))


# --- Many files and folders ----------------------------------------------------------------------


@dataclass
class Collected:
    """What a drop of files and folders came to, ready for the list and the summary line."""

    items: list[Media | Refusal] = field(default_factory=list)
    skipped: int = 0
    skipped_examples: list[str] = field(default_factory=list)
    #: Links to folders met inside a dropped folder: never followed (a link to / is a folder).
    links_not_followed: int = 0

    @property
    def media(self) -> list[Media]:
        return [i for i in self.items if isinstance(i, Media)]

    @property
    def refusals(self) -> list[Refusal]:
        return [i for i in self.items if isinstance(i, Refusal)]

    def summary(self) -> str | None:
        return " ".join(str(why) for why in self.summary_reasons()) or None

    def summary_reasons(self) -> list[Reason]:
        """What was left out of folders: files skipped (with a few examples: name and what it
        is) and links to other folders not followed."""
        reasons = []
        if self.skipped:
            examples = tuple(_split_example(e) for e in self.skipped_examples)
            reasons.append(Reason.of("skipped", count=self.skipped, examples=examples))
        if self.links_not_followed == 1:
            reasons.append(Reason.of("link_not_followed"))
        elif self.links_not_followed:
            reasons.append(Reason.of("links_not_followed", count=self.links_not_followed))
        return reasons


_MAX_EXAMPLES = 5


def _split_example(example: str) -> tuple[str, str]:
    """("notes.txt", "plain text") from "notes.txt (plain text)"."""
    name, _, what = example.rpartition(" (")
    return (name, what.removesuffix(")")) if name else (example, "")


def _is_hidden(entry: os.DirEntry[str]) -> bool:
    if entry.name.startswith("."):
        return True
    try:
        attributes = getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def _sort_key(rel: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(p.casefold() for p in rel), rel


# A folder's entry: its path relative to the folder, and either (path, real path, hidden) of a
# file to look at or the refusal of a subfolder that could not be listed.
_Found = tuple[tuple[str, ...], tuple[str, Path, bool] | Refusal]


def _dir_key(path: str) -> tuple[int, int] | None:
    """What makes a folder the same folder however it is reached (symlinks, bind mounts)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


class _Collector:
    def __init__(
        self, caps: Caps, max_files: int, max_dirs: int, repeat_files: bool = False
    ) -> None:
        self.caps = caps
        self.repeat_files = repeat_files
        self.max_files = max_files
        self.max_dirs = max_dirs
        self.result = Collected()
        self.seen_files: set[Path] = set()
        self.seen_dirs: set[tuple[int, int]] = set()
        self.files_looked_at = 0
        self.dirs_looked_at = 0
        self.visible_examples: list[str] = []
        self.hidden_examples: list[str] = []
        self._links_here = 0

    def add(self, raw: str) -> None:
        try:
            is_dir = os.path.isdir(raw)
        except (OSError, ValueError):
            is_dir = False
        if is_dir:
            self.add_folder(raw)
        else:
            self.add_file(raw)

    def add_file(self, raw: str) -> None:
        key = _resolved(raw)
        if key in self.seen_files and not self.repeat_files:
            return
        self.seen_files.add(key)
        self.result.items.append(inspect(raw, self.caps))

    def add_folder(self, raw: str) -> None:
        key = _dir_key(raw)
        if key is not None:
            if key in self.seen_dirs:
                return
            self.seen_dirs.add(key)
        name = _display_name(raw)
        found: list[_Found] = []
        self._links_here = 0
        stopped = self._walk(raw, found)
        before = len(self.result.items)
        skipped_before = self.result.skipped
        found.sort(key=lambda entry: _sort_key(entry[0]))
        listed_before = 0
        for _rel, what in found:
            if isinstance(what, Refusal):
                self.result.items.append(what)
            elif not self._folder_file(*what):
                listed_before += 1
        if stopped:
            limit = self.max_files if stopped == "files" else self.max_dirs
            self.result.items.append(
                Refusal(
                    _absolute(raw), Reason.of(f"folder_too_many_{stopped}", name=name, limit=limit)
                )
            )
        # A folder whose files all came earlier in the drop is no "folder without media".
        if len(self.result.items) == before and not listed_before:
            others = self.result.skipped - skipped_before
            links = self._links_here
            why = (
                Reason.of("folder_empty", name=name)
                if others == 0 and links == 0
                else Reason.of("folder_no_media", name=name, count=others)
                if links == 0
                else Reason.of("folder_links_only", name=name, count=links)
            )
            self.result.items.append(Refusal(_absolute(raw), why))

    def _walk(self, raw: str, found: list[_Found]) -> str:
        """Gather the folder's files depth first; "files" or "folders" if a budget stopped it.

        A stack, not recursion: a chain of thousands of nested folders is a few lines of shell.
        Each folder's real path is built from its parent's, so nothing is resolved twice.
        """
        root = _resolved(raw)
        stack: list[tuple[str, Path, tuple[str, ...]]] = [(raw, root, ())]
        while stack:
            folder, real, rel = stack.pop()
            if self.dirs_looked_at >= self.max_dirs:
                return "folders"
            self.dirs_looked_at += 1
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda e: (e.name.casefold(), e.name))
            except OSError as err:
                refusal = _cannot_read(_display_name(folder), _absolute(folder), err).item
                if isinstance(refusal, Refusal):
                    found.append((rel, refusal))
                continue
            subfolders: list[tuple[str, Path, tuple[str, ...]]] = []
            for entry in entries:
                hidden = _is_hidden(entry)
                try:
                    is_link = entry.is_symlink()
                    is_dir = entry.is_dir()
                except OSError:
                    is_link = is_dir = False
                entry_real = _resolved(entry.path) if is_link else real / entry.name
                if is_dir and is_link:
                    # Never out of the folder: a link to / or to home would queue the whole
                    # system. A link the person drops themselves is walked (their choice). One
                    # that points back inside the folder is walked through its real path anyway.
                    inside = entry_real == root or root in entry_real.parents
                    if not hidden and not inside:
                        self.result.links_not_followed += 1
                        self._links_here += 1
                    continue
                if is_dir:
                    # Dot-folders (.git, .cache, .thumbnails) hold no one's photos; a symlink back
                    # to a folder already walked would loop forever.
                    key = None if hidden else _dir_key(entry.path)
                    if key is None or key in self.seen_dirs:
                        continue
                    self.seen_dirs.add(key)
                    subfolders.append((entry.path, entry_real, (*rel, entry.name)))
                    continue
                if self.files_looked_at >= self.max_files:
                    return "files"
                self.files_looked_at += 1
                found.append(((*rel, entry.name), (entry.path, entry_real, hidden)))
            # Reversed, so that the first subfolder is the next one taken off the stack.
            stack.extend(reversed(subfolders))
        return ""

    def _folder_file(self, raw: str, real: Path, hidden: bool) -> bool:
        """Look at one file of a folder; False if it was already looked at."""
        if real in self.seen_files:
            return False
        self.seen_files.add(real)
        if hidden:
            # .DS_Store, desktop.ini and friends: counted, never opened.
            self._skip(f"{_display_name(raw)} (hidden file)", hidden=True)
            return True
        try:
            verdict = _inspect(raw, self.caps, real)
        except Exception as err:  # as in inspect: a sentence, never a traceback
            why = Reason.of("check_failed", name=_display_name(raw), detail=str(err))
            verdict = _Verdict(Refusal(_absolute(raw), why))
        # Inside a folder only media that cannot go is worth a sentence each; the rest is noise.
        if verdict.why in (_NOT_MEDIA, _EMPTY, _SPECIAL, _DANGLING):
            self._skip(verdict.short or _display_name(raw), hidden=False)
        else:
            self.result.items.append(verdict.item)
        return True

    def _skip(self, example: str, *, hidden: bool) -> None:
        self.result.skipped += 1
        (self.hidden_examples if hidden else self.visible_examples).append(example)

    def finish(self) -> Collected:
        examples = self.visible_examples[:_MAX_EXAMPLES]
        examples += self.hidden_examples[: _MAX_EXAMPLES - len(examples)]
        self.result.skipped_examples = examples
        return self.result


def _each(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str | os.PathLike[str]]:
    try:
        yield from paths
    except Exception:  # a broken iterable ends the list; what was read still counts
        return


def collect(
    paths: Iterable[str | os.PathLike[str]],
    caps: Caps = Caps(),
    *,
    max_files: int = 100_000,
    max_dirs: int = 100_000,
    repeat_files: bool = False,
) -> Collected:
    """Files and folders a person dropped, in order, folders expanded. Never raises.

    max_files and max_dirs bound the walk over the whole drop. A file given twice (or a link and
    its target) is listed once, unless ``repeat_files``: the CLI owes each argument a line.
    """
    collector = _Collector(caps, max_files, max_dirs, repeat_files)
    for path in _each(paths):
        try:
            raw = os.fsdecode(path)
        except TypeError:
            collector.result.items.append(inspect(path))
            continue
        try:
            collector.add(raw)
        except Exception as err:  # the walk itself: report it and go on with the next path
            why = Reason.of("check_failed", name=_display_name(raw), detail=str(err))
            collector.result.items.append(Refusal(_absolute(raw), why))
    return collector.finish()


# The service picks the stored object's extension from the name we send, and some generation
# endpoints judge a URL by its extension: a PNG named "clip.mp4" must not become a ".mp4" URL.
_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "image/png": ("png", "apng"),
    "image/jpeg": ("jpg", "jpeg", "jpe", "jfif"),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
    "image/bmp": ("bmp", "dib"),
    "image/tiff": ("tif", "tiff"),
    "image/heic": ("heic", "heif"),
    "image/heif": ("heif", "heic"),
    "image/avif": ("avif",),
    "image/svg+xml": ("svg",),
    "image/x-icon": ("ico",),
    "image/jp2": ("jp2",),
    "image/jpx": ("jpx", "jpf"),
    "image/jxl": ("jxl",),
    "video/mp4": ("mp4", "m4v"),
    "video/quicktime": ("mov", "qt"),
    "video/webm": ("webm",),
    "video/x-matroska": ("mkv",),
    "video/x-msvideo": ("avi",),
    "video/mp2t": ("ts", "m2ts", "mts"),
    "video/ogg": ("ogv", "ogg"),
    "video/x-ms-wmv": ("wmv", "asf"),
    "audio/mpeg": ("mp3",),
    "audio/wav": ("wav",),
    "audio/flac": ("flac",),
    "audio/ogg": ("ogg", "oga", "opus"),
    "audio/mp4": ("m4a", "m4b", "mp4"),
    "audio/aac": ("aac",),
    "audio/aiff": ("aiff", "aif", "aifc"),
    "audio/webm": ("weba", "webm"),
    "audio/x-matroska": ("mka",),
    "audio/basic": ("au", "snd"),
    "audio/x-ms-wma": ("wma", "asf"),
    "audio/x-caf": ("caf",),
    "audio/ac3": ("ac3",),
}


def wire_name(media: Media) -> str:
    """The file name to send: the user's name, with an extension that agrees with the content."""
    known = _EXTENSIONS.get(media.mime)
    stem, dot, ext = media.name.rpartition(".")
    if not known or (dot and stem and ext.lower() in known):
        return media.name
    return f"{stem if dot and stem else media.name}.{known[0]}"


def file_sha256(path: str | os.PathLike[str], chunk: int = MiB) -> str | None:
    """The file's SHA-256 in chunks (call it off the GUI thread); None if it cannot be read."""
    import hashlib

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(chunk):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()
