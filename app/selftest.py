"""``apimodels-uploader --self-test``: is this installation whole? Runs offscreen, in a temporary
folder, and touches no profile, no keyring entry and no network beyond 127.0.0.1.

What a frozen or installed build most often loses is checked here: the local service and the
upload engine (a real upload over a socket), type sniffing, the compiled translations, the SVG
icon engine, the CA bundle for TLS, SQLite, and which keyring backend was picked.
Prints one line per check and exits 0 when all passed, 1 otherwise.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import struct
import tempfile
import time
import wave
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


class CheckFailed(Exception):
    """A check's own sentence for what is wrong."""


def _png(width: int = 2, height: int = 2) -> bytes:
    """A small valid PNG, built here so the check needs no file of its own."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x4f\x7c\xff\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _samples(folder: Path) -> dict[str, Path]:
    png = folder / "self-test.png"
    png.write_bytes(_png())
    wav = folder / "self-test.wav"
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    impostor = folder / "not-an-image.png"
    impostor.write_text("plain text wearing a .png name\n", encoding="utf-8")
    return {"png": png, "wav": wav, "impostor": impostor}


def check_types(folder: Path) -> str:
    from app.core.media import Media, Refusal, inspect

    files = _samples(folder)
    png, wav, impostor = inspect(files["png"]), inspect(files["wav"]), inspect(files["impostor"])
    if not isinstance(png, Media) or png.mime != "image/png":
        raise CheckFailed(f"a PNG was read as {png}")
    if not isinstance(wav, Media) or wav.kind != "audio":
        raise CheckFailed(f"a WAV file was read as {wav}")
    if not isinstance(impostor, Refusal):
        raise CheckFailed("a text file named .png was accepted as media")
    return f"PNG as {png.mime}, WAV as {wav.mime}, a text file named .png refused"


def check_upload(folder: Path) -> str:
    import httpx

    from app.core.api import FilesClient
    from app.core.media import Media, inspect
    from app.core.uploads import EngineOptions, State, UploadEngine
    from app.localserver import LocalServer

    media = inspect(_samples(folder)["png"])
    assert isinstance(media, Media)
    key = "self-test-" + secrets.token_hex(8)
    started = time.monotonic()
    with LocalServer(api_key=key, data_dir=folder / "service") as server:

        async def upload() -> tuple[State, str | None, str | None]:
            async with FilesClient(base_url=server.base_url, api_key=key) as client:
                engine = UploadEngine(
                    client, options=EngineOptions(concurrency=1, hash_files=False)
                )
                (job,) = engine.add([media])
                await engine.wait_idle()
                await engine.aclose()
                return job.state, job.public_url, job.error

        state, url, error = asyncio.run(upload())
        if state is not State.DONE or url is None:
            raise CheckFailed(f"the upload ended {state.value}: {error or 'no URL'}")
        served = httpx.get(url, timeout=10)
        if served.content != media.path.read_bytes():
            raise CheckFailed(f"the public URL served other bytes (HTTP {served.status_code})")
    took = time.monotonic() - started
    return f"a PNG through the local service and back, same bytes ({took:.2f} s)"


def _clip(path: Path, seconds: int = 2) -> Path:
    """A small H.264 + AAC clip written by PyAV, with a QuickTime location tag."""
    from fractions import Fraction

    import av

    with av.open(str(path), "w") as out:
        out.metadata["location"] = "+48.8577+002.2950/"
        video = out.add_stream("libx264", rate=10)
        video.width, video.height, video.pix_fmt = 160, 120, "yuv420p"
        video.codec_context.options = {"preset": "ultrafast"}
        for i in range(seconds * 10):
            frame = av.VideoFrame(160, 120, "yuv420p")
            for n, plane in enumerate(frame.planes):
                plane.update(bytes([(i * 9 + n * 70) % 256]) * plane.buffer_size)
            frame.pts, frame.time_base = i, Fraction(1, 10)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
    return path


def check_clean(folder: Path) -> str:
    from app.core.media import Caps, Media, inspect
    from app.core.media.clean import clean
    from app.core.media.scratch import Scratch

    clip = _clip(folder / "located.mov")
    media = inspect(clip, Caps())
    if not isinstance(media, Media):
        raise CheckFailed(f"a QuickTime clip was read as {media}")
    cleaned = clean(media, Scratch(folder / "cache"))
    if not isinstance(cleaned, Media) or cleaned.origin is None:
        raise CheckFailed(f"cleaning the clip gave {cleaned}")
    if b"+48.8577" in cleaned.path.read_bytes():
        raise CheckFailed("the location was still in the cleaned clip")
    return f"a clip's location removed ({', '.join(cleaned.origin.removed)})"


def check_fit(folder: Path) -> str:
    from app.core.media import Caps, Media, inspect
    from app.core.media.fitter import Fit
    from app.core.media.scratch import Scratch

    clip = _clip(folder / "long.mp4", seconds=3)
    uncapped = Caps(image=2**40, video=2**40, audio=2**40)
    media = inspect(clip, uncapped)
    if not isinstance(media, Media):
        raise CheckFailed(f"the clip was read as {media}")
    cap = media.size * 2 // 3
    started = time.monotonic()
    fitted = Fit(media, Scratch(folder / "cache"), Caps(video=cap)).run()  # the child process
    if not isinstance(fitted, Media) or fitted.size > cap:
        raise CheckFailed(f"fitting the clip gave {fitted}")
    took = time.monotonic() - started
    return f"a clip fitted from {media.size:,} to {fitted.size:,} bytes in a child ({took:.1f} s)"


def check_sqlite(folder: Path) -> str:
    import sqlite3

    from app.core.history import History

    history = History(folder / "history.sqlite3")
    history.close()
    return f"history file created (SQLite {sqlite3.sqlite_version})"


def _qt_app() -> object:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the check must run without a display
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def check_translations(folder: Path) -> str:
    from PySide6.QtCore import QTranslator

    from app.resources import resource_path

    _qt_app()
    found = []
    for language in ("zh_CN", "en"):
        path = resource_path("translations", f"apimodels_uploader_{language}.qm")
        translator = QTranslator()
        if not translator.load(str(path)) or translator.isEmpty():
            raise CheckFailed(f"the {language} translation is missing or empty ({path.name})")
        found.append(language)
    return "loaded " + ", ".join(found)


def check_icons(folder: Path) -> str:
    from PySide6.QtGui import QIcon, QImageReader

    from app.resources import resource_path

    _qt_app()
    svgs = [resource_path("apimodels-uploader.svg"), *sorted(resource_path("icons").glob("*.svg"))]
    if len(svgs) < 2:
        raise CheckFailed("the icon files are missing")
    for svg in svgs:
        image = QIcon(str(svg)).pixmap(32, 32).toImage()
        painted = any(
            image.pixelColor(x, y).alpha() > 0 for x in range(0, 32, 2) for y in range(0, 32, 2)
        )
        if image.isNull() or not painted:
            raise CheckFailed(f"{svg.name} did not render (is the SVG icon engine bundled?)")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"svg", "jpeg", "png", "gif", "webp", "tiff"} - formats
    if missing:
        raise CheckFailed("no image reader for " + ", ".join(sorted(missing)))
    return f"{len(svgs)} SVG icons drawn; thumbnails for jpeg, png, gif, webp, tiff"


def check_locale(folder: Path) -> str:
    """Qt's ICU data (cut down in the bundle to root, English and Chinese) still sorts names."""
    from PySide6.QtCore import QCollator, QLocale

    _qt_app()
    results = []
    for name in ("en_US", "zh_CN", "de_DE"):
        collator = QCollator(QLocale(name))
        # By code point "B" < "a"; any real collation puts "a" first.
        if not collator.compare("a.png", "B.png") < 0:
            raise CheckFailed(f"names do not sort by language in {name} (ICU data missing?)")
        results.append(name)
    return "names sort by language (" + ", ".join(results) + ")"


def check_tls(folder: Path) -> str:
    import ssl

    import certifi

    from app.core.tls import ssl_context, system_store_exists

    bundle = Path(certifi.where())
    if not bundle.is_file() or b"BEGIN CERTIFICATE" not in bundle.read_bytes()[:65536]:
        raise CheckFailed(f"the fallback CA bundle is missing ({bundle.name})")
    count = len(ssl.create_default_context(cafile=str(bundle)).get_ca_certs())
    if count < 10:
        raise CheckFailed(f"the fallback CA bundle holds only {count} certificates")
    context = ssl_context()
    if context.verify_mode is not ssl.CERT_REQUIRED or not context.check_hostname:
        raise CheckFailed("the TLS context does not verify certificates")
    store = (
        "the system's trust store"
        if system_store_exists()
        else "the bundled CA list (this system has no trust store)"
    )
    return f"certificates checked against {store}; fallback bundle of {count}"


def check_keyring(folder: Path) -> str:
    import keyring

    from app.core.settings import KeyStore

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if KeyStore.secure_storage_available():
        return f"{name}: keys are kept in the system keyring"
    return f"{name}: no secure keyring here, so a key typed in lasts the session only"


def check_qr(folder: Path) -> str:
    # segno is imported only when a QR code is shown: a bundle that left it out fails here.
    from app.core.qr import qr_matrix

    matrix = qr_matrix("https://files.example/u/0123456789abcdef/photo.png")
    if matrix.size < 21 + 8:
        raise CheckFailed(f"the QR code came out {matrix.size} modules wide")
    return f"QR codes are made (version {matrix.version}, {matrix.size} modules)"


def check_watch(folder: Path) -> str:
    """The watched folder's library (watchdog and its native part) works in this build."""
    from app.core.watch import FolderWatch, WatchOptions

    watched = folder / "watched"
    watched.mkdir()
    seen: list[object] = []
    watch = FolderWatch(
        watched,
        folder / "watch.json",
        on_ready=seen.extend,
        on_problem=seen.append,
        options=WatchOptions(settle=0.2, tick=0.05, rescan=5.0),
    )
    watch.start()
    try:
        time.sleep(0.3)
        (watched / "new.png").write_bytes(_png())
        deadline = time.monotonic() + 10
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)
        observer = type(watch._observer).__name__
    finally:
        watch.stop()
    if len(seen) != 1:
        raise CheckFailed(f"a new file in a watched folder was not seen ({seen!r})")
    return f"{observer}: a new file in a watched folder was seen"


CHECKS: tuple[tuple[str, Callable[[Path], str]], ...] = (
    ("types", check_types),
    ("upload", check_upload),
    ("clean", check_clean),
    ("fit", check_fit),
    ("history", check_sqlite),
    ("translations", check_translations),
    ("icons", check_icons),
    ("locale", check_locale),
    ("tls", check_tls),
    ("keyring", check_keyring),
    ("qr", check_qr),
    ("watch", check_watch),
)


def run_self_test(out: TextIO) -> int:
    failed = 0
    with tempfile.TemporaryDirectory(prefix="apimodels-self-test-") as tmp:
        for name, check in CHECKS:
            folder = Path(tmp) / name
            folder.mkdir()
            try:
                detail = check(folder)
            except CheckFailed as exc:
                failed += 1
                print(f"FAIL  {name}: {exc}", file=out, flush=True)
            except Exception as exc:
                failed += 1
                print(f"FAIL  {name}: {type(exc).__name__}: {exc}", file=out, flush=True)
            else:
                print(f"ok    {name}: {detail}", file=out, flush=True)
    if failed:
        print(f"Self-test failed: {failed} of {len(CHECKS)} checks.", file=out, flush=True)
        return 1
    print(f"Self-test passed: {len(CHECKS)} checks.", file=out, flush=True)
    return 0
