"""What Copy puts on the clipboard: the bare URL, Markdown, HTML, or a ready generation call.

The call formats follow the API's reference page: an image goes to image-to-image as ``image_url``,
a video to video generation as ``video_url``; for audio the page names ``audio_url`` (dubbing) but
no endpoint, so audio gets a JSON fragment to paste into whichever call needs it. The key is always
``$API_KEY``: a snippet is text people paste into chats and tickets, never a place for the real key.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Format = Literal["url", "markdown", "html", "call"]
FORMATS: tuple[Format, ...] = ("url", "markdown", "html", "call")

MODEL_PLACEHOLDER = "<MODEL>"
PROMPT_PLACEHOLDER = "<PROMPT: describe what to make from this file>"
IMAGE_CALL_PATH = "/api/v1/images/generations"
VIDEO_CALL_PATH = "/api/v1/video/generations"


@dataclass(frozen=True)
class Shared:
    """One finished upload, as far as a snippet needs it."""

    url: str
    name: str
    kind: str  # image, video or audio


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _markdown_label(name: str) -> str:
    return "".join("\\" + c if c in "[]\\" else c for c in name)


def _markdown_url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def generation_call(item: Shared, base_url: str) -> str:
    base = base_url.rstrip("/")
    if item.kind == "audio":
        return json.dumps({"audio_url": item.url}, indent=2)
    field, path = (
        ("video_url", VIDEO_CALL_PATH) if item.kind == "video" else ("image_url", IMAGE_CALL_PATH)
    )
    body = json.dumps(
        {"model": MODEL_PLACEHOLDER, "prompt": PROMPT_PLACEHOLDER, field: item.url}, indent=2
    )
    return (
        f"curl -X POST {_shell_quote(base + path)} \\\n"
        '  -H "Authorization: Bearer $API_KEY" \\\n'
        '  -H "Content-Type: application/json" \\\n'
        f"  -d {_shell_quote(body)}"
    )


def render_one(item: Shared, fmt: Format, base_url: str) -> str:
    if fmt == "markdown":
        label, url = _markdown_label(item.name), _markdown_url(item.url)
        return f"![{label}]({url})" if item.kind == "image" else f"[{label}]({url})"
    if fmt == "html":
        src, alt = html.escape(item.url, quote=True), html.escape(item.name, quote=True)
        if item.kind == "image":
            return f'<img src="{src}" alt="{alt}">'
        return f'<{item.kind} src="{src}" controls title="{alt}"></{item.kind}>'
    if fmt == "call":
        return generation_call(item, base_url)
    return item.url


def render(items: Iterable[Shared], fmt: Format, base_url: str) -> str:
    """Several uploads: one per line, or calls separated by a blank line."""
    parts = [render_one(item, fmt, base_url) for item in items]
    return ("\n\n" if fmt == "call" else "\n").join(parts)
