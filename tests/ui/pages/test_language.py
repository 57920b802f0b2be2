"""One language: the session's language (and the sidebar's other choices) survive every
navigation, and a Korean page shows no English outside the lecture's own names."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from seq2seq_core.config import MAX_LEN
from seq2seq_core.data.corpora import BUILTIN_CORPORA, load_builtin
from seq2seq_core.data.corpus import parse_corpus
from seq2seq_core.data.tokenizers import KINDS
from tests.support.apptest import APP, TIMEOUT, with_swap_corpus
from ui import state
from ui.state import resources

PAGES = ["explore", "compare", "experiments", "data", "train"]


def _korean_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.sidebar.radio(key=state.LANG).set_value("ko").run()
    assert not at.exception, at.exception
    return at


def test_the_explorer_button_after_training_keeps_korean():
    """st.switch_page reruns without the browser's widget values: the sidebar's radio was
    forgotten and the explorer came up in English."""
    at = with_swap_corpus("ui/pages/train.py")
    at.sidebar.radio(key=state.LANG).set_value("ko").run()
    at.number_input[0].set_value(1)  # epochs
    at.segmented_control(key="kept.preset").set_value("tiny")
    next(b for b in at.button if b.label == "학습 시작").click().run()
    at.sidebar.toggle(key=state.TEACHER_MODE).set_value(True).run()
    at.session_state[state.TRAIN_RUN].join(timeout=120)
    at.run()
    data_words = _data_words() | {"swap"} | set("abcdefuvwxyz")  # the corpus and its tokens
    assert not english_words(at, data_words)  # the finished run: curves, samples, buttons
    next(b for b in at.button if b.label == "탐색기에서 열기").click().run()
    assert not at.exception, at.exception
    assert not english_words(at, data_words)  # the explorer on the new model
    assert at.session_state[state.MODEL] == resources.OWN
    assert at.session_state[state.LANG] == "ko"
    assert at.title[0].value == "토큰 하나씩 디코딩하기"
    assert at.session_state[state.TEACHER_MODE] is True


def test_every_page_link_keeps_the_language_and_the_sidebars_choices():
    at = _korean_app()
    at.sidebar.selectbox(key=state.MODEL).set_value("reverse").run()
    for page in [*PAGES[1:], PAGES[0]]:
        at.switch_page(f"ui/pages/{page}.py").run()
        assert not at.exception, at.exception
        assert at.session_state[state.LANG] == "ko", page
        assert at.sidebar.radio(key=state.LANG).value == "ko", page
        assert at.session_state[state.MODEL] == "reverse", page


# ---- no English in a Korean page -------------------------------------------------------

# Words a Korean page may show in Latin letters: names of models, architectures, papers and
# measures the lecture keeps in English, notation, and units.
ALLOWED = {
    "nat",  # the loss's unit (natural logarithm), as the Korean text says it
    "nats",
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
_TEXT_KEYS = {"label", "help", "body", "options", "placeholder", "caption", "captions"}


def _strings(value: Any, keys: set[str], under: str = "") -> Iterator[str]:
    """Every string in a proto-as-dict under one of `keys`."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, keys, k if k in keys else under)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, keys, under)
    elif isinstance(value, str) and under:
        yield value


def _figure_texts(spec: str) -> Iterator[str]:
    """Titles, axis titles, annotations and legend names of a plotly figure's JSON."""
    fig = json.loads(spec)
    layout = fig.get("layout", {})
    for name, part in layout.items():
        if name == "title" or name.startswith(("xaxis", "yaxis", "coloraxis")):
            yield from _strings(part, {"text"})
    for note in layout.get("annotations", []):
        yield str(note.get("text", ""))
    for trace in fig.get("data", []):
        if trace.get("showlegend", True) and trace.get("name"):
            yield str(trace["name"])


def displayed_text(at: AppTest) -> Iterator[tuple[str, str]]:
    """(element type, text) of everything a page shows in words: markdown, captions,
    alerts, titles, widget labels, help and options, tab and popover labels, figure titles."""
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None or node.type in ("code", "text_input") or node.key == state.LANG:
            continue  # links, the student's own sentence, the language switch (both names)
        if node.type == "plotly_chart":
            yield from (("figure", s) for s in _figure_texts(proto.spec))
            continue
        if node.type == "html" and proto.body.lstrip().startswith("<script>"):
            continue  # a script shows no words (ui/sections/page.py: the page's lang)
        for s in _strings(MessageToDict(proto), _TEXT_KEYS):
            yield node.type, s


def english_words(at: AppTest, data_words: set[str]) -> dict[str, str]:
    """English words outside ALLOWED and the model's or corpus's own text, each with the
    text it appeared in."""
    found: dict[str, str] = {}
    for kind, text in displayed_text(at):
        plain = _MARKUP.sub(" ", re.sub(r"\\(.)", r"\1", text))  # literal()'s escapes
        plain = re.sub(r"\b0x[0-9A-F]{2}\b", " ", plain)  # a byte piece's label is a token
        inside = " ".join(re.findall(r"\(([^()]*)\)", plain))
        for word in _WORD.findall(plain):
            w = word.lower()
            if w in PAPER_TERMS and w in _WORD.findall(inside.lower()):
                continue
            if w not in ALLOWED and w not in data_words:
                found.setdefault(word, f"{kind}: {text[:120]}")
    return found


def _data_words() -> set[str]:
    """Words of the models' and corpora's own text: the en-ko sentences the pages show as
    examples, the shipped models' names and the tokenizers' names."""
    words = {w.lower() for p in load_builtin("en-ko", "all") for w in _WORD.findall(" ".join(p))}
    names = [c.name for c in resources.shipped_cards()] + list(KINDS) + list(BUILTIN_CORPORA)
    return words | {n.lower() for n in names}


def test_every_page_in_korean_shows_no_english_outside_the_lectures_names():
    at = with_swap_corpus("ui/pages/explore.py")  # an uploaded corpus: Data shows its tokens
    at.sidebar.radio(key=state.LANG).set_value("ko").run()
    at.session_state[state.CORPUS_NAME] = "짝.tsv"
    data_words = _data_words()
    found = {}
    for page in PAGES:
        at.switch_page(f"ui/pages/{page}.py").run()
        if page == "data":
            at.radio(key="data_src").set_value("upload_one").run()
        assert not at.exception, (page, at.exception)
        assert at.session_state[state.LANG] == "ko"
        found.update({f"{page}: {w}": where for w, where in english_words(at, data_words).items()})
        captions = [c.value for c in at.caption]
        if page == "data":  # Streamlit's own "Upload · 5MB per file" is English: say it in Korean
            assert "파일 하나에 최대 5MB까지 올릴 수 있습니다." in captions
    assert "양방향 GRU 64 · 어텐션: 가법(additive, Bahdanau) · Luong 방식" in [
        c.value for c in at.sidebar.caption
    ]
    assert not found, "\n".join(f"{w}  ←  {where}" for w, where in found.items())


# ---- the tokenizer a small corpus reads well with -----------------------------------------


def _phrases(n: int) -> list[tuple[str, str]]:
    return load_builtin("en-ko-phrases", "all")[:n]


def test_a_small_corpus_is_suggested_words_or_characters_for_korean():
    assert resources.suggest_tokenizer(_phrases(155)) == "char"  # a Korean target
    swapped = [(g, s) for s, g in _phrases(155)]
    assert resources.suggest_tokenizer(swapped) == "word"  # an English target
    latin = [(f"a{i} b", f"c{i} d") for i in range(resources.SMALL_CORPUS)]
    assert resources.suggest_tokenizer(latin[:-1]) == "word"
    assert resources.suggest_tokenizer(latin) is None  # large enough for SentencePiece
    long_ko = [(s, "가" * (MAX_LEN + 1)) for s, _ in _phrases(50)]
    assert resources.suggest_tokenizer(long_ko) == "word"  # characters would not fit


def test_the_data_page_chooses_characters_for_a_small_korean_corpus_and_says_why():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("ui/pages/data.py").run()
    tsv = "".join(f"{s}\t{g}\n" for s, g in _phrases(155)).encode()
    at.session_state[state.CORPUS] = parse_corpus(tsv)
    at.session_state[state.CORPUS_NAME] = "lesson.tsv"  # as if uploaded
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key=state.TOKENIZER).value == "char"
    info = "\n".join(i.value for i in at.info)
    assert "**characters** were chosen for this small corpus (155 pairs, fewer than 2,000)" in info
    assert "pieces like `▁ 저 는`" in info and "word-boundary markers" in info
    at.selectbox(key=state.TOKENIZER).set_value("sentencepiece-unigram").run()
    assert at.selectbox(key=state.TOKENIZER).value == "sentencepiece-unigram"  # the choice stays
    info = "\n".join(i.value for i in at.info)
    assert "**characters** read better than SentencePiece here" in info
    at.sidebar.radio(key=state.LANG).set_value("ko").run()
    assert "SentencePiece보다 **글자** 단위가 읽기 좋습니다" in "\n".join(i.value for i in at.info)
