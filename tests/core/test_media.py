"""app.core.media on real files made with ffmpeg, libheif and by hand (see data/media/README.md)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import stat
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.media import (
    HEAD_BYTES,
    Caps,
    Collected,
    Media,
    MiB,
    Refusal,
    collect,
    describe,
    human_size,
    inspect,
    sniff,
)

DATA = Path(__file__).parent / "data" / "media"

# fixture file -> (Content-Type to send, kind)
EXPECTED: dict[str, tuple[str, str]] = {
    "image.png": ("image/png", "image"),
    "image.jpg": ("image/jpeg", "image"),
    "image.gif": ("image/gif", "image"),
    "image.webp": ("image/webp", "image"),
    "image.bmp": ("image/bmp", "image"),
    "image.tiff": ("image/tiff", "image"),
    "image.heic": ("image/heic", "image"),
    "image.avif": ("image/avif", "image"),
    "image.ico": ("image/x-icon", "image"),
    "image.jp2": ("image/jp2", "image"),
    "image.jxl": ("image/jxl", "image"),
    "svg-plain.svg": ("image/svg+xml", "image"),
    "svg-declared.svg": ("image/svg+xml", "image"),
    "video.mp4": ("video/mp4", "video"),
    "video.mov": ("video/quicktime", "video"),
    "video.webm": ("video/webm", "video"),
    "video.mkv": ("video/x-matroska", "video"),
    "video.avi": ("video/x-msvideo", "video"),
    "video.ts": ("video/mp2t", "video"),
    "video.ogv": ("video/ogg", "video"),
    "video.wmv": ("video/x-ms-wmv", "video"),
    "audio.mp3": ("audio/mpeg", "audio"),
    "audio-noid3.mp3": ("audio/mpeg", "audio"),
    "audio.wav": ("audio/wav", "audio"),
    "audio.flac": ("audio/flac", "audio"),
    "audio.ogg": ("audio/ogg", "audio"),
    "audio.opus": ("audio/ogg", "audio"),
    "audio.m4a": ("audio/mp4", "audio"),
    "audio-only.mp4": ("audio/mp4", "audio"),
    "audio.aac": ("audio/aac", "audio"),
    "audio.aiff": ("audio/aiff", "audio"),
    "audio.weba": ("audio/webm", "audio"),
    "audio.mka": ("audio/x-matroska", "audio"),
    "audio.wma": ("audio/x-ms-wma", "audio"),
    "audio.caf": ("audio/x-caf", "audio"),
    "audio.ac3": ("audio/ac3", "audio"),
}

IMPOSTORS: dict[str, str] = {
    "impostor-text.png": "impostor-text.png is not an image, video or audio file "
    "(it looks like plain text).",
    "impostor-zip.mp4": "impostor-zip.mp4 is not an image, video or audio file "
    "(it looks like a ZIP archive).",
    "impostor-pdf.jpg": "impostor-pdf.jpg is not an image, video or audio file "
    "(it looks like a PDF document).",
    "impostor-html.mp3": "impostor-html.mp3 is not an image, video or audio file "
    "(it looks like an HTML page).",
    "impostor-random.wav": "impostor-random.wav is not an image, video or audio file "
    "(it looks like unrecognised binary data).",
    "impostor-xml.svg": "impostor-xml.svg is not an image, video or audio file "
    "(it looks like an XML document).",
}


def fixture_bytes(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_every_fixture_file_is_covered() -> None:
    on_disk = {p.name for p in DATA.iterdir() if p.name != "README.md"}
    assert on_disk == set(EXPECTED) | set(IMPOSTORS) | {"empty.png"}
    # Kept small so the repository stays light.
    assert sum((DATA / n).stat().st_size for n in on_disk) < 400 * 1024


# --- one file ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_files_are_recognised(name: str) -> None:
    mime, kind = EXPECTED[name]
    result = inspect(DATA / name)
    assert isinstance(result, Media), result
    assert (result.mime, result.kind) == (mime, kind)
    assert result.name == name
    assert result.size == (DATA / name).stat().st_size
    assert result.path == (DATA / name).resolve()
    assert result.path.is_absolute()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_content_decides_not_the_extension(name: str, tmp_path: Path) -> None:
    """With no extension at all the type is the same; so it is under a wrong one."""
    mime, kind = EXPECTED[name]
    bare = tmp_path / "noextension"
    bare.write_bytes(fixture_bytes(name))
    assert sniff(fixture_bytes(name), "noextension") == mime
    result = inspect(bare)
    assert isinstance(result, Media)
    assert (result.mime, result.kind, result.name) == (mime, kind, "noextension")


@pytest.mark.parametrize(
    ("source", "renamed", "mime"),
    [
        ("image.png", "clip.mp4", "image/png"),
        ("video.mp4", "photo.jpg", "video/mp4"),
        ("audio.mp3", "song.wav", "audio/mpeg"),
        ("image.jpg", "drawing.svg", "image/jpeg"),
        ("audio.flac", "track.mp3", "audio/flac"),
    ],
)
def test_a_misnamed_file_keeps_its_real_type(
    source: str, renamed: str, mime: str, tmp_path: Path
) -> None:
    target = tmp_path / renamed
    shutil.copyfile(DATA / source, target)
    result = inspect(target)
    assert isinstance(result, Media)
    assert result.mime == mime
    assert result.kind == mime.split("/")[0]
    assert result.name == renamed


@pytest.mark.parametrize("name", sorted(IMPOSTORS))
def test_impostors_are_refused_with_a_sentence(name: str) -> None:
    result = inspect(DATA / name)
    assert isinstance(result, Refusal)
    assert result.reason == IMPOSTORS[name]
    assert result.path == DATA / name


def test_empty_file() -> None:
    result = inspect(DATA / "empty.png")
    assert result == Refusal(DATA / "empty.png", "empty.png is empty (0 bytes).")


def test_missing_file(tmp_path: Path) -> None:
    result = inspect(tmp_path / "x.png")
    assert result == Refusal(
        tmp_path / "x.png", "x.png could not be found. It may have been moved or deleted."
    )


def test_missing_parent_and_file_as_folder(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(fixture_bytes("image.png"))
    for path in (tmp_path / "nowhere" / "x.png", tmp_path / "a.png" / "x.png"):
        result = inspect(path)
        assert isinstance(result, Refusal)
        assert result.reason == "x.png could not be found. It may have been moved or deleted."


def test_a_relative_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copyfile(DATA / "image.gif", tmp_path / "anim.gif")
    monkeypatch.chdir(tmp_path)
    result = inspect("anim.gif")
    assert isinstance(result, Media)
    assert result.path == (tmp_path / "anim.gif").resolve()


def _inspect_as_nobody(path: Path) -> str:
    """inspect(path) in a forked child that has given up root, its result's reason."""
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns about fork in a threaded process; the child only calls inspect.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        code = 1
        try:
            os.close(read_end)
            os.setgid(65534)
            os.setuid(65534)
            result = inspect(path)
            text = result.reason if isinstance(result, Refusal) else f"MEDIA {result.mime}"
            os.write(write_end, text.encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        text = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return text


@contextlib.contextmanager
def world_visible_dir() -> Iterator[Path]:
    # pytest's tmp_path lives under a 0700 directory that an unprivileged child cannot enter,
    # which would test "cannot list the folder" rather than "cannot open the file".
    path = Path(tempfile.mkdtemp(prefix="media-", dir="/tmp"))
    try:
        path.chmod(0o755)
        yield path
    finally:
        for p in path.rglob("*"):
            with contextlib.suppress(OSError):
                p.chmod(0o700)
        shutil.rmtree(path, ignore_errors=True)


def test_unreadable_file() -> None:
    """chmod 000 refuses nothing to root, and the tests run as root on the dev machine.

    So, as root, the check runs in a forked child that has dropped to the "nobody" user: the
    kernel's real permission check, not a mock of it. As any other user the file is just
    made unreadable. Either way the same sentence must come back.
    """
    with world_visible_dir() as folder:
        target = folder / "x.png"
        target.write_bytes(fixture_bytes("image.png"))
        target.chmod(0o000)
        expected = "x.png cannot be read (permission denied). Check that you can open it."
        if os.geteuid() == 0:
            assert _inspect_as_nobody(target) == expected
            # And root itself reads it fine: the refusal above came from the permission.
            assert isinstance(inspect(target), Media)
        else:
            result = inspect(target)
            assert isinstance(result, Refusal)
            assert result.reason == expected


def test_file_in_a_folder_that_cannot_be_entered() -> None:
    with world_visible_dir() as folder:
        (folder / "locked").mkdir()
        (folder / "locked" / "x.png").write_bytes(fixture_bytes("image.png"))
        (folder / "locked").chmod(0o000)
        expected = "x.png cannot be read (permission denied). Check that you can open it."
        if os.geteuid() == 0:
            assert _inspect_as_nobody(folder / "locked" / "x.png") == expected
        else:
            result = inspect(folder / "locked" / "x.png")
            assert isinstance(result, Refusal)
            assert result.reason == expected


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.mp3"
    os.mkfifo(fifo)
    results: list[Media | Refusal] = []
    worker = threading.Thread(target=lambda: results.append(inspect(fifo)), daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(timeout=5)
    try:
        assert not worker.is_alive(), "inspect blocked on a named pipe"
        assert time.monotonic() - started < 5
        assert results == [Refusal(fifo, "pipe.mp3 is not a regular file (it is a named pipe).")]
    finally:
        # Had inspect opened the pipe for reading, a writer releases it so the run can end.
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def test_socket_is_refused() -> None:
    # A socket path must fit in 108 bytes, which pytest's tmp_path may not.
    folder = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.bind(str(folder / "s.wav"))
            assert stat.S_ISSOCK(os.stat(folder / "s.wav").st_mode)
            result = inspect(folder / "s.wav")
        assert result == Refusal(folder / "s.wav", "s.wav is not a regular file (it is a socket).")
    finally:
        shutil.rmtree(folder)


def test_device_is_refused() -> None:
    result = inspect("/dev/null")
    assert result == Refusal(Path("/dev/null"), "null is not a regular file (it is a device).")


def test_folder_given_to_inspect(tmp_path: Path) -> None:
    (tmp_path / "Holiday").mkdir()
    result = inspect(tmp_path / "Holiday")
    assert result == Refusal(tmp_path / "Holiday", "Holiday is a folder, not a file.")


def test_symlink_to_media_is_followed(tmp_path: Path) -> None:
    (tmp_path / "link.webp").symlink_to(DATA / "image.webp")
    result = inspect(tmp_path / "link.webp")
    assert isinstance(result, Media)
    assert result.mime == "image/webp"
    assert result.name == "link.webp"  # what the person dropped
    assert result.path == (DATA / "image.webp").resolve()  # what will be read


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "gone.png").symlink_to(tmp_path / "deleted.png")
    result = inspect(tmp_path / "gone.png")
    assert result == Refusal(
        tmp_path / "gone.png", "gone.png is a shortcut to a file that no longer exists."
    )


def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.png").symlink_to(tmp_path / "b.png")
    (tmp_path / "b.png").symlink_to(tmp_path / "a.png")
    result = inspect(tmp_path / "a.png")
    assert result == Refusal(
        tmp_path / "a.png", "a.png is a shortcut that points to itself in a loop."
    )
    self_loop = tmp_path / "self.mp4"
    self_loop.symlink_to(self_loop)
    result = inspect(self_loop)
    assert isinstance(result, Refusal)
    assert result.reason == "self.mp4 is a shortcut that points to itself in a loop."


@pytest.mark.parametrize(
    ("weird", "sentence"),
    [
        ("", "A file with no name could not be found. It may have been moved or deleted."),
        ("/", "/ is a folder, not a file."),
        ("a\x00b.png", "a\x00b.png could not be found. It may have been moved or deleted."),
        (
            "x" * 300 + ".png",
            "x" * 300 + ".png cannot be read (file name too long). Check that you can open it.",
        ),
        (
            "/" + "d/" * 3000 + "f.png",
            "f.png cannot be read (file name too long). Check that you can open it.",
        ),
    ],
)
def test_odd_paths_never_raise(weird: str, sentence: str) -> None:
    result = inspect(weird)
    assert isinstance(result, Refusal)
    assert result.reason == sentence


def test_dot_is_named_after_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "Holiday").mkdir()
    monkeypatch.chdir(tmp_path / "Holiday")
    assert inspect(".") == Refusal(tmp_path / "Holiday", "Holiday is a folder, not a file.")


# --- caps ----------------------------------------------------------------------------------------


def sparse_copy(source: str, target: Path, size: int) -> Path:
    """The real header of a fixture, then holes up to size: big on paper, nothing on disk."""
    target.write_bytes(fixture_bytes(source))
    os.truncate(target, size)
    return target


@pytest.mark.parametrize(
    ("source", "name", "size", "sentence"),
    [
        ("video.mp4", "clip.mp4", 140 * MiB, "clip.mp4 is 140 MB; videos can be at most 100 MB."),
        ("image.png", "photo.png", 11 * MiB, "photo.png is 11 MB; images can be at most 10 MB."),
        (
            "audio.wav",
            "talk.wav",
            int(150.5 * MiB),
            "talk.wav is 150 MB; audio files can be at most 100 MB.",
        ),
        (
            "image.jpg",
            "big.jpg",
            int(10.5 * MiB),
            "big.jpg is 10.5 MB; images can be at most 10 MB.",
        ),
        # One byte over reads "100 MB" twice in rounded units: the sentence gives the bytes.
        (
            "video.webm",
            "edge.webm",
            100 * MiB + 1,
            "edge.webm is 104,857,601 bytes; videos can be at most 100 MB (104,857,600 bytes).",
        ),
    ],
)
def test_over_the_cap(source: str, name: str, size: int, sentence: str, tmp_path: Path) -> None:
    result = inspect(sparse_copy(source, tmp_path / name, size))
    assert result == Refusal(tmp_path / name, sentence)


@pytest.mark.parametrize(
    ("source", "cap"),
    [("image.png", 10 * MiB), ("video.mov", 100 * MiB), ("audio.flac", 100 * MiB)],
)
def test_exactly_at_the_cap_may_go(source: str, cap: int, tmp_path: Path) -> None:
    result = inspect(sparse_copy(source, tmp_path / source, cap))
    assert isinstance(result, Media)
    assert result.size == cap


def test_custom_caps(tmp_path: Path) -> None:
    caps = Caps(image=100, video=10_000, audio=1_000)
    assert caps.for_kind("image") == 100
    assert caps.for_kind("video") == 10_000
    assert caps.for_kind("audio") == 1_000
    result = inspect(DATA / "image.bmp", caps)
    assert result == Refusal(
        DATA / "image.bmp", "image.bmp is 822 bytes; images can be at most 100 bytes."
    )
    assert isinstance(inspect(DATA / "video.mp4", caps), Media)
    assert isinstance(inspect(DATA / "audio.mp3", caps), Media)
    assert Caps().for_kind("image") == 10 * 1024 * 1024
    assert Caps().for_kind("video") == Caps().for_kind("audio") == 100 * 1024 * 1024


# --- sniffing details ----------------------------------------------------------------------------


def id3_tag(payload_size: int) -> bytes:
    size = bytes((payload_size >> shift) & 0x7F for shift in (21, 14, 7, 0))
    return b"ID3\x04\x00\x00" + size + b"\x00" * payload_size


@pytest.mark.parametrize(
    ("stream", "mime"),
    [("audio-noid3.mp3", "audio/mpeg"), ("audio.aac", "audio/aac"), ("audio.flac", "audio/flac")],
)
def test_what_follows_a_large_id3_tag_decides(stream: str, mime: str, tmp_path: Path) -> None:
    # Cover art makes tags far larger than HEAD_BYTES; inspect reads on behind the tag.
    target = tmp_path / "tagged"
    target.write_bytes(id3_tag(HEAD_BYTES * 3) + fixture_bytes(stream))
    result = inspect(target)
    assert isinstance(result, Media)
    assert result.mime == mime
    # A small tag is seen through within the head alone.
    assert sniff(id3_tag(100) + fixture_bytes(stream), "x") == mime


@pytest.mark.parametrize(
    "behind",
    [b"hello this is plain text", b"%PDF-1.4\n" + b"x" * 600, fixture_bytes("image.png")],
)
def test_an_id3_tag_is_no_mp3_without_frames_behind_it(behind: bytes, tmp_path: Path) -> None:
    small = b"ID3\x03\x00\x00\x00\x00\x00\x00" + behind
    assert sniff(small, "x.mp3") is None
    assert describe(small) == "an MP3 tag with no audio after it"
    sentence = (
        "x.mp3 is not an image, video or audio file "
        "(it looks like an MP3 tag with no audio after it)."
    )
    # Small tag, a tag that nearly fills the head, and cover art far beyond it: all refused.
    for tag in (id3_tag(0), id3_tag(HEAD_BYTES - 40), id3_tag(HEAD_BYTES * 3)):
        (tmp_path / "x.mp3").write_bytes(tag + behind)
        assert inspect(tmp_path / "x.mp3") == Refusal(tmp_path / "x.mp3", sentence)


def test_an_id3_tag_that_runs_past_the_end_of_the_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "cut.mp3"
    target.write_bytes(
        id3_tag(HEAD_BYTES * 3)[: HEAD_BYTES * 2]
    )  # the tag says 48 KB, 32 are there
    result = inspect(target)
    assert isinstance(result, Refusal)
    assert result.reason.endswith("(it looks like an MP3 tag with no audio after it).")
    assert sniff(id3_tag(HEAD_BYTES)[:5000], "x.mp3") is None  # the whole file, cut in the tag


@pytest.mark.parametrize("stream", ["audio-noid3.mp3", "audio.aac", "audio.flac"])
def test_frames_behind_an_id3_tag_are_found_past_padding_and_at_the_edge_of_the_head(
    stream: str, tmp_path: Path
) -> None:
    mime = EXPECTED[stream][0]
    frames = fixture_bytes(stream)
    # Taggers pad beyond the size they write; some encoders leave stray bytes before the audio.
    assert sniff(id3_tag(100) + b"\x00" * 700 + frames, "x") == mime
    if stream != "audio.flac":
        assert sniff(id3_tag(100) + b"\x00\x00LAME\x12" + frames, "x") == mime
    # Frames that start just before the head ends: inspect reads on behind the tag to be sure.
    target = tmp_path / "edge"
    target.write_bytes(id3_tag(HEAD_BYTES - 60) + frames)
    result = inspect(target)
    assert isinstance(result, Media)
    assert result.mime == mime


def test_mpeg_audio_needs_several_frames() -> None:
    frames = fixture_bytes("audio-noid3.mp3")
    assert sniff(frames, "x.mp3") == "audio/mpeg"
    # Sync bytes that filetype alone would call MP3, followed by anything else, are not audio.
    for start in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xf1", b"\xff\xe3"):
        assert sniff(start + bytes(range(256)) * 8, "x.mp3") is None
    # One real frame followed by garbage is no stream either.
    assert sniff(frames[:72] + b"\x00" * 400, "x.mp3") is None


def test_ac3_needs_several_frames() -> None:
    frames = fixture_bytes("audio.ac3")
    assert sniff(frames[: 128 * 3], "x") == "audio/ac3"
    assert sniff(frames[:128] + b"\x00" * 600, "x.ac3") is None
    assert sniff(b"\x0b\x77" + bytes(range(256)) * 8, "x.ac3") is None
    e_ac3 = bytearray(frames)
    for pos in range(0, len(e_ac3), 128):
        e_ac3[pos + 5] = 16 << 3 | (e_ac3[pos + 5] & 7)  # bsid 16: E-AC-3, another frame layout
    assert sniff(bytes(e_ac3), "x.ac3") is None


def test_asf_audio_or_video_from_the_stream_properties() -> None:
    wma, wmv = fixture_bytes("audio.wma"), fixture_bytes("video.wmv")
    assert sniff(wma, "song.wmv") == "audio/x-ms-wma"
    assert sniff(wmv, "clip.wma") == "video/x-ms-wmv"
    # Only the start of the header in view (cover art in the metadata): the name decides.
    assert sniff(wma[:40], "song.wma") == "audio/x-ms-wma"
    assert sniff(wma[:40], "song.asf") == "video/x-ms-wmv"


def test_jpeg_2000_and_jpeg_xl_forms() -> None:
    jp2 = fixture_bytes("image.jp2")
    jpx = jp2[:20] + b"jpx " + jp2[24:]  # major brand jpx, compatible with jp2
    assert sniff(jpx, "x") == "image/jpx"
    assert sniff(jp2[:20] + b"zzzz" + jp2[24:28] + b"zzzz" + jp2[32:], "x") is None
    box = b"\x00\x00\x00\x0cJXL \r\n\x87\n\x00\x00\x00\x14ftypjxl \x00\x00\x00\x00jxl "
    assert sniff(box + b"\x00\x00\x00\x10jxlc" + fixture_bytes("image.jxl"), "x") == "image/jxl"
    assert sniff(b"caffeine, then the report\n", "x.caf") is None


@pytest.mark.parametrize(
    ("head", "phrase"),
    [
        (b"8BPS\x00\x01" + bytes(20), "a Photoshop document"),
        (b"gimp xcf v011\x00" + bytes(20), "a GIMP document"),
        (b"II*\x00\x10\x00\x00\x00CR\x02\x00" + bytes(20), "a Canon raw photo"),
        (b"II\xbc\x01\x08\x00\x00\x00" + bytes(20), "a JPEG XR file"),
    ],
)
def test_images_no_endpoint_reads_are_refused(head: bytes, phrase: str, tmp_path: Path) -> None:
    assert sniff(head, "x") is None
    (tmp_path / "x.img").write_bytes(head)
    assert inspect(tmp_path / "x.img") == Refusal(
        tmp_path / "x.img", f"x.img is not an image, video or audio file (it looks like {phrase})."
    )


def test_sun_audio() -> None:
    header = b".snd" + (24).to_bytes(4, "big") + b"\xff\xff\xff\xff" + (1).to_bytes(4, "big")
    header += (8000).to_bytes(4, "big") + (1).to_bytes(4, "big")
    assert sniff(header + bytes(800), "x") == "audio/basic"
    assert sniff(b".snd file notes", "x.au") is None


def test_bmp_needs_more_than_two_letters() -> None:
    assert sniff(fixture_bytes("image.bmp"), "x") == "image/bmp"
    assert sniff(b"BMW service on Monday, tyres on Friday.\n", "x.bmp") is None
    assert describe(b"BMW service on Monday, tyres on Friday.\n") == "plain text"


def test_adts_needs_several_frames() -> None:
    assert sniff(fixture_bytes("audio.aac"), "x.aac") == "audio/aac"
    assert sniff(b"\xff\xf1\x50\x80" + b"\x00" * 600, "x.aac") is None


def test_mpeg_ts_needs_several_packets() -> None:
    ts = fixture_bytes("video.ts")
    assert sniff(ts[: 188 * 3], "x") == "video/mp2t"
    assert sniff(ts[: 188 * 2], "x") is None
    assert sniff(b"G" * 4096, "x.ts") is None
    broken = bytearray(ts)
    broken[188 * 2] = 0x00
    assert sniff(bytes(broken), "x.ts") is None


@pytest.mark.parametrize(
    "text",
    [
        b"<svg/>",
        b"  \n<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        b"\xef\xbb\xbf<svg></svg>",
        "<?xml version='1.0'?><svg></svg>".encode("utf-16"),  # with its BOM
        "<?xml version='1.0'?><svg></svg>".encode("utf-16-be").join([b"\xfe\xff", b""]),
        b"<?xml version='1.0'?>\n<!-- a > b -->\n<!DOCTYPE svg [ <!ENTITY x 'y'> ]>\n<svg></svg>",
        b"<svg:svg xmlns:svg='http://www.w3.org/2000/svg'/>",
    ],
)
def test_svg_forms(text: bytes) -> None:
    assert sniff(text, "x") == "image/svg+xml"


@pytest.mark.parametrize(
    "text",
    [
        b"<svgfoo/>",
        b"<html><svg></svg></html>",
        b"<!-- <svg> -->\n<note/>",
        b"svg",
        b"<?xml version='1.0'?><rss><svg/></rss>",
    ],
)
def test_not_svg(text: bytes) -> None:
    assert sniff(text, "x.svg") is None


def test_matroska_audio_only_without_tracks_in_view_follows_the_name() -> None:
    # Only the EBML header: no CodecID in sight, so the name breaks the tie.
    header = fixture_bytes("audio.weba")[:40]
    assert sniff(header, "song.weba") == "audio/webm"
    assert sniff(header, "clip.webm") == "video/webm"
    # With the tracks in view the content wins over the name.
    assert sniff(fixture_bytes("audio.weba"), "clip.webm") == "audio/webm"
    assert sniff(fixture_bytes("video.webm"), "song.weba") == "video/webm"


def test_generic_mp4_brand_with_moov_at_the_end_follows_the_name() -> None:
    # ffmpeg puts moov at the end by default: only the ftyp box is in view here.
    head = fixture_bytes("audio-only.mp4")[:28]
    assert sniff(head, "voice.m4a") == "audio/mp4"
    assert sniff(head, "voice.mp4") == "video/mp4"


def test_heif_brands() -> None:
    def ftyp(major: bytes, *compatible: bytes) -> bytes:
        body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
        return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body + b"\x00" * 64

    assert sniff(ftyp(b"mif1", b"mif1", b"heic"), "x") == "image/heic"
    assert sniff(ftyp(b"mif1", b"mif1", b"miaf"), "x") == "image/heif"
    assert sniff(ftyp(b"mif1", b"avif", b"mif1"), "x") == "image/avif"
    assert sniff(ftyp(b"M4A ", b"isom"), "x") == "audio/mp4"
    assert sniff(ftyp(b"qt  ", b"qt  "), "x") == "video/quicktime"
    assert sniff(ftyp(b"M4V ", b"isom"), "x") == "video/mp4"
    assert sniff(ftyp(b"3gp5", b"isom"), "x") == "video/3gpp"
    assert sniff(ftyp(b"zzzz", b"zzzz"), "x") is None


@pytest.mark.parametrize(
    ("head", "phrase"),
    [
        (b"", "empty"),
        (b"hello\n", "plain text"),
        ("caf\u00e9 cr\u00e8me\n".encode("latin-1"), "plain text"),
        ("Привет, мир\n".encode(), "plain text"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml[Content_Types].xml", "a Word document"),
        (b"PK\x03\x04\x14\x00", "a ZIP archive"),
        (b"<!DOCTYPE html><p>", "an HTML page"),
        (b"<html lang='en'>", "an HTML page"),
        (b"<?xml version='1.0'?><feed/>", "an XML document"),
        (b'{"key": 1}', "JSON data"),
        (b"#!/bin/sh\necho hi\n", "a script"),
        (b"\x1f\x8b\x08\x00", "a gzip archive"),
        (b"MZ\x90\x00", "a Windows program"),
        (b"\x7fELF\x02\x01", "a Linux program"),
        (b"\x00" * 64, "only zero bytes"),
        (b"   \n\n", "blank text"),
        (bytes(range(256)), "unrecognised binary data"),
    ],
)
def test_describe(head: bytes, phrase: str) -> None:
    assert describe(head) == phrase


def test_describe_of_media_says_what_it_is() -> None:
    assert describe(fixture_bytes("image.png")) == "an image"
    assert describe(fixture_bytes("video.mkv")) == "a video"
    assert describe(fixture_bytes("audio.ogg")) == "audio"


# --- human_size ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (2, "2 bytes"),
        (812, "812 bytes"),
        (1023, "1023 bytes"),
        (1024, "1 KB"),
        (1536, "1.5 KB"),
        (10 * 1024 - 1, "10 KB"),
        (150 * 1024, "150 KB"),
        (1024 * 1024 - 1, "1 MB"),
        (MiB, "1 MB"),
        (int(2.25 * MiB), "2.2 MB"),
        (10 * MiB, "10 MB"),
        (100 * MiB, "100 MB"),
        (140 * MiB, "140 MB"),
        (1024 * MiB, "1 GB"),
        (int(1.2 * 1024 * MiB), "1.2 GB"),
        (5 * 1024**4, "5 TB"),
        (3000 * 1024**4, "3000 TB"),
    ],
)
def test_human_size(n: int, text: str) -> None:
    assert human_size(n) == text


# --- collect -------------------------------------------------------------------------------------


def make_holiday(root: Path) -> Path:
    holiday = root / "Holiday"
    (holiday / "sub").mkdir(parents=True)
    (holiday / ".git").mkdir()
    shutil.copyfile(DATA / "image.png", holiday / "b.PNG")
    shutil.copyfile(DATA / "image.jpg", holiday / "A.jpg")
    shutil.copyfile(DATA / "audio.mp3", holiday / "sub" / "c.mp3")
    shutil.copyfile(DATA / "video.webm", holiday / "sub" / "D.webm")
    shutil.copyfile(DATA / "image.gif", holiday / ".git" / "logo.gif")  # never looked at
    (holiday / "notes.txt").write_text("Day 1: beach\n")
    (holiday / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 100)
    (holiday / "empty.png").write_bytes(b"")
    sparse_copy("video.mp4", holiday / "big.mp4", 140 * MiB)
    (holiday / "loop").symlink_to(holiday)  # a folder that contains itself
    (holiday / "sub" / "up").symlink_to(holiday / "sub")
    return holiday


def test_folder_expansion(tmp_path: Path) -> None:
    holiday = make_holiday(tmp_path)
    result = collect([holiday])
    assert [(type(i).__name__, i.path.name) for i in result.items] == [
        ("Media", "A.jpg"),
        ("Media", "b.PNG"),
        ("Refusal", "big.mp4"),
        ("Media", "c.mp3"),
        ("Media", "D.webm"),
    ]
    assert [m.mime for m in result.media] == ["image/jpeg", "image/png", "audio/mpeg", "video/webm"]
    assert [r.reason for r in result.refusals] == [
        "big.mp4 is 140 MB; videos can be at most 100 MB."
    ]
    assert result.skipped == 3
    assert result.skipped_examples == [
        "empty.png (empty)",
        "notes.txt (plain text)",
        ".DS_Store (hidden file)",
    ]
    assert result.summary() == "Skipped 3 files in folders that are not images, video or audio."


def test_sorting_is_case_insensitive_by_relative_path(tmp_path: Path) -> None:
    root = tmp_path / "r"
    for rel in ["b/z.png", "B.png", "a.png", "A/c.png", "C.png", "a b.png"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DATA / "image.png", root / rel)
    result = collect([root])
    names = [str(m.path.relative_to(root.resolve())) for m in result.media]
    assert names == ["A/c.png", "a b.png", "a.png", "b/z.png", "B.png", "C.png"]


def test_input_order_is_kept_and_explicit_non_media_is_refused(tmp_path: Path) -> None:
    holiday = make_holiday(tmp_path)
    result = collect(
        [
            DATA / "audio.flac",
            DATA / "impostor-text.png",
            holiday / "sub",
            tmp_path / "missing.mov",
            DATA / "image.heic",
        ]
    )
    assert [i.path.name for i in result.items] == [
        "audio.flac",
        "impostor-text.png",
        "c.mp3",
        "D.webm",
        "missing.mov",
        "image.heic",
    ]
    assert result.refusals == [
        Refusal(DATA / "impostor-text.png", IMPOSTORS["impostor-text.png"]),
        Refusal(
            tmp_path / "missing.mov",
            "missing.mov could not be found. It may have been moved or deleted.",
        ),
    ]
    assert result.skipped == 0
    assert result.summary() is None


def test_the_same_file_twice_is_listed_once(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    shutil.copyfile(DATA / "image.png", folder / "one.png")
    (tmp_path / "alias.png").symlink_to(folder / "one.png")
    result = collect(
        [folder / "one.png", str(folder / "one.png"), tmp_path / "alias.png", folder, folder]
    )
    assert len(result.items) == 1
    assert result.media[0].name == "one.png"


def test_a_folder_without_media_becomes_a_refusal(tmp_path: Path) -> None:
    docs = tmp_path / "Docs"
    docs.mkdir()
    (docs / "a.txt").write_text("a\n")
    (docs / "b.pdf").write_bytes(fixture_bytes("impostor-pdf.jpg"))
    (tmp_path / "Empty").mkdir()
    (tmp_path / "One").mkdir()
    (tmp_path / "One" / "z.zip").write_bytes(fixture_bytes("impostor-zip.mp4"))
    result = collect([docs, tmp_path / "Empty", tmp_path / "One"])
    assert [r.reason for r in result.refusals] == [
        "Docs has no images, video or audio in it (2 other files skipped).",
        "Empty has no images, video or audio in it (it is empty).",
        "One has no images, video or audio in it (1 other file skipped).",
    ]
    assert result.media == []
    assert result.skipped == 3
    assert result.skipped_examples == [
        "a.txt (plain text)",
        "b.pdf (a PDF document)",
        "z.zip (a ZIP archive)",
    ]


def test_special_files_in_folders_are_skipped_not_opened(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    os.mkfifo(folder / "pipe.mp3")
    (folder / "dangling.png").symlink_to(tmp_path / "nothing.png")
    (folder / "x.png").symlink_to(folder / "y.png")
    (folder / "y.png").symlink_to(folder / "x.png")
    shutil.copyfile(DATA / "audio.opus", folder / "voice.opus")
    done: list[Collected] = []
    worker = threading.Thread(target=lambda: done.append(collect([folder])), daemon=True)
    worker.start()
    worker.join(timeout=5)
    try:
        assert done, "collect blocked or hung"
    finally:
        with contextlib.suppress(OSError):
            os.close(os.open(folder / "pipe.mp3", os.O_WRONLY | os.O_NONBLOCK))
    result = done[0]
    assert [m.name for m in result.media] == ["voice.opus"]
    assert result.refusals == []
    assert result.skipped == 4
    assert result.skipped_examples == [
        "dangling.png (shortcut to a missing file)",
        "pipe.mp3 (named pipe)",
        "x.png (shortcut in a loop)",
        "y.png (shortcut in a loop)",
    ]
    assert result.summary() == "Skipped 4 files in folders that are not images, video or audio."


def test_directory_symlink_loops_do_not_hang(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shutil.copyfile(DATA / "image.png", a / "pic.png")
    (a / "to_b").symlink_to(b)
    (b / "to_a").symlink_to(a)
    started = time.monotonic()
    result = collect([a, b])
    assert time.monotonic() - started < 5
    assert [m.name for m in result.media] == ["pic.png"]
    # Links to folders are not followed (issue 8, item 6): b, given itself, holds only a link.
    assert [r.reason for r in result.refusals] == [
        "b has no images, video or audio in it (1 link to other folders not followed)."
    ]
    assert result.links_not_followed == 2


def test_max_files(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(5):
        shutil.copyfile(DATA / "image.png", folder / f"{i}.png")
    result = collect([folder], max_files=3)
    assert len(result.media) == 3
    assert result.refusals == [
        Refusal(folder, "many has more than 3 files; only the first 3 were looked at.")
    ]


def test_folders_count_toward_a_budget(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    for a in "abc":
        for b in "xyz":
            (root / a / b).mkdir(parents=True)
    (root / "c" / "z" / "late.png").write_bytes(fixture_bytes("image.png"))
    result = collect([root], max_dirs=5)
    assert result.items == [
        Refusal(root, "tree has more than 5 folders; only the first 5 were looked at.")
    ]
    # A symlink to a big tree (or to /) inside a dropped folder is not walked at all.
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "everything").symlink_to(root)
    result = collect([tmp_path / "other"], max_dirs=3)
    assert [r.reason for r in result.refusals] == [
        "other has no images, video or audio in it (1 link to other folders not followed)."
    ]
    result = collect([root], max_dirs=13)  # exactly enough
    assert [m.name for m in result.media] == ["late.png"]
    assert result.refusals == []


def test_a_deep_chain_of_folders(tmp_path: Path) -> None:
    """1,200 nested folders: no recursion limit, no realpath at every level (was 25 s)."""
    depth = 1200
    png = fixture_bytes("image.png")
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open("bottom.png", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, png)
        os.close(out)
    finally:
        os.close(fd)
    (tmp_path / "d" / "top.png").write_bytes(png)
    try:
        started = time.monotonic()
        result = collect([tmp_path / "d"])
        elapsed = time.monotonic() - started
        assert [i.name if isinstance(i, Media) else i.reason for i in result.items] == [
            "bottom.png",
            "top.png",
        ]
        bottom = result.media[0].path
        assert bottom == tmp_path.resolve().joinpath(*["d"] * depth, "bottom.png")
        assert bottom.read_bytes() == png
        assert elapsed < 5
    finally:
        # shutil.rmtree (and so pytest's clean-up) recurses once per level on Python 3.11.
        for path in (tmp_path / "d" / "top.png", str(tmp_path) + "/d" * depth + "/bottom.png"):
            with contextlib.suppress(OSError):
                os.unlink(path)
        for level in range(depth, 0, -1):
            with contextlib.suppress(OSError):
                os.rmdir(str(tmp_path) + "/d" * level)


def test_skipped_examples_stop_at_five(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    for i in range(8):
        (folder / f"n{i}.txt").write_text("note\n")
    shutil.copyfile(DATA / "audio.wav", folder / "z.wav")
    result = collect([folder])
    assert result.skipped == 8
    assert result.skipped_examples == [f"n{i}.txt (plain text)" for i in range(5)]
    assert [m.mime for m in result.media] == ["audio/wav"]


def test_single_skip_summary(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text("x")
    shutil.copyfile(DATA / "audio.wav", folder / "z.wav")
    result = collect([folder])
    assert result.summary() == "Skipped 1 file in a folder that is not an image, video or audio."


def test_unreadable_subfolder_is_reported() -> None:
    with world_visible_dir() as folder:
        (folder / "ok.png").write_bytes(fixture_bytes("image.png"))
        (folder / "locked").mkdir()
        (folder / "locked").chmod(0o000)
        if os.geteuid() == 0:
            # Root lists anything; a child that dropped to "nobody" sees the real refusal.
            read_end, write_end = os.pipe()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
            if pid == 0:  # pragma: no cover
                code = 1
                try:
                    os.close(read_end)
                    os.setgid(65534)
                    os.setuid(65534)
                    got = collect([folder])
                    text = "|".join(
                        i.reason if isinstance(i, Refusal) else i.name for i in got.items
                    )
                    os.write(write_end, text.encode())
                    code = 0
                finally:
                    os._exit(code)
            os.close(write_end)
            with os.fdopen(read_end, "rb") as pipe:
                text = pipe.read().decode()
            os.waitpid(pid, 0)
            lines = text.split("|")
        else:
            got = collect([folder])
            lines = [i.reason if isinstance(i, Refusal) else i.name for i in got.items]
        assert lines == [
            "locked cannot be read (permission denied). Check that you can open it.",
            "ok.png",
        ]


def test_collect_never_raises_on_bad_input(tmp_path: Path) -> None:
    def broken() -> Iterator[str]:
        yield str(DATA / "image.png")
        raise OSError("drive went away")

    result = collect(broken())
    assert [m.name for m in result.media] == ["image.png"]
    result = collect(["", "\x00", str(tmp_path / "nope"), 42])  # type: ignore[list-item]
    assert len(result.refusals) == 4
    assert result.refusals[3].reason == "42 is not a file name."
    # Bytes paths, which os.scandir hands out for bytes input, are file names too.
    assert isinstance(inspect(os.fsencode(DATA / "image.png")), Media)  # type: ignore[arg-type]


# --- names that are not UTF-8 ---------------------------------------------------------------------


def bytes_named(folder: Path, name: bytes, data: bytes) -> Path:
    path = os.fsencode(folder) + b"/" + name
    with open(path, "wb") as f:
        f.write(data)
    return Path(os.fsdecode(path))


def test_a_file_name_that_is_not_utf8_is_shown_safely(tmp_path: Path) -> None:
    png = bytes_named(tmp_path, b"bad\xff.png", fixture_bytes("image.png"))
    result = inspect(png)
    assert isinstance(result, Media)
    assert result.name == "bad\ufffd.png"
    assert result.name.encode("utf-8")
    # The path stays the real one: the file can still be opened and uploaded.
    assert os.fsencode(result.path).endswith(b"/bad\xff.png")
    assert result.path.read_bytes() == fixture_bytes("image.png")

    note = bytes_named(tmp_path, b"caf\xe9.txt", b"notes\n")  # Latin-1, not UTF-8
    assert inspect(note) == Refusal(
        note, "caf\ufffd.txt is not an image, video or audio file (it looks like plain text)."
    )
    gone = Path(os.fsdecode(os.fsencode(tmp_path) + b"/gone\xff\xfe.mp3"))
    assert inspect(gone) == Refusal(
        gone, "gone\ufffd\ufffd.mp3 could not be found. It may have been moved or deleted."
    )
    # A lone surrogate no file system name makes on Linux (Windows allows them) is shown safely too.
    lone = inspect("x\ud800.png")
    assert isinstance(lone, Refusal)
    assert lone.reason == "x\ufffd.png could not be found. It may have been moved or deleted."


def test_names_that_are_not_utf8_in_a_folder(tmp_path: Path) -> None:
    folder = Path(os.fsdecode(os.fsencode(tmp_path) + b"/Ferien \xe9t\xe9"))
    folder.mkdir()
    bytes_named(folder, b"\xff.txt", b"notes\n")
    bytes_named(folder, b"clip\xff.mp4", fixture_bytes("video.mp4"))
    sparse_copy("image.png", bytes_named(folder, b"big\xff.png", b""), 11 * MiB)
    result = collect([folder])
    shown = {
        "media": [m.name for m in result.media],
        "refused": [r.reason for r in result.refusals],
        "examples": result.skipped_examples,
    }
    assert shown == {
        "media": ["clip\ufffd.mp4"],
        "refused": [
            "big\ufffd.png is 11 MB; images can be at most 10 MB.",
        ],
        "examples": ["\ufffd.txt (plain text)"],
    }
    json.dumps(shown, ensure_ascii=False).encode("utf-8")  # what the history and the API do
    assert result.media[0].path.read_bytes() == fixture_bytes("video.mp4")
    (tmp_path / os.fsdecode(b"nothing \xff")).mkdir()
    empty = collect([tmp_path / os.fsdecode(b"nothing \xff")])
    assert [r.reason for r in empty.refusals] == [
        "nothing \ufffd has no images, video or audio in it (it is empty)."
    ]


# --- properties ----------------------------------------------------------------------------------

MEDIA_MIMES = {mime for mime, _ in EXPECTED.values()}
SEEDS = [fixture_bytes(n) for n in sorted(EXPECTED)]


@st.composite
def mangled_media(draw: st.DrawFn) -> bytes:
    """A real file cut short, with bytes flipped: reaches the parsers' deeper branches."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    data = data[: draw(st.integers(0, len(data)))]
    for _ in range(draw(st.integers(0, 8))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@settings(max_examples=300, deadline=None)
@given(head=st.one_of(st.binary(max_size=4096), mangled_media()), name=st.text(max_size=40))
def test_sniff_and_describe_never_raise(head: bytes, name: str) -> None:
    mime = sniff(head, name)
    assert mime is None or mime.split("/")[0] in ("image", "video", "audio")
    phrase = describe(head)
    assert isinstance(phrase, str)
    assert phrase


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(st.binary(max_size=2048), mangled_media()),
    name=st.sampled_from(["a.png", "b.mp4", "c.mp3", "d", "e.svg", ".hidden", "f.weba"]),
)
def test_inspect_never_raises_on_any_content(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        result = inspect(path)
        if isinstance(result, Media):
            assert result.size == len(data) > 0
            assert result.mime.startswith(result.kind + "/")
        else:
            assert result.reason.startswith(name + " ")
            assert result.reason.endswith(".")


@pytest.mark.parametrize(
    ("name", "mime", "sent"),
    [
        ("photo.png", "image/png", "photo.png"),
        ("photo.JPEG", "image/jpeg", "photo.JPEG"),
        ("clip.mp4", "image/png", "clip.png"),
        ("noext", "video/webm", "noext.webm"),
        (".hidden", "audio/mpeg", ".hidden.mp3"),
        ("voice.opus", "audio/ogg", "voice.opus"),
        ("odd.bin", "image/x-unknown", "odd.bin"),
    ],
)
def test_wire_name_agrees_with_the_content(name: str, mime: str, sent: str) -> None:
    from app.core.media import wire_name

    item = Media(path=Path("/x") / name, name=name, size=1, mime=mime, kind="image")
    assert wire_name(item) == sent
