"""Control characters never reach a terminal or a label raw (issue 8, item 10)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from app.core.escape import escape_controls, is_safe_char

HOSTILE = [
    "\x1b[31mred\x1b[0m",  # ANSI colour
    "\x1b]0;pwned\x07",  # OSC: sets the terminal's title
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: writes the clipboard
    "photo\u202egnp.exe",  # bidi override: shows as "photoexe.png"
    "a\u2066b\u2069c\u200fd",  # isolates and marks
    "line\nbreak\rreturn\x08back",
    "\x9b31m",  # C1 CSI
    "sep\u2028arator\u2029",
]


def test_known_attacks_come_out_visible_and_inert() -> None:
    for text in HOSTILE:
        out = escape_controls(text)
        assert all(is_safe_char(c) for c in out), repr(out)
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert escape_controls("\x1b[31mred") == "\\x1b[31mred"
    assert escape_controls("photo\u202egnp.exe") == "photo\\u202egnp.exe"


def test_readable_text_in_any_script_is_unchanged() -> None:
    for text in [
        "照片 2026.png",
        "café — naïve",
        "👨‍👩‍👧 family.jpg",
        r"C:\Users\me\a.png",
        "हिन्दी",
    ]:
        assert escape_controls(text) == text


@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    out = escape_controls(text)
    for char in out:
        assert unicodedata.category(char) not in {"Cc", "Cs", "Zl", "Zp", "Co", "Cn"}
        assert unicodedata.category(char) != "Cf" or char in "\u200c\u200d"


@given(st.text())
def test_escaping_twice_changes_nothing_more(text: str) -> None:
    once = escape_controls(text)
    assert escape_controls(once) == once


@given(
    st.text(
        st.characters(
            categories=("L", "M", "N", "P", "S", "Zs"),
            exclude_characters="\u200c\u200d",
        )
    )
)
def test_printable_text_passes_unchanged(text: str) -> None:
    assert escape_controls(text) == text


@given(st.text())
def test_every_unsafe_character_is_told(text: str) -> None:
    """Nothing is dropped: each unsafe character becomes its own visible escape."""
    out = escape_controls(text)
    unsafe = [c for c in text if not is_safe_char(c)]
    assert len(out) == len(text) + sum(len(escape_controls(c)) - 1 for c in unsafe)
