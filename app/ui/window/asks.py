"""A question whose buttons say what they do ("Quit and cancel them", "Keep uploading"), not Yes
and No: the answer is read on the button, without going back to the question."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(parent: QWidget, title: str, text: str, do: str, keep: str) -> bool:
    """True when the person chose ``do``; ``keep`` is the default and what Esc chooses."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton)
    box.setParent(parent, box.windowFlags())
    yes = box.addButton(do, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    chosen = box.clickedButton() is yes
    box.deleteLater()
    return chosen
