"""A public URL as a QR code, for a phone across the desk (segno makes it; nothing hand-written).

Error correction M (15 % of the code can be lost: a screen's glare, a finger) and the quiet zone
of four modules the standard asks for, included in the matrix so that a renderer only paints.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno

QUIET_ZONE = 4


@dataclass(frozen=True)
class QrMatrix:
    """Rows of modules, True for dark, the quiet zone included."""

    rows: tuple[tuple[bool, ...], ...]
    version: str

    @property
    def size(self) -> int:
        return len(self.rows)


def qr_matrix(text: str) -> QrMatrix:
    """The QR code of ``text``; ValueError if it cannot hold it (over about 2,300 characters)."""
    try:
        code = segno.make(text, error="m", micro=False, boost_error=True)
    except segno.DataOverflowError as exc:
        raise ValueError(f"too long for a QR code ({len(text)} characters)") from exc
    rows = tuple(tuple(bool(v) for v in row) for row in code.matrix_iter(border=QUIET_ZONE))
    return QrMatrix(rows, str(code.designator))
