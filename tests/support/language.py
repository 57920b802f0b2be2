"""Which words a page may show in the other language (the language tests: tests/ui/pages/
test_language.py): English words in a Korean page outside a short written-down list of terms
the lecture keeps in English, and Hangul in an English page outside the corpora's own
sentences and tokens."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from seq2seq_core.data.corpora import BUILTIN_CORPORA, load_builtin
from ui.state import resources

# Words a Korean page may show in Latin letters: names of models, architectures, papers and
# measures the lecture keeps in English, notation, and units.
ALLOWED = {
    "nat",  # the loss's unit (natural logarithm), as the Korean text says it
    "gru",
    "lstm",
    "rnn",
    "bleu",
    "seq2seq",
    "softmax",
    "argmax",
    "tanh",
    "relu",
    "adam",
    "bahdanau",
    "luong",
    "sentencepiece",
    "unigram",
    "bpe",
    "sos",
    "eos",
    "unk",
    "pad",
    "tsv",
    "csv",
    "txt",
    "html",  # the lesson file's format
    "utf",
    "safetensors",
    "mb",
    "kb",
    "gb",
    "cpu",
    "gpu",
    "id",
    "log",
    "exp",
    "max",
    "min",
    "top",
    "sum",
    "mean",
    "std",
    "cos",
    "pca",
    "vs",
    "iso",
    "pytorch",
    "streamlit",
    "plotly",
    "torch",
    # products and encodings
    "tatoeba",
    "anki",
    "windows",
    "cp",
    "shift-jis",
    "euc-jp",
    "gbk",
    "big",  # Big5
    "koi",  # KOI8-R
}
# The papers' names for attention kinds and decoder styles: only in parentheses beside the
# Korean name, as in 가법(additive, Bahdanau).
PAPER_TERMS = {"additive", "general", "dot", "concat", "multiplicative", "none"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
# markup, code spans (tokens), formulas, and SentencePiece's byte tokens (<0xE1>)
_MARKUP = re.compile(
    r"<style.*?</style>|&lt;0x[0-9A-F]{2}&gt;|<[^>]+>|&[a-z]+;|`[^`]*`|\$[^$]*\$", re.S
)


def _plain(text: str) -> str:
    plain = _MARKUP.sub(" ", re.sub(r"\\(.)", r"\1", text))  # literal()'s escapes
    return re.sub(r"\b0x[0-9A-F]{2}\b", " ", plain)  # a byte piece's label is a token


def english_words(texts: Iterable[tuple[str, str]], data_words: set[str]) -> dict[str, str]:
    """English words of (kind, text) pairs outside ALLOWED and the model's or corpus's own
    text, each with the text it appeared in."""
    found: dict[str, str] = {}
    for kind, text in texts:
        plain = _plain(text)
        inside = " ".join(re.findall(r"\(([^()]*)\)", plain))
        for word in _WORD.findall(plain):
            w = word.lower()
            if w in PAPER_TERMS and w in _WORD.findall(inside.lower()):
                continue
            if w not in ALLOWED and w not in data_words:
                found.setdefault(word, f"{kind}: {text[:120]}")
    return found


def data_words() -> set[str]:
    """Words of the models' and corpora's own text: the en-ko sentences the pages show as
    examples, the shipped models' and the built-in corpora's names (a tokenizer's kind is
    said in the page's language: "글자", not "char")."""
    words = {w.lower() for p in load_builtin("en-ko", "all") for w in _WORD.findall(" ".join(p))}
    names = [c.name for c in resources.shipped_cards()] + list(BUILTIN_CORPORA)
    return words | {n.lower() for n in names}


_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")


@cache
def corpus_text() -> str:
    """Every Korean sentence of the built-in corpora, one per line: a Hangul run found in it
    is a corpus sentence or one of its tokens (pieces of its words)."""
    return "\n".join(g for name in BUILTIN_CORPORA for _, g in load_builtin(name, "all"))


# Hangul an English page shows on purpose: the language switch's own name.
HANGUL_ALLOWED = {"한국어", "언어"}


def hangul_words(texts: Iterable[tuple[str, str]], corpus: str) -> dict[str, str]:
    """Runs of Hangul in (kind, text) pairs that are not in `corpus` (its sentences and
    tokens) nor HANGUL_ALLOWED, each with the text it appeared in."""
    found: dict[str, str] = {}
    for kind, text in texts:
        for run in _HANGUL.findall(_plain(text)):
            if run not in HANGUL_ALLOWED and run not in corpus:
                found.setdefault(run, f"{kind}: {text[:120]}")
    return found
