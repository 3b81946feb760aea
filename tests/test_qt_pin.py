"""Guards the PySide6 pin: 6.12.0 on CPython 3.11 aborts after a few thousand None-returning calls.

The crash ("Fatal Python error: none_dealloc") kills the interpreter, so the loop runs in a child
process and the test reads its exit status.
"""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

from packaging.version import Version

LOOP = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
label = QLabel()
for i in range(50_000):
    label.setText(str(i))      # returns None: the call that leaked None's refcount
    label.setToolTip("t")
    label.setEnabled(i % 2 == 0)
print("survived", label.text())
"""


def test_installed_pyside6_is_below_the_broken_release() -> None:
    assert Version(version("PySide6-Essentials")) < Version("6.12")


def test_many_none_returning_qt_calls_do_not_abort_the_interpreter() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOOP],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert "none_dealloc" not in done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "survived 49999"
