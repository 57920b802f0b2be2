"""Hostile text for the injection tests (tests/test_injection*.py): Markdown, HTML, LaTeX and
Streamlit directives that must be shown literally, never rendered, in a model's vocabulary,
a corpus, a file name and a typed sentence. The beacon address is a closed local port."""

from __future__ import annotations

import re

import torch

from seq2seq_core.config import TrainConfig
from seq2seq_core.train import Trainer
from seq2seq_core.translator import Translator, build_translator

BEACON = "127.0.0.1:9"
PAYLOADS = [
    f"[click](http://{BEACON}/x)",
    f"![](http://{BEACON}/beacon.png)",
    "<img src=x onerror=alert(1)>",
    "**bold**",
    f"<a href=http://{BEACON}/a>a</a>",
    "$x$",
    ":red[text]",
    "<b>b</b>",  # one word: plotly would draw it bold
]
HOSTILE = " ".join(PAYLOADS)  # one sentence holding them all
FILE_NAME = f"[f](http://{BEACON}/f) <img src=http://{BEACON}/f.png> **f**"
# what must not be left in any Markdown source (outside code spans) or HTML
RAW = ["[click](", "![](", "<img", "**bold**", "<a href", "$x$", ":red[", "[f](", "**f**", "<b>b"]
# what must not be left in any text of a plotly figure (plotly draws <a href>, <b>, <span>)
PLOT_RAW = ["<b>b</b>", "<img", "<a", "</a>"]


def hostile_translator() -> Translator:
    """A tiny word-level model that translates "go now" into HOSTILE (trained a second or
    two, seeded); its vocabularies hold every payload's words."""
    torch.set_num_threads(1)
    pairs = [("go now", HOSTILE), ("stop now", "**bold** $x$ :red[text]")] * 8
    options = dict(emb=16, hidden=24, attention="additive", bidirectional=True)
    tr = build_translator(pairs, options, "word", 100, 0)
    cfg = TrainConfig(epochs=12, batch_size=16, lr=5e-2)
    for _ in Trainer(tr, pairs, pairs[:2], cfg).run():
        pass
    assert tr.trace("go now").output_text == HOSTILE  # the test means something
    return tr


_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def outside_code(markdown: str) -> str:
    """Markdown source without its code spans (inside one, nothing is interpreted)."""
    return _CODE_SPAN.sub(" ", markdown)


_ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")  # a backslash-escaped ASCII punctuation mark


def raw_left(markdown: str) -> list[str]:
    """The hostile fragments that `markdown` would render as markup (escaped characters and
    code spans stand for themselves)."""
    text = outside_code(_ESCAPED.sub("\0", markdown))
    return [r for r in RAW if r in text]
