"""Text from outside (a server's msg, a URL, a file name) made safe for a terminal or a label.

A terminal obeys escape sequences: ANSI colours, OSC sequences that retitle the window or write
the clipboard, bidi overrides (U+202E) that show "gnp.exe" as "exe.png". Every such character is
shown as a visible escape instead (``\\x1b``, ``\\u202e``); everything a person can read, in any
script, passes unchanged.
"""

from __future__ import annotations

import unicodedata

# Joiners are format characters too, but emoji sequences and Indic scripts need them.
_KEEP = {"\u200c", "\u200d"}
_ESCAPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _escape_char(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def is_safe_char(char: str) -> bool:
    if char in _KEEP:
        return True
    return unicodedata.category(char) not in _ESCAPED_CATEGORIES


def escape_controls(text: str) -> str:
    """``text`` with every control, format, private-use, unassigned and separator character
    escaped. (Backslashes stay as they are: Windows paths must read as paths.)"""
    if all(is_safe_char(c) for c in text):
        return text
    return "".join(c if is_safe_char(c) else _escape_char(c) for c in text)
