"""The upload list's words for media work: fitting's progress, the over-limit offer, the
"location removed" badge, and a file's duration and dimensions."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.table.rows import Row, RowState
from app.ui.words import reasons, text


def fit_progress(row: Row) -> str:
    """ "Fitting · 43 % · 2.1× real time · 20 s left"."""
    share, speed, left = row.fit or (0.0, 0.0, None)
    parts = [QCoreApplication.translate("MediaText", "Fitting"), f"{share * 100:.0f} %"]
    if speed > 0:
        parts.append(
            QCoreApplication.translate("MediaText", "%1× real time").replace("%1", f"{speed:.1f}")
        )
    if left is not None and share > 0:
        parts.append(
            QCoreApplication.translate("MediaText", "%1 left").replace("%1", text.duration(left))
        )
    return " · ".join(parts)


def status(row: Row) -> str | None:
    """The status cell for the two media states; None for the others."""
    if row.state is RowState.FITTING:
        return fit_progress(row)
    if row.state is RowState.OVER_LIMIT:
        return reasons.render(row.message)
    return None


def badge(row: Row) -> str:
    """What was done before sending, in a word or two."""
    parts = []
    if row.fitted:
        parts.append(QCoreApplication.translate("MediaText", "made to fit"))
    if row.removed:
        parts.append(QCoreApplication.translate("MediaText", "location removed"))
    return " · ".join(parts)


def kind_cell(row: Row) -> str:
    """ "Video · 0:42 · 1920×1080 · location removed"."""
    parts = [text.kind_name(row.kind)]
    if row.info:
        parts.append(row.info)
    if extra := badge(row):
        parts.append(extra)
    return " · ".join(parts)


def tooltip_lines(row: Row) -> list[str]:
    lines = []
    if row.info:
        lines.append(row.info)
    if row.fitted and row.original_size is not None:
        lines.append(
            QCoreApplication.translate("MediaText", "Made to fit: %1 sent, the original is %2.")
            .replace("%1", text.size(row.size or 0))
            .replace("%2", text.size(row.original_size))
        )
    if row.removed:
        lines.append(
            QCoreApplication.translate("MediaText", "Removed before upload: %1.").replace(
                "%1", ", ".join(row.removed)
            )
        )
    return lines


def info(duration: float, width: int, height: int) -> str:
    """ "0:42 · 1920×1080", "3:05", "4032×3024"."""
    parts = []
    if duration > 0:
        whole = round(duration)
        hours, rest = divmod(whole, 3600)
        minutes, seconds = divmod(rest, 60)
        parts.append(f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}")
    if width and height:
        parts.append(f"{width}×{height}")
    return " · ".join(parts)
