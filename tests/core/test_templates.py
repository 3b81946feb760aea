"""Copy templates: placeholders filled in, unknown ones refused with a sentence at save time."""

from __future__ import annotations

import pytest

from app.core.reasons import english
from app.core.templates import Template, dump, load, problem, render


def test_a_template_fills_every_placeholder_and_keeps_literal_braces() -> None:
    template = Template(
        "Prompt", '{{"image": "{url}"}} {name} {type} {expires} {width}x{height} {duration}'
    )
    values = {"url": "https://x/a.png", "name": "a.png", "type": "image/png",
              "expires": "2026-12-13T10:00+00:00", "width": "640", "height": "480"}  # fmt: skip
    assert problem(template.name, template.text) is None
    assert render(template, values) == (
        '{"image": "https://x/a.png"} a.png image/png 2026-12-13T10:00+00:00 640x480 '
    )


@pytest.mark.parametrize(
    ("text", "shown"), [("{link}", "link"), ("{url!r}", "url!r"), ("{url:>9}", "url:>9")]
)
def test_an_unknown_placeholder_is_refused_with_a_sentence(text: str, shown: str) -> None:
    why = problem("Mine", f"see {text}")
    assert why is not None and why.code == "template_unknown"
    assert english(why) == (
        f"The template Mine uses the placeholder {shown}, which does not exist. The placeholders "
        "are: url, name, type, expires, width, height, duration."
    )


def test_lone_braces_empty_names_and_taken_names_are_refused() -> None:
    assert problem("A", "{url").code == "template_brace"  # type: ignore[union-attr]
    assert english(problem("A", "}")).startswith("The template A has a brace")  # type: ignore[arg-type]
    assert problem(" ", "{url}").code == "template_no_name"  # type: ignore[union-attr]
    assert problem("a", "{url}", ("A",)).code == "template_name_taken"  # type: ignore[union-attr]
    assert problem("A", "  ").code == "template_empty"  # type: ignore[union-attr]


def test_saved_templates_round_trip_and_bad_entries_are_left_out() -> None:
    kept = [Template("One", "{url}"), Template("两个", "![{name}]({url})")]
    assert load(dump(kept)) == kept
    assert load('[{"name": "Bad", "template": "{nope}"}, {"name": 3}, "x"]') == []
    assert load("not json") == []
