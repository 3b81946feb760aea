"""A small picture of a video (its poster frame) or of an image Qt cannot read, by FFmpeg."""

from __future__ import annotations

from pathlib import Path

__all__ = ["poster_rgb"]

#: Where the poster is taken: a second in, past the black of a fade-in, if the video is that long.
_AT = 1.0


def poster_rgb(path: str | Path, px: int) -> tuple[bytes, int, int] | None:
    """(RGB bytes, width, height) of one picture scaled to fit px×px and turned upright, or None.

    Reads a few packets only. Call it off the GUI thread.
    """
    import av

    with av.open(str(path)) as container:
        stream = next(iter(container.streams.video), None)
        if stream is None:
            return None
        stream.thread_type = "AUTO"
        duration = (container.duration or 0) / 1_000_000
        if duration > 2 * _AT and stream.time_base:
            # Seek to the keyframe before one second in; fall back to the start if it fails.
            try:
                container.seek(int(_AT / stream.time_base), stream=stream)
            except av.error.FFmpegError:
                container.seek(0)
        frame = next(container.decode(stream), None)
        if frame is None:
            return None
        rotation = round(frame.rotation or 0)
        width, height = frame.width, frame.height
        scale = min(1.0, px / max(width, height))
        width, height = max(1, int(width * scale)), max(1, int(height * scale))
        rgb = frame.reformat(width=width, height=height, format="rgb24")
        data = _packed(rgb, width, height)
        if rotation in (90, -90, 180, -180):
            data, width, height = _turned(data, width, height, rotation)
        return data, width, height


def _packed(frame: object, width: int, height: int) -> bytes:
    plane = frame.planes[0]  # type: ignore[attr-defined]
    raw, stride = bytes(plane), plane.line_size
    row = width * 3
    return b"".join(raw[y * stride : y * stride + row] for y in range(height))


def _turned(data: bytes, width: int, height: int, rotation: int) -> tuple[bytes, int, int]:
    """Turn a small RGB picture as the display matrix says (counter-clockwise degrees)."""
    pixels = [data[i : i + 3] for i in range(0, len(data), 3)]
    if rotation in (180, -180):
        return b"".join(reversed(pixels)), width, height
    out = []
    for y in range(width):
        for x in range(height):
            if rotation == -90:  # clockwise: the bottom-left pixel comes first
                out.append(pixels[(height - 1 - x) * width + y])
            else:
                out.append(pixels[x * width + (width - 1 - y)])
    return b"".join(out), height, width
