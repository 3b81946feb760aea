"""What the bundle leaves out, and why. The spec applies this list; docs/packaging.md has the sizes.

Every cut was checked by running the frozen app (the window in demo mode and ``--self-test``)
without it. Things that look removable but are NOT, and why:
- both SVG plugins (imageformats/qsvg and iconengines/qsvgicon): without the icon engine the app
  icon silently becomes a generic glyph, and the status icons disappear;
- the Wayland plugins: without them a Wayland-only desktop gets a misleading xcb error;
- the TIFF, JPEG, GIF, WebP and ICO readers: TIFF and the others upload as images, and their rows
  get a thumbnail;
- ICU: QtCore needs it (packaging/icu_trim.py cuts its data to the languages we show instead);
- the local service (uvicorn, starlette, botocore's signer): demo mode and ``--self-test`` run it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

# (pattern on the path inside the bundle, reason). Patterns use "/" on every OS.
CUTS: tuple[tuple[str, str], ...] = (
    ("botocore/data/*", "service models: the local service only signs URLs, which needs none"),
    ("PySide6/Qt/translations/*", "Qt's own translations: only qtbase_zh_CN.qm is used (kept)"),
    ("PySide6/Qt/plugins/platforms/*eglfs*", "embedded (no window system) platform"),
    ("PySide6/Qt/plugins/platforms/*vnc*", "VNC platform"),
    ("PySide6/Qt/plugins/platforms/*linuxfb*", "framebuffer platform"),
    ("PySide6/Qt/plugins/platforms/*minimal*", "test platforms (minimal, minimalegl)"),
    ("PySide6/Qt/plugins/platforms/*vkkhrdisplay*", "Vulkan display platform"),
    ("PySide6/Qt/plugins/egldeviceintegrations/*", "eglfs device backends"),
    ("PySide6/Qt/lib/libQt6EglFSDeviceIntegration*", "only the (cut) eglfs platform loads it"),
    ("PySide6/Qt/lib/libQt6EglFsKmsSupport*", "only the (cut) eglfs platform loads it"),
    ("libQt6EglFSDeviceIntegration*", "the same, as PyInstaller's top-level link"),
    ("libQt6EglFsKmsSupport*", "the same, as PyInstaller's top-level link"),
    ("PySide6/Qt/plugins/networkinformation/*", "QNetworkInformation is not used; pulls GIO"),
    ("PySide6/Qt/plugins/tls/*", "Qt's TLS is not used: HTTPS goes through Python's ssl"),
    ("PySide6/Qt/plugins/generic/*", "evdev/tuio input for embedded devices"),
    ("PySide6/Qt/plugins/imageformats/*tga*", "TGA thumbnails: not a type the app recognises"),
    ("PySide6/Qt/plugins/imageformats/*icns*", "ICNS thumbnails: not a type the app recognises"),
    ("PySide6/Qt/plugins/imageformats/*wbmp*", "WBMP thumbnails: not a type the app recognises"),
    ("PySide6/Qt/plugins/imageformats/*pdf*", "PDF thumbnails: not media"),
    ("PySide6/Qt/plugins/platformthemes/*gtk3*", "GTK3 theme: pulls ~34 GTK host libraries"),
    ("PySide6/Qt/plugins/platforminputcontexts/*virtualkeyboard*", "Qt Quick virtual keyboard"),
    ("PySide6/Qt/plugins/designer/*", "Qt Designer plugins"),
    ("PySide6/Qt/plugins/qmltooling/*", "QML debugging"),
    ("PySide6/Qt/plugins/qmllint/*", "QML lint"),
)
KEEP: tuple[str, ...] = ("PySide6/Qt/translations/qtbase_zh_CN.qm",)

# Modules PyInstaller would otherwise follow from the standard library or optional imports.
EXCLUDED_MODULES: tuple[str, ...] = (
    "tkinter",
    "pydoc",
    "pydoc_data",
    "lib2to3",
    "ensurepip",
    "idlelib",
    "test",
    # keyrings.alt stores keys in plain files; the app refuses it (it is in the test extra only,
    # to prove that refusal), so a build environment that has it must not ship it.
    "keyrings",
    # Test tools that a developer's environment has and optional imports would pull in: the app
    # never uses them, and a build must not depend on which extras were installed.
    "_pytest",
    "pytest",
    "hypothesis",
    "pygments",
    "requests",
    "charset_normalizer",
    "boto3",
    "trustme",
)

# A TOC entry as PyInstaller keeps it: (name in the bundle, source path, type code).
Entry = tuple[str, str, str]


def _posix(name: str) -> str:
    return str(PurePosixPath(*name.replace("\\", "/").split("/")))


def reason_for(name: str) -> str | None:
    path = _posix(name)
    if path in KEEP:
        return None
    for pattern, reason in CUTS:
        if fnmatch.fnmatchcase(path, pattern):
            return reason
    return None


def split(toc: Iterable[Entry]) -> tuple[list[Entry], list[Entry]]:
    """(kept, cut) by the patterns above."""
    kept: list[Entry] = []
    cut: list[Entry] = []
    for entry in toc:
        (cut if reason_for(entry[0]) else kept).append(entry)
    return kept, cut


def _is_root(name: str) -> bool:
    """Our own binaries (Qt, Python and its extensions) as opposed to libraries copied from the
    build host next to them, which are there only because a root needs them."""
    path = PurePosixPath(_posix(name))
    return (
        len(path.parts) > 1
        or ".cpython-" in path.name
        or ".abi3." in path.name
        or path.name.startswith("libpython")
    )


def orphans(
    kept: Iterable[Entry], cut: Iterable[Entry], imports: Callable[[str], Iterable[str]]
) -> set[str]:
    """Host libraries that only the cut binaries needed (the GTK theme's ~34 libraries).

    ``imports(src)`` lists the libraries a binary loads, transitively (ldd's answer on Linux).
    A host library stays when one of our own kept binaries needs it, directly or not.
    """
    kept = list(kept)
    by_name = {PurePosixPath(_posix(e[0])).name: e[0] for e in kept if not _is_root(e[0])}
    needed_by_roots = {n for e in kept if _is_root(e[0]) for n in imports(e[1])}
    needed_by_cut = {n for e in cut for n in imports(e[1])}
    return {by_name[n] for n in needed_by_cut - needed_by_roots if n in by_name}
