"""The offline lesson: one self-contained HTML file holding the decode player (its HTML,
CSS and JavaScript, the same files the app mounts) and the decodes of the sentences a
teacher chose, in the page's language. It opens from disk with no network and no server
and plays as in the app; `?lecture=N` in its address opens it at a step. No Streamlit here.

The data goes in a `<script type="application/json">` element, written so that no text in
it can end that element (`<`, `>` and `&` as JSON escapes): a sentence or a token is data,
never markup.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import Any

from ui.player import CSS, EXPORT, HTML, JS
from ui.player import data as player_data

MAX_SENTENCES = 10
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
           "\u2029": "\\u2029"}  # fmt: skip

BOOT = """
const data = JSON.parse(document.getElementById("lesson-data").textContent);
const wanted = new URLSearchParams(window.location.search).get(data.param) || "";
if (/^[0-9]{1,4}$/.test(wanted)) data.start = Number(wanted);
mountPlayer({ data, parentElement: document.getElementById("player"),
              setTriggerValue: null, setStateValue: null });
"""

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>
body {{ margin: 1rem 1.5rem; font-family: sans-serif; }}
h1 {{ font-size: 1.2rem; margin: 0 0 0.5rem; }}
{css}
</style>
</head>
<body>
<h1>{title}</h1>
<div id="player">{html}</div>
<script type="application/json" id="lesson-data">{data}</script>
<script type="module">
{js}
</script>
</body>
</html>
"""


def safe_json(value: Any) -> str:
    """JSON that can sit inside a `<script>` element: no `<`, `>` or `&` left as such."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _UNSAFE[m.group(0)], text)


def file_name(model: str, lang: str) -> str:
    """`lesson-<model>-<lang>.html`, the model's name reduced to safe characters."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", model).strip("-") or "model"
    return f"lesson-{safe[:40]}-{lang}.html"


def lesson_data(tr, sentences: Sequence[tuple[str, str | None]], lang: str) -> dict[str, Any]:
    """The player's data for up to `MAX_SENTENCES` (sentence, reference or None) pairs."""
    chosen = [player_data.sentence(tr, text, reference, lang)
              for text, reference in list(sentences)[:MAX_SENTENCES]]  # fmt: skip
    return player_data.player_data(chosen, lang, "lecture", start=1, code=True)


def lesson_html(tr, sentences: Sequence[tuple[str, str | None]], lang: str = "en",
                title: str = "") -> bytes:  # fmt: skip
    """The whole lesson file, UTF-8."""
    return page_html(lesson_data(tr, sentences, lang), lang, title)


def page_html(data: dict[str, Any], lang: str = "en", title: str = "") -> bytes:
    """The lesson file of the player's `data` (`lesson_data`), UTF-8."""
    page = PAGE.format(
        lang=html.escape(lang, quote=True),
        title=html.escape(f"seq2seq · {title}" if title else "seq2seq"),
        css=CSS,
        html=HTML,
        data=safe_json(data),
        js=JS.replace(EXPORT, "") + BOOT,
    )
    return page.encode("utf-8")
