"""Showing a file in the system's file manager, selected where the platform allows it."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices

_FILE_MANAGER = "org.freedesktop.FileManager1"


def _freedesktop_show(path: Path) -> bool:
    """Nautilus, Dolphin, Nemo, Thunar... select the item through this D-Bus call (no waiting)."""
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface
    except ImportError:
        return False
    bus = QDBusConnection.sessionBus()
    registry = bus.interface() if bus.isConnected() else None
    if registry is None:
        return False
    known = registry.isServiceRegistered(_FILE_MANAGER).value() or _FILE_MANAGER in (
        registry.activatableServiceNames().value() or []
    )
    if not known:
        return False
    manager = QDBusInterface(_FILE_MANAGER, "/org/freedesktop/FileManager1", _FILE_MANAGER, bus)
    uri = QUrl.fromLocalFile(str(path)).toString()
    manager.asyncCallWithArgumentList("ShowItems", [[uri], ""])
    return True


def reveal(path: Path) -> bool:
    if sys.platform == "win32":
        return bool(QProcess.startDetached("explorer.exe", [f"/select,{path}"])[0])
    if sys.platform == "darwin":
        return bool(QProcess.startDetached("open", ["-R", str(path)])[0])
    return _freedesktop_show(path) or QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
