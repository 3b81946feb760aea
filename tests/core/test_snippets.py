"""Clipboard formats: every kind in every format, and the real key never inside."""

from __future__ import annotations

import json
import shlex

import pytest

from app.core.snippets import FORMATS, Shared, render, render_one

IMG = Shared("https://cdn.example/u/a b(1).png", "a [b].png", "image")
VID = Shared("https://cdn.example/u/clip.mp4", "clip.mp4", "video")
AUD = Shared("https://cdn.example/u/voice.mp3", "voice's.mp3", "audio")
BASE = "https://api.example/"


def _curl_json(snippet: str) -> tuple[str, dict[str, str]]:
    words = shlex.split(snippet.replace("\\\n", " "))
    url = words[words.index("-X") + 2]
    return url, json.loads(words[words.index("-d") + 1])


def test_image_call_is_the_image_to_image_request_with_placeholders() -> None:
    url, body = _curl_json(render_one(IMG, "call", BASE))
    assert url == "https://api.example/api/v1/images/generations"
    assert body["image_url"] == IMG.url
    assert body["model"].startswith("<") and body["prompt"].startswith("<")


def test_video_call_uses_video_url_on_the_video_endpoint() -> None:
    snippet = render_one(VID, "call", BASE)
    url, body = _curl_json(snippet)
    assert url.endswith("/api/v1/video/generations")
    assert body["video_url"] == VID.url
    assert "$API_KEY" in snippet


def test_audio_is_a_json_fragment_with_audio_url() -> None:
    assert json.loads(render_one(AUD, "call", BASE)) == {"audio_url": AUD.url}


def test_a_quote_in_the_url_survives_shell_quoting() -> None:
    odd = Shared("https://cdn.example/it's.png", "it's.png", "image")
    _, body = _curl_json(render_one(odd, "call", BASE))
    assert body["image_url"] == odd.url


def test_markdown_and_html_escape_what_would_break_them() -> None:
    assert (
        render_one(IMG, "markdown", BASE)
        == "![a \\[b\\].png](https://cdn.example/u/a%20b%281%29.png)"
    )
    assert render_one(VID, "markdown", BASE) == "[clip.mp4](https://cdn.example/u/clip.mp4)"
    assert render_one(AUD, "html", BASE) == (
        '<audio src="https://cdn.example/u/voice.mp3" controls title="voice&#x27;s.mp3"></audio>'
    )
    assert render_one(IMG, "html", BASE).startswith('<img src="https://cdn.example/u/a b(1).png"')


@pytest.mark.parametrize("fmt", FORMATS)
def test_several_items_keep_their_order(fmt: str) -> None:
    text = render([IMG, VID, AUD], fmt, BASE)  # type: ignore[arg-type]
    assert text.index("a") < text.index("clip.mp4") < text.index("voice")
    if fmt == "url":
        assert text.splitlines() == [IMG.url, VID.url, AUD.url]
