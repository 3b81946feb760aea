"""Media work, measured: fitting against the ffmpeg command line, the GUI thread during a fit,
the fitting child's peak memory against the clip's length, and cleaning against one copy.

    python benchmarks/media.py [--seconds 60] [--height 1080] [--skip-ffmpeg]

Writes a clip with PyAV (H.264 at 12 Mbit/s, AAC, a QuickTime location tag) into a temporary
folder, then:
1. fits it to half its size with the app's child process, and runs `ffmpeg` (Debian's) with the
   same output settings (libx264 veryfast, the same bitrates, size, AAC, +faststart), in this run;
2. fits it again in a thread of a Qt application, as the window does, while a 5 ms timer
   records the GUI thread's longest stall;
3. fits clips of a third and of the full length and reports the child's peak RSS (VmHWM);
4. cleans the clip (its location atom blanked) and copies it once with shutil.copyfile.
Prints one line per figure. Notes: on this 2-core machine x264 gets both cores; a fit slower than
the clip's own duration is x264's veryfast preset at 1080p on two cores, and ffmpeg pays the same.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.media import Caps, Media, inspect  # noqa: E402
from app.core.media.fitter import Fit, fit_command, offer  # noqa: E402
from app.core.media.plan import Plan  # noqa: E402
from app.core.media.scratch import Scratch  # noqa: E402
from tests.core.media_samples import write_video  # noqa: E402

UNCAPPED = Caps(image=2**40, video=2**40, audio=2**40)


def _clip(folder: Path, seconds: float, height: int) -> Path:
    width = height * 16 // 9
    return write_video(
        folder / f"clip-{seconds:g}s.mov",
        seconds=seconds,
        size=(width, height),
        fps=30,
        bitrate=12_000_000,
        metadata={"location": "+48.8577+002.2950/"},
    )


def _media(path: Path) -> Media:
    item = inspect(path, UNCAPPED)
    assert isinstance(item, Media), item
    return item


def fit_vs_ffmpeg(clip: Path, folder: Path, skip_ffmpeg: bool) -> None:
    media = _media(clip)
    caps = Caps(video=media.size // 2)
    plan = offer(media, "video", media.mime, caps)
    assert isinstance(plan, Plan), plan
    started = time.perf_counter()
    fitted = Fit(media, Scratch(folder / "cache"), caps).run()
    ours = time.perf_counter() - started
    assert isinstance(fitted, Media), fitted
    shape = f"{plan.width}x{plan.height}, {plan.video_bit_rate // 1000} kbit/s"
    print(f"fit: {media.size / 1e6:.1f} MB -> {fitted.size / 1e6:.1f} MB ({shape}) in {ours:.1f} s")
    if skip_ffmpeg or shutil.which("ffmpeg") is None:
        print("ffmpeg: not run (no ffmpeg on PATH)")
        return
    b = plan.video_bit_rate
    command = [
        "ffmpeg", "-v", "error", "-y", "-i", str(clip),
        "-c:v", "libx264", "-preset", "veryfast", "-b:v", str(b), "-maxrate", str(int(b * 1.5)),
        "-bufsize", str(b * 2), "-s", f"{plan.width}x{plan.height}", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", str(plan.audio_bit_rate), "-movflags", "+faststart",
        str(folder / "ffmpeg.mp4"),
    ]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, check=True)
    theirs = time.perf_counter() - started
    size = (folder / "ffmpeg.mp4").stat().st_size
    version = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout
    print(f"ffmpeg CLI {version.split()[2]}, same settings: {size / 1e6:.1f} MB in {theirs:.1f} s")
    print(f"fit / ffmpeg = {ours / theirs:.2f}x (target <= 1.2)")


def gui_stall(clip: Path, folder: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    media = _media(clip)
    caps = Caps(video=media.size // 2)
    worst = 0
    clock = QElapsedTimer()
    clock.start()
    last = clock.elapsed()
    updates = 0

    def tick() -> None:
        nonlocal last, worst
        now = clock.elapsed()
        worst = max(worst, now - last)
        last = now

    def progress(_p: object) -> None:
        nonlocal updates
        updates += 1

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    result: list[object] = []
    worker = threading.Thread(
        target=lambda: result.append(Fit(media, Scratch(folder / "cache2"), caps, progress).run())
    )
    worker.start()
    while worker.is_alive():
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    assert isinstance(result[0], Media), result
    print(f"GUI thread during a fit: longest stall {worst} ms over {clock.elapsed() / 1000:.1f} s, "
          f"{updates} progress updates (target <= 50 ms)")  # fmt: skip


def peak_memory(clips: list[Path], folder: Path) -> None:
    for clip in clips:
        media = _media(clip)
        caps = Caps(video=media.size // 2)
        plan = offer(media, "video", media.mime, caps)
        assert isinstance(plan, Plan)
        out = folder / f"peak-{clip.stem}.mp4"
        job = {"source": str(clip), "out": str(out), "cap": caps.video, "plan": asdict(plan)}
        proc = subprocess.Popen(
            [*fit_command(), json.dumps(job)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL
        )
        peak = 0
        status = Path(f"/proc/{proc.pid}/status")
        while proc.poll() is None:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
            except OSError:
                break
            time.sleep(0.05)
        proc.wait()
        print(f"fit child peak RSS for a {media.size / 1e6:.0f} MB clip "
              f"({clip.stem}): {peak / 1024:.0f} MiB")  # fmt: skip


def clean_vs_copy(clip: Path, folder: Path) -> None:
    from app.core.media.clean import clean

    media = _media(clip)
    started = time.perf_counter()
    shutil.copyfile(clip, folder / "copy.mov")
    copy = time.perf_counter() - started
    started = time.perf_counter()
    cleaned = clean(media, Scratch(folder / "cache3"))
    took = time.perf_counter() - started
    assert isinstance(cleaned, Media) and cleaned.origin is not None
    print(f"clean a {media.size / 1e6:.0f} MB clip: {took * 1000:.0f} ms; one copy: "
          f"{copy * 1000:.0f} ms; ratio {took / copy:.2f} (target <= 1)")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--skip-ffmpeg", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        clip = _clip(folder, args.seconds, args.height)
        print(f"clip: {args.seconds:g} s at {args.height}p, {clip.stat().st_size / 1e6:.1f} MB, "
              f"written in {time.perf_counter() - started:.1f} s")  # fmt: skip
        clean_vs_copy(clip, folder)
        fit_vs_ffmpeg(clip, folder, args.skip_ffmpeg)
        gui_stall(clip, folder)
        short = _clip(folder, args.seconds / 3, args.height)
        peak_memory([short, clip], folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
