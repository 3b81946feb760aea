"""Copy templates: a person's own formats for Copy as, such as ``![{name}]({url})``.

A template is text with placeholders in braces; ``{{`` and ``}}`` are literal braces. Only the
placeholders below exist: a template naming another one, or with a lone brace, is refused with a
reason when it is saved, never half-rendered later. Values that are not known for a file (the
size of a video, say) render as empty text.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass

from .reasons import Reason

PLACEHOLDERS = ("url", "name", "type", "expires", "width", "height", "duration")
NAME_LIMIT = 60
TEXT_LIMIT = 4000


@dataclass(frozen=True)
class Template:
    name: str
    text: str


def problem(name: str, text: str, taken: tuple[str, ...] = ()) -> Reason | None:
    """Why this template cannot be saved, or None. ``taken``: the names of the other templates."""
    name = name.strip()
    if not name:
        return Reason.of("template_no_name")
    if len(name) > NAME_LIMIT:
        return Reason.of("template_name_long", limit=NAME_LIMIT)
    if name.casefold() in (t.strip().casefold() for t in taken):
        return Reason.of("template_name_taken", name=name)
    if not text.strip():
        return Reason.of("template_empty", name=name)
    if len(text) > TEXT_LIMIT:
        return Reason.of("template_too_long", name=name, limit=TEXT_LIMIT)
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return Reason.of("template_brace", name=name)
    for _literal, field, spec, conversion in fields:
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conversion:
            # Named without braces: a sentence with braces would read as a template itself.
            shown = field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            known = ", ".join(PLACEHOLDERS)
            return Reason.of("template_unknown", name=name, placeholder=shown, known=known)
    return None


def render(template: Template, values: dict[str, str]) -> str:
    """The template filled in; assumes :func:`problem` passed it (load() only keeps those)."""
    return template.text.format_map({p: values.get(p, "") for p in PLACEHOLDERS})


def load(saved: str) -> list[Template]:
    """The templates kept in the settings (JSON); anything malformed is left out, not fatal."""
    try:
        items = json.loads(saved or "[]")
    except ValueError:
        return []
    out: list[Template] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        name, text = item.get("name"), item.get("template")
        if not isinstance(name, str) or not isinstance(text, str):
            continue
        if problem(name, text, tuple(t.name for t in out)) is None:
            out.append(Template(name.strip(), text))
    return out


def dump(templates: list[Template]) -> str:
    return json.dumps([{"name": t.name, "template": t.text} for t in templates], ensure_ascii=False)
