"""QR codes of public URLs, read back by a real decoder (zxing-cpp), not by the code itself."""

from __future__ import annotations

import pytest
import zxingcpp

from app.core.qr import QUIET_ZONE, qr_matrix


def decode(rows: tuple[tuple[bool, ...], ...], scale: int = 3) -> str | None:
    pixels = bytes(
        0 if dark else 255
        for row in rows
        for _ in range(scale)
        for dark in row
        for _ in range(scale)
    )
    side = len(rows) * scale
    found = zxingcpp.read_barcode(memoryview(pixels).cast("B", (side, side)))
    return found.text if found is not None else None


@pytest.mark.parametrize(
    "url",
    [
        "https://files.example/u/7f3a9c/photo.png",
        "http://127.0.0.1:8765/public/a0b1c2d3e4f5a6b7c8d9/clip%20final.mp4",
        "https://cdn.example/" + "x" * 300 + "/long.wav",
    ],
)
def test_the_code_reads_back_as_the_url(url: str) -> None:
    matrix = qr_matrix(url)
    assert decode(matrix.rows) == url
    assert matrix.size == len(matrix.rows[0])
    # The quiet zone is in the matrix: four light modules around the code.
    assert not any(matrix.rows[0]) and not any(r[QUIET_ZONE - 1] for r in matrix.rows)


def test_text_too_long_for_any_code_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="too long for a QR code"):
        qr_matrix("https://x/" + "a" * 5000)
