"""How a file over its cap will be made to fit: the numbers, decided before any work starts.

Video: H.264 + AAC in MP4. The bitrate comes from the duration so that the result lands just under
the cap: ``cap × 0.95 × 8 / seconds − audio``. The picture is scaled down (2160p → 1080p → 720p →
480p, on its short side) only when the bits per pixel per frame would fall below what H.264 needs
to look right. Below what even 480p needs, the file cannot fit at a watchable quality and the plan
says so. Audio: AAC at the highest bitrate that fits, channels kept. Images: JPEG (WebP when the
picture has transparency) at the highest quality that fits, found by trying.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.media.probe import Probe

__all__ = ["AUDIO_FLOOR", "FILL", "Plan", "PlanError", "plan_audio", "plan_image", "plan_video"]

#: The share of the cap aimed at: the rest absorbs the encoder's error and the MP4 index.
FILL = 0.95
#: Below this many bits per pixel per frame, H.264 at this speed looks smeared: scale down first.
GOOD_BPP = 0.06
#: Below this, even 480p is not worth watching: refuse and say why.
FLOOR_BPP = 0.025
LADDER = (2160, 1080, 720, 480)
AUDIO_MAX = 160_000  # per two channels: AAC gains nothing audible above it
AUDIO_FLOOR = 24_000  # per channel


class PlanError(Exception):
    """Cannot fit at a sensible quality: code is a Reason code, args its parameters."""

    def __init__(self, code: str, **args: object) -> None:
        super().__init__(code)
        self.code, self.args_ = code, args


@dataclass(frozen=True)
class Plan:
    kind: str  # "video", "audio" or "image"
    target: int  # bytes aimed at
    width: int = 0
    height: int = 0
    fps: float = 0.0
    video_bit_rate: int = 0
    audio_bit_rate: int = 0
    channels: int = 0
    rotation: int = 0
    codec: str = ""  # "H.264", "AAC", "JPEG" or "WebP": what the offer names
    image_format: str = ""  # "jpeg" or "webp"

    @property
    def dims(self) -> str:
        if abs(self.rotation) == 90:
            return f"{self.height}×{self.width}"
        return f"{self.width}×{self.height}" if self.width else ""

    def lower(self, factor: float) -> Plan:
        """The same plan aiming lower, after a result that missed."""
        from dataclasses import replace

        return replace(self, video_bit_rate=int(self.video_bit_rate * factor))


def _even(n: float) -> int:
    return max(2, round(n / 2) * 2)


def _audio_rate(p: Probe, budget: float) -> int:
    channels = max(1, p.channels)
    top = AUDIO_MAX * channels // 2
    if p.audio_bit_rate:
        top = min(top, max(p.audio_bit_rate, AUDIO_FLOOR * channels))
    return int(min(top, budget))


def plan_video(p: Probe, cap: int) -> Plan:
    if p.duration <= 0:
        raise PlanError("fit_no_stream")
    total = cap * FILL * 8 / p.duration
    audio = 0
    if p.has_audio:
        audio = _audio_rate(p, total * 0.1)
        audio = max(audio, AUDIO_FLOOR * max(1, min(p.channels, 2)))
    if not p.has_video:
        raise PlanError("fit_no_picture")
    video = int(total - audio - 8 * 1024)  # the MP4 index's share, about a kilobyte a second
    fps = p.fps if 0 < p.fps <= 120 else 30.0
    short = min(p.width, p.height)
    width, height = p.width, p.height
    for rung in (s for s in LADDER if s <= short):
        scale = rung / short
        width, height = _even(p.width * scale), _even(p.height * scale)
        if video / (width * height * fps) >= GOOD_BPP:
            break
    else:
        if short < LADDER[-1]:
            width, height = _even(p.width), _even(p.height)
    if video <= 0 or video / (width * height * fps) < FLOOR_BPP:
        raise PlanError("fit_too_long", cap_bytes=cap, minutes=round(p.duration / 60))
    return Plan(
        "video",
        int(cap * FILL),
        width,
        height,
        fps,
        video,
        audio,
        min(p.channels, 2) if p.has_audio else 0,
        p.rotation,
        "H.264",
    )


def plan_audio(p: Probe, cap: int) -> Plan:
    if not p.has_audio or p.duration <= 0:
        raise PlanError("fit_no_stream")
    total = cap * FILL * 8 / p.duration - 4 * 1024
    channels = min(max(1, p.channels), 8)
    rate = int(min(AUDIO_MAX * channels / 2 * 2, total))  # up to 320 kbit/s for stereo
    if rate < AUDIO_FLOOR * channels:
        raise PlanError("fit_too_long", cap_bytes=cap, minutes=round(p.duration / 60))
    return Plan("audio", int(cap * FILL), audio_bit_rate=rate, channels=channels, codec="AAC")


def plan_image(p: Probe, cap: int) -> Plan:
    if not p.has_video:
        raise PlanError("fit_no_picture")
    fmt = "webp" if p.has_alpha else "jpeg"
    return Plan(
        "image",
        int(cap * FILL),
        p.width,
        p.height,
        rotation=p.rotation,
        codec="WebP" if fmt == "webp" else "JPEG",
        image_format=fmt,
    )
