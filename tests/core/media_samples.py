"""Real media written in the tests: PyAV encodes the pictures and sound, the metadata a phone or a
camera adds (EXIF GPS, XMP, QuickTime location) is put in by hand, the way those devices write it.
"""

from __future__ import annotations

import math
import struct
import zlib
from fractions import Fraction
from pathlib import Path

import av

GPS_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'exif:GPSLatitude="48,51.46N" exif:GPSLongitude="2,17.7E" photoshop:City="Paris"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
ICC = b"\0\0\0\x40fake-icc-profile-bytes-for-the-tests" + bytes(28)


def _fill(frame: av.VideoFrame, index: int) -> av.VideoFrame:
    for n, plane in enumerate(frame.planes):
        row = bytes((x * 7 + index * 13 + n * 50 + y) % 256 for y in range(1) for x in range(64))
        plane.update((row * (plane.buffer_size // len(row) + 1))[: plane.buffer_size])
    return frame


def write_video(
    path: Path,
    *,
    seconds: float = 1.0,
    size: tuple[int, int] = (64, 48),
    fps: int = 25,
    audio: bool = True,
    metadata: dict[str, str] | None = None,
    options: dict[str, str] | None = None,
    bitrate: int | None = None,
    codec: str = "libx264",
) -> Path:
    """A real H.264 (+ AAC) clip; metadata goes in as the container's tags."""
    out = av.open(str(path), "w", options=options or {})
    for key, value in (metadata or {}).items():
        out.metadata[key] = value
    video = out.add_stream(codec, rate=fps)
    video.width, video.height = size
    video.pix_fmt = "yuv420p"
    if bitrate:
        video.bit_rate = bitrate
        video.codec_context.options = {"preset": "ultrafast"}
    else:
        video.codec_context.options = {"preset": "ultrafast", "crf": "30"}
    sound = out.add_stream("aac", rate=48000) if audio else None
    if sound is not None:
        sound.layout = "stereo"
    frames = max(0, round(seconds * fps))
    if frames == 0:
        out.start_encoding()  # a file with its streams and not one frame
    samples = 0
    for i in range(frames):
        frame = _fill(av.VideoFrame(size[0], size[1], "yuv420p"), i)
        frame.pts = i
        frame.time_base = Fraction(1, fps)
        for packet in video.encode(frame):
            out.mux(packet)
        if sound is not None:
            while samples < (i + 1) * 48000 // fps:
                chunk = tone(1024, 48000, samples)
                chunk.pts = samples
                samples += chunk.samples
                for packet in sound.encode(chunk):
                    out.mux(packet)
    for packet in video.encode():
        out.mux(packet)
    if sound is not None:
        for packet in sound.encode():
            out.mux(packet)
    out.close()
    return path


def tone(samples: int, rate: int, start: int = 0, channels: int = 2) -> av.AudioFrame:
    """A 440 Hz tone as float samples, planar."""
    frame = av.AudioFrame(format="fltp", layout="stereo" if channels == 2 else "mono")
    data = b"".join(
        struct.pack("<f", 0.3 * math.sin(2 * math.pi * 440 * (start + n) / rate))
        for n in range(samples)
    )
    frame = av.AudioFrame(
        format="fltp", layout="stereo" if channels == 2 else "mono", samples=samples
    )
    for plane in frame.planes:
        plane.update(data)
    frame.sample_rate = rate
    frame.time_base = Fraction(1, rate)
    return frame


def write_audio(
    path: Path,
    *,
    seconds: float = 1.0,
    codec: str = "flac",
    rate: int = 48000,
    metadata: dict[str, str] | None = None,
    bitrate: int | None = None,
) -> Path:
    out = av.open(str(path), "w")
    for key, value in (metadata or {}).items():
        out.metadata[key] = value
    stream = out.add_stream(codec, rate=rate)
    stream.layout = "stereo"
    if bitrate:
        stream.bit_rate = bitrate
    done = 0
    total = int(seconds * rate)
    while done < total:
        chunk = tone(min(1024, total - done), rate, done)
        chunk.pts = done
        done += chunk.samples
        for packet in stream.encode(chunk):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)
    out.close()
    return path


def encode_image(codec: str, size: tuple[int, int] = (64, 48), pix_fmt: str = "yuvj420p") -> bytes:
    """One picture encoded by PyAV (mjpeg, png, libwebp), as the file's bytes."""
    ctx = av.CodecContext.create(codec, "w")
    ctx.width, ctx.height = size
    ctx.pix_fmt = pix_fmt
    ctx.time_base = Fraction(1, 25)
    source = _fill(av.VideoFrame(size[0], size[1], "yuv420p"), 3)
    frame = source.reformat(format=pix_fmt)
    frame.pts = 0
    data = b"".join(bytes(p) for p in ctx.encode(frame)) + b"".join(bytes(p) for p in ctx.encode())
    return data


# --- EXIF as a camera writes it ------------------------------------------------------------------


def _ifd(entries: list[tuple[int, int, int, bytes]], base: int, next_ifd: int = 0) -> bytes:
    """A little-endian IFD at ``base``: entries are (tag, type, count, value bytes)."""
    table = struct.pack("<H", len(entries))
    data = b""
    data_at = base + 2 + 12 * len(entries) + 4
    for tag, typ, count, value in entries:
        if len(value) <= 4:
            table += struct.pack("<HHI", tag, typ, count) + value.ljust(4, b"\0")
        else:
            table += struct.pack("<HHII", tag, typ, count, data_at + len(data))
            data += value + (b"\0" if len(value) % 2 else b"")
    return table + struct.pack("<I", next_ifd) + data


def _ascii(text: str) -> tuple[int, int, bytes]:
    raw = text.encode() + b"\0"
    return 2, len(raw), raw


def camera_exif(orientation: int = 6) -> bytes:
    """A TIFF as a phone writes it: orientation, make, artist; an Exif IFD with a serial number
    and maker notes; a GPS IFD with a latitude and longitude."""
    rational = lambda *pairs: b"".join(struct.pack("<II", a, b) for a, b in pairs)  # noqa: E731
    gps = [
        (0x0001, 2, 2, b"N\0"),
        (0x0002, 5, 3, rational((48, 1), (51, 1), (2946, 100))),
        (0x0003, 2, 2, b"E\0"),
        (0x0004, 5, 3, rational((2, 1), (17, 1), (4200, 100))),
    ]
    exif_ifd = [
        (0x9003, *_ascii("2026:12:06 10:00:00")),
        (0x927C, 7, 16, b"MAKERNOTE-SECRET"),
        (0xA431, *_ascii("SN-0042-SECRET")),
    ]
    ifd0_fixed = [
        (0x010F, *_ascii("Phone Maker")),
        (0x0112, 3, 1, struct.pack("<H", orientation)),
        (0x013B, *_ascii("Jane Secret")),
    ]
    # Lay out: header, IFD0 (with the two pointers), Exif IFD, GPS IFD.
    ifd0_len = len(_ifd([*ifd0_fixed, (0x8769, 4, 1, b"\0" * 4), (0x8825, 4, 1, b"\0" * 4)], 8))
    exif_at = 8 + ifd0_len
    exif_len = len(_ifd(exif_ifd, exif_at))
    gps_at = exif_at + exif_len
    ifd0 = _ifd(
        [
            *ifd0_fixed,
            (0x8769, 4, 1, struct.pack("<I", exif_at)),
            (0x8825, 4, 1, struct.pack("<I", gps_at)),
        ],
        8,
    )
    return b"II*\0" + struct.pack("<I", 8) + ifd0 + _ifd(exif_ifd, exif_at) + _ifd(gps, gps_at)


def _segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def camera_jpeg(path: Path, *, orientation: int = 6, size: tuple[int, int] = (64, 48)) -> Path:
    """A JPEG with what a phone puts in it: EXIF with GPS, an ICC profile, XMP with a place."""
    plain = encode_image("mjpeg", size)
    app1 = _segment(0xE1, b"Exif\0\0" + camera_exif(orientation))
    app2 = _segment(0xE2, b"ICC_PROFILE\0\x01\x01" + ICC)
    xmp = _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + GPS_XMP)
    path.write_bytes(plain[:2] + app1 + app2 + xmp + plain[2:])
    return path


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def camera_png(path: Path) -> Path:
    plain = encode_image("png", pix_fmt="rgb24")
    extra = _png_chunk(b"eXIf", camera_exif(1)) + _png_chunk(
        b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + GPS_XMP
    )
    # After IHDR (8 signature + 25 IHDR bytes).
    path.write_bytes(plain[:33] + extra + plain[33:])
    return path


def camera_webp(path: Path) -> Path:
    plain = encode_image("libwebp", pix_fmt="yuv420p")
    body = plain[12:]  # the VP8 chunk
    vp8x = b"VP8X" + struct.pack("<I", 10) + bytes([0x08 | 0x04, 0, 0, 0])
    vp8x += (64 - 1).to_bytes(3, "little") + (48 - 1).to_bytes(3, "little")
    exif = camera_exif(1)
    chunks = vp8x + body + b"EXIF" + struct.pack("<I", len(exif)) + exif
    xmp = GPS_XMP + (b" " if len(GPS_XMP) % 2 else b"")
    chunks += b"XMP " + struct.pack("<I", len(xmp)) + xmp
    path.write_bytes(b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WEBP" + chunks)
    return path


def decoded(path: Path, kind: str = "video") -> list[bytes]:
    """Every decoded picture (or sound frame) of the file's first stream of that kind, as bytes."""
    with av.open(str(path)) as container:
        streams = container.streams.video if kind == "video" else container.streams.audio
        return [b"".join(bytes(p) for p in frame.planes) for frame in container.decode(streams[0])]


def packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as container:
        return [bytes(p) for p in container.demux() if p.size]


def noise_png(path: Path, size: tuple[int, int] = (2000, 1800)) -> Path:
    """A PNG that does not compress: random pixels, about 3 bytes each."""
    import os

    ctx = av.CodecContext.create("png", "w")
    ctx.width, ctx.height = size
    ctx.pix_fmt = "rgb24"
    ctx.time_base = Fraction(1, 1)
    frame = av.VideoFrame(size[0], size[1], "rgb24")
    frame.planes[0].update(os.urandom(frame.planes[0].buffer_size))
    frame.pts = 0
    data = b"".join(bytes(p) for p in ctx.encode(frame)) + b"".join(bytes(p) for p in ctx.encode())
    path.write_bytes(data)
    return path
