"""Fitting real files to small caps, in the real child process; bad input gets a sentence."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import pytest

from app.core.media import Caps, Media, Refusal, inspect
from app.core.media.fitter import Fit, FitProgress, offer
from app.core.media.plan import Plan
from app.core.media.probe import Probe
from app.core.media.scratch import Scratch
from tests.core.media_samples import camera_jpeg, encode_image, write_audio, write_video

pytestmark = pytest.mark.slow

BIG = Caps(image=10**9, video=10**9, audio=10**9)


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    return Scratch(tmp_path / "cache")


def _media(path: Path) -> Media:
    item = inspect(path, BIG)
    assert isinstance(item, Media), item
    return item


def _leftovers(scratch: Scratch) -> list[Path]:
    return [p for p in scratch.root.rglob("*") if p.is_file()] if scratch.root.exists() else []


def test_video_fits_under_its_cap_keeping_rotation_rate_and_audio(
    tmp_path: Path, scratch: Scratch
) -> None:
    path = write_video(tmp_path / "clip.mov", seconds=3, size=(320, 240), bitrate=2_000_000)
    # Turn it as a phone held upright does: the display matrix, not the pixels.
    with av.open(str(path)) as src, av.open(str(tmp_path / "turned.mov"), "w") as dst:
        streams = {}
        for s in src.streams:
            streams[s.index] = dst.add_stream_from_template(s)
        streams[0].set_display_rotation(-90)
        for packet in src.demux():
            if packet.dts is not None:
                packet.stream = streams[packet.stream.index]
                dst.mux(packet)
    media = _media(tmp_path / "turned.mov")
    cap = media.size // 2
    seen: list[FitProgress] = []
    sent = Fit(media, scratch, Caps(video=cap), on_progress=seen.append).run()
    assert isinstance(sent, Media), sent
    assert sent.size <= cap and sent.mime == "video/mp4" and sent.origin is not None
    assert sent.origin.fitted and sent.origin.path == media.path
    with av.open(str(sent.path)) as out:
        video, audio = out.streams.video[0], out.streams.audio[0]
        assert video.codec_context.name == "h264" and audio.codec_context.name == "aac"
        assert video.average_rate == 25 and audio.codec_context.channels == 2
        frame = next(out.decode(video))
        assert frame.rotation == -90  # still shown upright
    head = sent.path.read_bytes()[:4096]
    assert head.find(b"moov") < head.find(b"mdat") or b"mdat" not in head  # faststart
    assert seen and seen[-1].share == 1.0 and seen[-1].speed > 0
    assert isinstance(inspect(sent.path, Caps(video=cap)), Media)  # sniffed and capped again


def test_audio_fits_keeping_its_channels(tmp_path: Path, scratch: Scratch) -> None:
    path = write_audio(tmp_path / "talk.flac", seconds=4)
    media = _media(path)
    cap = 40_000
    sent = Fit(media, scratch, Caps(audio=cap)).run()
    assert isinstance(sent, Media), sent
    assert sent.size <= cap and sent.mime == "audio/mp4"
    with av.open(str(sent.path)) as out:
        assert out.streams.audio[0].codec_context.channels == 2
        assert sum(f.samples for f in out.decode(audio=0)) > 3 * 48000


def test_image_fits_upright_with_its_colour_profile(tmp_path: Path, scratch: Scratch) -> None:
    path = camera_jpeg(tmp_path / "photo.jpg", orientation=6, size=(320, 240))
    media = _media(path)
    cap = media.size - 600
    sent = Fit(media, scratch, Caps(image=cap)).run()
    assert isinstance(sent, Media), sent
    assert sent.size <= cap and sent.mime == "image/jpeg"
    data = sent.path.read_bytes()
    assert b"ICC_PROFILE\0" in data and b"fake-icc-profile" in data
    assert b"GPS" not in data and b"Jane Secret" not in data
    with av.open(str(sent.path)) as out:
        frame = next(out.decode(video=0))
        assert (frame.width, frame.height) == (240, 320)  # turned as the EXIF said


def test_transparent_picture_becomes_webp(tmp_path: Path) -> None:
    info = Probe(0.0, 64, 64, has_alpha=True)
    from app.core.media.plan import plan_image

    assert plan_image(info, 1000).image_format == "webp"


def test_three_hours_cannot_fit_and_says_so(tmp_path: Path) -> None:
    from app.core.media.plan import PlanError, plan_video

    info = Probe(3 * 3600.0, 1920, 1080, 30.0, channels=2)
    with pytest.raises(PlanError) as caught:
        plan_video(info, 100 * 1024 * 1024)
    assert caught.value.code == "fit_too_long"


def test_the_plan_scales_down_only_when_bits_run_short() -> None:
    from app.core.media.plan import plan_video

    cap = 100 * 1024 * 1024
    short = plan_video(Probe(60.0, 3840, 2160, 30.0, channels=2), cap)
    assert (short.width, short.height) == (1920, 1080)
    brief = plan_video(Probe(20.0, 1920, 1080, 30.0, channels=2), cap)
    assert (brief.width, brief.height) == (1920, 1080)
    long = plan_video(Probe(900.0, 1920, 1080, 30.0, channels=2), cap)
    assert long.height in (720, 480)
    target = cap * 0.95 * 8 / 60
    assert short.video_bit_rate == pytest.approx(target - short.audio_bit_rate, rel=0.01)


def test_offer_says_what_fitting_gives(tmp_path: Path) -> None:
    path = write_video(tmp_path / "clip.mp4", seconds=2, size=(320, 240))
    planned = offer(_media(path), "video", "video/mp4", Caps(video=100_000))
    assert isinstance(planned, Plan)
    assert planned.codec == "H.264" and planned.dims == "320×240" and planned.target == 95_000


def test_cancel_kills_the_child_and_leaves_no_file(tmp_path: Path, scratch: Scratch) -> None:
    path = write_video(tmp_path / "long.mp4", seconds=20, size=(640, 480), bitrate=4_000_000)
    media = _media(path)
    fit = Fit(media, scratch, Caps(video=media.size // 2))
    started = threading.Event()
    fit.on_progress = lambda _p: started.set()
    result: list[Media | Refusal] = []
    worker = threading.Thread(target=lambda: result.append(fit.run()))
    worker.start()
    assert started.wait(60)
    fit.cancel()
    worker.join(30)
    assert isinstance(result[0], Refusal) and result[0].why.code == "fit_cancelled"  # type: ignore[union-attr]
    assert _leftovers(scratch) == []


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\0\0\0\x18ftypmp42" + b"\0" * 200, "fit_damaged"),  # no moov: cut short
        (b"", "fit_damaged"),
    ],
)
def test_damaged_video_gets_a_sentence(
    tmp_path: Path, scratch: Scratch, content: bytes, code: str
) -> None:
    path = tmp_path / "broken.mp4"
    path.write_bytes(content)
    media = Media(path, path.name, len(content) or 1, "video/mp4", "video")
    sent = Fit(media, scratch, Caps(video=10)).run()
    assert isinstance(sent, Refusal) and sent.why.code in (code, "fit_no_stream")  # type: ignore[union-attr]
    assert "broken.mp4" in sent.reason
    assert _leftovers(scratch) == []


def test_truncated_video_fits_what_is_there_or_says_why(tmp_path: Path, scratch: Scratch) -> None:
    path = write_video(tmp_path / "cut.mp4", seconds=3, size=(320, 240), bitrate=2_000_000)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # moov at the end: gone
    sent = Fit(_media(path), scratch, Caps(video=10_000)).run()
    assert isinstance(sent, Refusal)
    assert sent.why.code == "fit_damaged"  # type: ignore[union-attr]


def test_a_picture_with_no_frame_gets_a_sentence(tmp_path: Path, scratch: Scratch) -> None:
    path = tmp_path / "nothing.jpg"
    path.write_bytes(encode_image("mjpeg")[:40])
    media = Media(path, path.name, 40, "image/jpeg", "image")
    sent = Fit(media, scratch, Caps(image=10)).run()
    assert isinstance(sent, Refusal)
    assert sent.why.code in ("fit_no_picture", "fit_damaged")  # type: ignore[union-attr]
    assert _leftovers(scratch) == []


def test_audio_file_with_no_stream_and_video_with_no_audio(
    tmp_path: Path, scratch: Scratch
) -> None:
    silent = write_video(tmp_path / "silent.mp4", seconds=2, size=(320, 240), audio=False)
    media = _media(silent)
    sent = Fit(media, scratch, Caps(video=media.size - 100)).run()
    assert isinstance(sent, Media), sent  # a video with no sound fits fine
    as_audio = Media(silent, "silent.m4a", media.size, "audio/mp4", "audio")
    refused = Fit(as_audio, scratch, Caps(audio=10)).run()
    assert isinstance(refused, Refusal) and refused.why.code == "fit_no_stream"  # type: ignore[union-attr]


def test_zero_length_video_gets_a_sentence(tmp_path: Path, scratch: Scratch) -> None:
    path = write_video(tmp_path / "zero.mp4", seconds=0, audio=False)
    media = _media(path)
    sent = Fit(media, scratch, Caps(video=10)).run()
    assert isinstance(sent, Refusal)
    assert sent.why.code in ("fit_no_stream", "fit_damaged", "fit_no_picture")  # type: ignore[union-attr]


def test_a_file_changed_while_fitting_is_not_sent(tmp_path: Path, scratch: Scratch) -> None:
    path = write_video(tmp_path / "edit.mp4", seconds=6, size=(640, 480), bitrate=4_000_000)
    media = _media(path)
    fit = Fit(media, scratch, Caps(video=media.size // 2))

    def touch(_p: FitProgress) -> None:
        with path.open("ab") as handle:
            handle.write(b"\0")
        fit.on_progress = None

    fit.on_progress = touch
    sent = fit.run()
    assert isinstance(sent, Refusal) and sent.why.code == "fit_changed"  # type: ignore[union-attr]
    assert _leftovers(scratch) == []


def test_a_full_disk_during_a_fit_gets_a_sentence(
    tmp_path: Path, scratch: Scratch, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_video(tmp_path / "full.mp4", seconds=3, size=(320, 240), bitrate=2_000_000)
    media = _media(path)
    monkeypatch.setenv("APIMODELS_FIT_FILE_LIMIT", "20000")  # the child can write 20 KB
    sent = Fit(media, scratch, Caps(video=media.size // 2)).run()
    assert isinstance(sent, Refusal), sent
    assert sent.why.code == "fit_disk_full"  # type: ignore[union-attr]
    assert "free space" in sent.reason
    assert _leftovers(scratch) == []
