"""Help -> About: the version, the licence, the project's address and where to report a problem."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication

from app import APP_NAME
from app.core.updates import ISSUES_URL, LICENCE, PROJECT_URL, install_dir


def about_text() -> str:
    from app import __version__

    def tr(text: str) -> str:
        return QCoreApplication.translate("About", text)

    def link(url: str) -> str:
        return f'<a href="{escape(url)}">{escape(url)}</a>'

    licences = install_dir() / "licenses"
    lines = [
        f"<b>{escape(APP_NAME)}</b> {escape(__version__)}",
        escape(tr("Drop files, get public URLs that work for 7 days.")),
        escape(tr("Free software under the %1 licence.")).replace("%1", LICENCE),
        escape(tr("Project: %1")).replace("%1", link(PROJECT_URL)),
        escape(tr("Report a problem: %1")).replace("%1", link(ISSUES_URL)),
        escape(tr("The licences of the bundled components are in %1.")).replace(
            "%1", escape(str(licences))
        )
        if licences.is_dir()
        else "",
    ]
    return "<br>".join(line for line in lines if line)
