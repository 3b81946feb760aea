"""Info.plist of the macOS app, for PyInstaller's ``BUNDLE(info_plist=...)``.

The document types make Finder accept images, video and audio dropped on the Dock icon and
offer the app under "Open With"; the files then reach the app as ``QFileOpenEvent``.
"""

from __future__ import annotations

import re
from importlib import metadata
from typing import Any

BUNDLE_ID = "app.apimodels.uploader"
# Qt 6.10+ wheels (what "PySide6-Essentials<6.12" resolves to today) are tagged macosx_13_0;
# 6.8 and 6.9 were macosx_12_0. Used when the installed wheel's tag cannot be read.
FALLBACK_MINIMUM_MACOS = "13.0"

_MACOS_TAG = re.compile(r"macosx_(\d+)_(\d+)_")


def minimum_macos_from_wheel_tags(wheel_file: str) -> str | None:
    """The lowest macOS a wheel supports, from the ``Tag:`` lines of its WHEEL file."""
    versions = [
        (int(m.group(1)), int(m.group(2)))
        for line in wheel_file.splitlines()
        if line.startswith("Tag:") and (m := _MACOS_TAG.search(line))
    ]
    if not versions:
        return None
    major, minor = min(versions)
    return f"{major}.{minor}"


def installed_qt_minimum_macos() -> str:
    """What the bundled Qt needs: the installed PySide6 wheel knows better than a constant."""
    try:
        wheel = metadata.distribution("PySide6-Essentials").read_text("WHEEL")
    except metadata.PackageNotFoundError:
        wheel = None
    found = minimum_macos_from_wheel_tags(wheel or "")
    return found or FALLBACK_MINIMUM_MACOS


def _document_type(name: str, uti: str) -> dict[str, Any]:
    return {
        "CFBundleTypeName": name,
        "CFBundleTypeRole": "Viewer",
        # Alternate: we are offered for these files, never made their default program.
        "LSHandlerRank": "Alternate",
        "LSItemContentTypes": [uti],
    }


def info_plist(version: str, minimum_macos: str | None = None) -> dict[str, Any]:
    """Keys merged by PyInstaller into the generated Info.plist."""
    return {
        "CFBundleName": "APIModels Uploader",
        "CFBundleDisplayName": "APIModels Uploader",
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "NSHighResolutionCapable": True,
        # False lets the app follow the system's dark mode.
        "NSRequiresAquaSystemAppearance": False,
        "LSMinimumSystemVersion": minimum_macos or installed_qt_minimum_macos(),
        "CFBundleDocumentTypes": [
            _document_type("Image", "public.image"),
            _document_type("Video", "public.movie"),
            _document_type("Audio", "public.audio"),
        ],
    }
