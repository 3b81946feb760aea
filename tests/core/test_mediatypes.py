"""The type table (app/core/mediatypes.py) is exactly what `sniff` can answer."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from app.core import mediatypes, sniff

MEDIA = Path(__file__).parent / "data" / "media"
_TOP = ("image/", "video/", "audio/")


def _sniff_answers() -> set[str]:
    """Every media type sniff.py can return: its literals (minus the names it normalises away)
    and what its filetype matchers report, normalised as sniff does."""
    tree = ast.parse(inspect.getsource(sniff))
    literals = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith(_TOP)
        and len(node.value) > len("image/")
        and " " not in node.value
    }
    from_filetype = {str(m.mime) for m in sniff._FILETYPE_MATCHERS}
    answers = (literals - set(sniff.OTHER_NAMES)) | {
        sniff.OTHER_NAMES.get(m, m) for m in from_filetype
    }
    return {m for m in answers if m.startswith(_TOP)}


def test_the_table_is_what_sniff_answers() -> None:
    assert _sniff_answers() == set(mediatypes.ACCEPTED)


def test_every_fixture_sniffs_to_a_type_in_the_table() -> None:
    seen = set()
    for path in sorted(MEDIA.iterdir()):
        mime = sniff.sniff(path.read_bytes()[: sniff.HEAD_BYTES], path.name)
        if mime is not None:
            assert mime in mediatypes.ACCEPTED, path.name
            seen.add(mime)
    assert len(seen) > 30  # the fixtures cover most of the table


def test_other_names_are_names_of_accepted_types() -> None:
    assert set(sniff.OTHER_NAMES.values()) <= mediatypes.ACCEPTED
    assert mediatypes.accepted_names() == mediatypes.ACCEPTED | set(sniff.OTHER_NAMES)
