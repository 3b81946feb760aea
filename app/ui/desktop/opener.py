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
        from PySide6.QtDBus import QDBusConnection, QDBusMessage
    except ImportError:
        return False
    bus = QDBusConnection.sessionBus()
    registry = bus.interface() if bus.isConnected() else None
    # One quick question to the bus daemon; the call itself is sent without waiting (building a
    # QDBusInterface would introspect the file manager, and could wait for it to start).
    if registry is None or not registry.isServiceRegistered(_FILE_MANAGER).value():
        return False
    call = QDBusMessage.createMethodCall(
        _FILE_MANAGER, "/org/freedesktop/FileManager1", _FILE_MANAGER, "ShowItems"
    )
    call.setArguments([[QUrl.fromLocalFile(str(path)).toString()], ""])
    bus.asyncCall(call)
    return True


def reveal(path: Path) -> bool:
    if sys.platform == "win32":
        return bool(QProcess.startDetached("explorer.exe", [f"/select,{path}"])[0])
    if sys.platform == "darwin":
        return bool(QProcess.startDetached("open", ["-R", str(path)])[0])
    return _freedesktop_show(path) or QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
