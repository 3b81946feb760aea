"""The fitting itself, run in a process of its own (see app/core/media/fitter.py).

FFmpeg's decoders and x264 hold the GIL for long stretches and cannot be interrupted from Python,
so the work runs in a child process the app can kill at any moment. The child reads one JSON job
from its arguments, writes progress and its result as JSON lines on stdout, and exits when its
stdin closes (the app went away), so it never outlives the app.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
import threading
import time
import zlib
from dataclasses import asdict
from fractions import Fraction
from pathlib import Path
from typing import Any, NoReturn

from app.core.media.plan import Plan

__all__ = ["main", "run_job"]

_DISK_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
_PRESET = "veryfast"  # what the benchmark compares with the ffmpeg command line


class _Report:
    def __init__(self, duration: float, passes: int = 1) -> None:
        self.duration = max(duration, 1e-6)
        self.started = time.monotonic()
        self.last = 0.0
        self.passes = passes
        self.pass_no = 0

    def __call__(self, seconds_done: float, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.25:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-6)
        share = min(1.0, max(0.0, seconds_done / self.duration))
        speed = seconds_done / elapsed
        left = (self.duration - seconds_done) / speed if speed > 0 else None
        _say(progress=share, speed=speed, left=left, attempt=self.pass_no + 1)


def _say(**fields: Any) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


class JobError(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code, self.detail = code, detail


# --- Video and audio -----------------------------------------------------------------------------


def _transcode(source: Path, out: Path, plan: Plan, report: _Report) -> None:
    import av

    with av.open(str(source)) as inp:
        vin = next(iter(inp.streams.video), None) if plan.kind == "video" else None
        ain = next(iter(inp.streams.audio), None)
        if plan.kind == "video" and vin is None:
            raise JobError("fit_no_picture")
        if plan.kind == "audio" and ain is None:
            raise JobError("fit_no_stream")
        container = av.open(str(out), "w", format="mp4", options={"movflags": "+faststart"})
        with container as output:
            vout = aout = None
            if vin is not None:
                vin.thread_type = "AUTO"
                vout = output.add_stream("libx264", rate=Fraction(plan.fps).limit_denominator(1001))
                vout.width, vout.height = plan.width, plan.height
                vout.pix_fmt = "yuv420p"
                vout.bit_rate = plan.video_bit_rate
                if vin.time_base is not None:
                    vout.codec_context.time_base = vin.time_base
                vout.codec_context.options = {
                    "preset": _PRESET,
                    "maxrate": str(int(plan.video_bit_rate * 1.5)),
                    "bufsize": str(int(plan.video_bit_rate * 2)),
                }
                if plan.rotation:
                    vout.set_display_rotation(plan.rotation)
            if ain is not None and plan.audio_bit_rate:
                aout = output.add_stream("aac", rate=ain.codec_context.sample_rate)
                aout.layout = ain.codec_context.layout
                aout.bit_rate = plan.audio_bit_rate
            wanted = [s for s in (vin, ain if aout is not None else None) if s is not None]
            frames = 0
            for packet in inp.demux(wanted):
                for frame in _decode(packet):
                    if packet.stream is vin and vout is not None:
                        frames += 1
                        picture = frame.reformat(
                            width=plan.width, height=plan.height, format="yuv420p"
                        )
                        picture.pts, picture.time_base = frame.pts, frame.time_base
                        output.mux(vout.encode(picture))
                    elif aout is not None:
                        output.mux(aout.encode(frame))
                    if frame.time is not None:
                        report(float(frame.time))
            if vout is not None:
                if frames == 0:
                    raise JobError("fit_no_picture")
                output.mux(vout.encode(None))
            if aout is not None:
                output.mux(aout.encode(None))


def _decode(packet: Any) -> list[Any]:
    import av

    try:
        return list(packet.decode())
    except av.error.InvalidDataError:
        return []  # one damaged packet: FFmpeg's own tools skip it too


def fit_stream(source: Path, out: Path, plan: Plan, cap: int) -> dict[str, Any]:
    """Encode, check the size, and go again lower if it missed (at most three tries)."""
    report = _Report(_duration(source))
    for attempt in range(3):
        report.pass_no = attempt
        report.started = time.monotonic()
        _transcode(source, out, plan, report)
        size = out.stat().st_size
        if size <= cap:
            report(report.duration, force=True)
            return {"size": size, "width": plan.width, "height": plan.height}
        # Aim lower by how much it missed, and a little more.
        factor = cap * 0.93 / size
        plan = Plan(**{**asdict(plan), "video_bit_rate": int(plan.video_bit_rate * factor)})
        if plan.kind == "audio":
            plan = Plan(**{**asdict(plan), "audio_bit_rate": int(plan.audio_bit_rate * factor)})
    raise JobError("fit_missed")


def _duration(source: Path) -> float:
    from app.core.media.probe import probe

    return probe(source, rotation=False).duration


# --- Images --------------------------------------------------------------------------------------


def _icc_of(data: bytes) -> bytes | None:
    """The colour profile a JPEG, PNG or WebP carries, to put into the fitted picture."""
    if data[:2] == b"\xff\xd8":
        parts: list[bytes] = []
        pos = 2
        while pos + 4 <= len(data) and data[pos] == 0xFF and data[pos + 1] not in (0xDA, 0xD9):
            length = int.from_bytes(data[pos + 2 : pos + 4], "big")
            payload = data[pos + 4 : pos + 2 + length]
            if data[pos + 1] == 0xE2 and payload.startswith(b"ICC_PROFILE\0"):
                parts.append(payload[14:])
            pos += 2 + length
        return b"".join(parts) or None
    if data.startswith(b"\x89PNG"):
        at = data.find(b"iCCP")
        if at > 0:
            length = int.from_bytes(data[at - 4 : at], "big")
            body = data[at + 4 : at + 4 + length]
            with contextlib.suppress(zlib.error, IndexError):
                return zlib.decompress(body.split(b"\0", 1)[1][1:])
        return None
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        at = data.find(b"ICCP", 12)
        if at > 0:
            length = int.from_bytes(data[at + 4 : at + 8], "little")
            return data[at + 8 : at + 8 + length]
    return None


def _with_icc_jpeg(jpeg: bytes, icc: bytes | None) -> bytes:
    if not icc:
        return jpeg
    chunk = 65519 - 14
    pieces = [icc[i : i + chunk] for i in range(0, len(icc), chunk)][:255]
    segments = b""
    for n, piece in enumerate(pieces, 1):
        body = b"ICC_PROFILE\0" + bytes([n, len(pieces)]) + piece
        segments += b"\xff\xe2" + (len(body) + 2).to_bytes(2, "big") + body
    return jpeg[:2] + segments + jpeg[2:]


def _with_icc_webp(webp: bytes, icc: bytes | None, width: int, height: int) -> bytes:
    if not icc:
        return webp
    chunks = webp[12:]
    flags = 0x20
    if chunks[:4] == b"VP8X":
        flags |= chunks[8]
        chunks = chunks[18:]
    elif chunks[:4] == b"VP8L":
        flags |= 0x10  # a lossless picture may hold transparency
    vp8x = b"VP8X" + (10).to_bytes(4, "little") + bytes([flags, 0, 0, 0])
    vp8x += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    iccp = b"ICCP" + len(icc).to_bytes(4, "little") + icc + (b"\0" if len(icc) & 1 else b"")
    body = b"WEBP" + vp8x + iccp + chunks
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def _upright(frame: Any) -> Any:
    """The picture turned as its EXIF orientation (FFmpeg's display matrix) says."""
    import av

    angle = round(frame.rotation or 0)
    steps = {-90: ["transpose=clock"], 90: ["transpose=cclock"], 180: ["hflip", "vflip"]}
    steps[-180] = steps[180]
    if angle not in steps:
        return frame
    graph = av.filter.Graph()
    src = graph.add_buffer(
        width=frame.width, height=frame.height, format=frame.format.name, time_base=Fraction(1, 1)
    )
    last = src
    for step in steps[angle]:
        name, _, args = step.partition("=")
        node = graph.add(name, args or None)
        last.link_to(node)
        last = node
    sink = graph.add("buffersink")
    last.link_to(sink)
    graph.configure()
    frame.pts = 0
    graph.push(frame)
    return graph.pull()


def _encode_image(frame: Any, fmt: str, quality: int, width: int, height: int) -> bytes:
    import av

    codec = "mjpeg" if fmt == "jpeg" else "libwebp"
    pix = "yuvj420p" if fmt == "jpeg" else "yuva420p"
    ctx: Any = av.CodecContext.create(codec, "w")
    ctx.width, ctx.height, ctx.pix_fmt = width, height, pix
    ctx.time_base = Fraction(1, 1)
    if fmt == "jpeg":
        ctx.qscale = quality
        ctx.options = {"qmin": str(quality), "qmax": str(quality)}
    else:
        ctx.options = {"quality": str(quality), "lossless": "0"}
    picture = frame.reformat(width=width, height=height, format=pix)
    picture.pts = 0
    return b"".join(bytes(p) for p in ctx.encode(picture)) + b"".join(
        bytes(p) for p in ctx.encode(None)
    )


def fit_image(source: Path, out: Path, plan: Plan, cap: int) -> dict[str, Any]:
    import av

    data = source.read_bytes()
    icc = _icc_of(data)
    try:
        with av.open(str(source)) as inp:
            stream = next(iter(inp.streams.video), None)
            if stream is None:
                raise JobError("fit_no_picture")
            frame = next(inp.decode(stream), None)
    except av.error.FFmpegError as exc:
        raise JobError("fit_no_picture", str(exc)) from None
    if frame is None:
        raise JobError("fit_no_picture")
    frame = _upright(frame)
    width, height = frame.width, frame.height
    report = _Report(1.0)
    # JPEG: qscale 2 is the best, 31 the worst; WebP: quality 95 down to 5.
    qualities = list(range(2, 32)) if plan.image_format == "jpeg" else list(range(95, 0, -5))
    tries = 0
    while width >= 16 and height >= 16:
        best: bytes | None = None
        lo, hi = 0, len(qualities) - 1
        while lo <= hi:  # the best quality that fits, by halving
            mid = (lo + hi) // 2
            encoded = _encode_image(frame, plan.image_format, qualities[mid], width, height)
            if plan.image_format == "jpeg":
                encoded = _with_icc_jpeg(encoded, icc)
            else:
                encoded = _with_icc_webp(encoded, icc, width, height)
            tries += 1
            report(min(0.95, tries / 12))
            if len(encoded) <= plan.target:
                best, hi = encoded, mid - 1
            else:
                lo = mid + 1
        if best is not None:
            out.write_bytes(best)
            report(1.0, force=True)
            return {"size": len(best), "width": width, "height": height}
        width, height = max(2, int(width * 0.75) // 2 * 2), max(2, int(height * 0.75) // 2 * 2)
    raise JobError("fit_missed")


# --- The child process ---------------------------------------------------------------------------


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    import av

    source, out = Path(job["source"]), Path(job["out"])
    plan = Plan(**job["plan"])
    try:
        if plan.kind == "image":
            return fit_image(source, out, plan, int(job["cap"]))
        return fit_stream(source, out, plan, int(job["cap"]))
    except JobError as exc:
        return {"error": exc.code, "detail": exc.detail}
    except OSError as exc:  # av.error.OSError is one too: FFmpeg's own write errors
        if exc.errno in _DISK_FULL:
            return {"error": "fit_disk_full", "detail": os.strerror(exc.errno or 0)}
        return {"error": "fit_damaged", "detail": str(exc)}
    except av.error.FFmpegError as exc:
        return {"error": "fit_damaged", "detail": str(exc)}


def _die_with_parent() -> None:
    """Exit when the app that started us closes our stdin (it quit, crashed or was killed)."""

    def watch() -> None:
        # The raw descriptor, not sys.stdin: a thread blocked in a buffered read holds its
        # lock, and the interpreter's shutdown would then abort on it.
        with contextlib.suppress(OSError):
            while os.read(0, 1024):
                pass
        os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def main(argv: list[str]) -> NoReturn:
    job = json.loads(argv[0])
    _die_with_parent()
    limit = os.environ.get("APIMODELS_FIT_FILE_LIMIT")  # tests: a disk that fills up
    if limit:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes then fail with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))
    result = run_job(job)
    _say(done=True, **result)
    sys.stdout.flush()
    os._exit(0)  # nothing left to tidy: skip the shutdown that would wait on the stdin thread


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
