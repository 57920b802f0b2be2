"""Hostile text for the injection tests (tests/test_injection*.py): Markdown, HTML, LaTeX and
Streamlit directives that must be shown literally, never rendered, in a model's vocabulary,
a corpus, a file name and a typed sentence. The beacon address is a closed local port."""

from __future__ import annotations

import re

import torch

from seq2seq_core.config import TrainConfig
from seq2seq_core.training.trainer import Trainer
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


# A model's vocabulary in markup plotly would draw (a link, bold, a line break, a 90 px
# span, an image, entities it decodes) and text MathJax or Markdown would read. Each with the
# fragments it leaves in a plotly string when it is not escaped: "<BR>" in capitals and
# "&lt;q&gt;" (no "<q>" anywhere) are told apart from the builders' own "<br>" and entities.
VOCAB_PAYLOADS = {
    '<a href="https://evil.example">CLICKME</a>': ["<a ", "CLICKME</a>"],
    "<b>x</b>": ["<b>x"],
    "<BR>": ["<BR>"],
    '<span style="font-size:90px">big</span>': ["<span", "big</span>"],
    "<img src=x onerror=alert(1)>": ["<img"],
    "&lt;q&gt;": ["&lt;q"],
    "&#60;i&#62;": ["&#60;"],
    "$\\alpha$": [],
    "*markdown*": [],
}
# the tags the figure builders write themselves; any other tag in a figure came from data
OWN_TAGS = {"b", "br", "i", "extra"}


def vocab_translator() -> Translator:
    """A model uploaded with the vocabularies of VOCAB_PAYLOADS: a word-level model trained
    (seeded, about a second) to translate placeholder words, whose tokenizers then have
    every placeholder replaced by a payload (a vocabulary entry may hold any string,
    spaces included), written to a checkpoint and read back as an upload is. Its source
    vocabulary holds the payloads' words, its target vocabulary the payloads whole;
    `VOCAB_SOURCE` translates into all of them, in order."""
    from seq2seq_core.checkpoints import checkpoint
    from seq2seq_core.data.tokenizer_state import tokenizer_from_state

    torch.set_num_threads(1)
    src_words = list(dict.fromkeys(w for p in VOCAB_PAYLOADS for w in p.split(" ")))
    src_names = {f"s{i}": w for i, w in enumerate(src_words)}
    tgt_names = {f"t{i}": p for i, p in enumerate(VOCAB_PAYLOADS)}
    pair = (" ".join(src_names), " ".join(tgt_names))
    pairs = [pair, ("s0 s1", "t1 t0")] * 8
    options = dict(emb=16, hidden=24, attention="additive", bidirectional=True)
    tr = build_translator(pairs, options, "word", 100, 0)
    for _ in Trainer(tr, pairs, pairs[:2], TrainConfig(epochs=15, batch_size=16, lr=5e-2)).run():
        pass
    assert tr.trace(pair[0]).output_text == pair[1]  # the test means something
    for side, names in (("src_tok", src_names), ("tgt_tok", tgt_names)):
        state = getattr(tr, side).to_state()
        state["vocab"] = [names.get(w, w) for w in state["vocab"]]
        setattr(tr, side, tokenizer_from_state(state))
    return checkpoint.from_bytes(checkpoint.to_bytes(tr), "hostile.safetensors")


VOCAB_SOURCE = " ".join(dict.fromkeys(w for p in VOCAB_PAYLOADS for w in p.split(" ")))
