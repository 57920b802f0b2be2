"""One language: the session's language (and the sidebar's other choices) survive every
navigation, and a Korean page shows no English outside the lecture's own names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from seq2seq_core.config import MAX_LEN
from seq2seq_core.data.corpora import load_builtin
from seq2seq_core.data.corpus import parse_corpus
from tests.support import language
from tests.support.apptest import (
    APP,
    PAGES,
    TIMEOUT,
    displayed_text,
    every_view,
    fresh_app,
    with_swap_corpus,
)
from ui import state
from ui.state import resources
from ui.text.i18n import t


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
    data_words = language.data_words() | {"swap"} | set("abcdefuvwxyz")  # the corpus, tokens
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
    for page in [*PAGES[1:], PAGES[0]]:  # every page, then back to the first
        at.switch_page(f"ui/pages/{page}.py").run()
        assert not at.exception, at.exception
        assert at.session_state[state.LANG] == "ko", page
        assert at.sidebar.radio(key=state.LANG).value == "ko", page
        assert at.session_state[state.MODEL] == "reverse", page


# ---- no English in a Korean page, no Hangul in an English one ---------------------------


def english_words(at: AppTest, words: set[str]) -> dict[str, str]:
    return language.english_words(displayed_text(at), words)


def _data_variants(at: AppTest) -> Iterator[str]:
    """The Data page's sources (built-in, one file, two files), each drawn once."""
    for source in ("builtin", "upload_one", "upload_two"):
        at.radio(key="data_src").set_value(source).run()
        assert not at.exception, at.exception
        yield source


def _walk(at: AppTest, pages: tuple[str, ...], only: set[str] | None = None):
    """Every page and tab (and the Data page's sources): (where, displayed texts)."""
    for page, tab in every_view(at, pages, only):
        if page == "data":
            for source in _data_variants(at):
                yield f"data / {source}", list(displayed_text(at))
        else:
            yield f"{page} / {tab}", list(displayed_text(at))


def _korean_session() -> AppTest:
    at = with_swap_corpus("ui/pages/explore.py")  # an uploaded corpus: Data shows its tokens
    at.sidebar.radio(key=state.LANG).set_value("ko").run()
    at.session_state[state.CORPUS_NAME] = "짝.tsv"
    return at


def test_every_view_in_korean_shows_no_english_outside_the_lectures_names():
    """Every page and every tab, the element tree and the figures' text."""
    at = _korean_session()
    words = language.data_words() | {"swap"} | set("abcdefuvwxyz")  # the swap corpus
    found = {}
    for where, texts in _walk(at, PAGES):
        assert at.session_state[state.LANG] == "ko"
        found.update({f"{where}: {w}": x for w, x in language.english_words(texts, words).items()})
        if where.startswith("data / upload") or where.startswith("train"):
            _uploader_in_korean(at)
    assert "양방향 GRU 64 · 어텐션: 가법(additive, Bahdanau) · Luong 방식" in [
        c.value for c in at.sidebar.caption
    ]
    assert not found, "\n".join(f"{w}  ←  {where}" for w, where in found.items())


def _uploader_in_korean(at: AppTest) -> None:
    """Streamlit's own "Upload" and "5MB per file • TSV, TXT, CSV" are English: hidden, the
    button's word and the limit said in Korean (tests/browser/test_language.py looks)."""
    styles = [m.value for m in at.markdown if "stFileUploaderDropzoneInstructions" in m.value]
    assert styles and all(f'content: "{t("upload_button", "ko")}"' in x for x in styles)
    captions = [c.value for c in at.caption]
    assert any(c.startswith("파일 하나에 최대 ") for c in captions), captions


@pytest.mark.parametrize("model", ["dates", "reverse", "en-ko-phrases", "en-ko-attention"])
def test_the_explorer_names_each_tokenizer_in_korean(model):
    """char, word, unigram, BPE: "토크나이저(char)" was left in English."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "ko"
    at.query_params["model"] = model
    at.run()
    assert not at.exception and at.session_state[state.MODEL] == model
    tokens = [m.value for m in at.markdown if "토크나이저" in m.value]
    assert tokens, [m.value for m in at.markdown]
    found = language.english_words([("markdown", x) for x in tokens], language.data_words())
    assert not found, found


def _hangul_in_english(pages: tuple[str, ...], only: set[str] | None = None) -> dict[str, str]:
    at = fresh_app("en")
    corpus = language.corpus_text()
    found = {}
    for where, texts in _walk(at, pages, only):
        assert at.session_state[state.LANG] == "en"
        found.update({f"{where}: {w}": x for w, x in language.hangul_words(texts, corpus).items()})
    return found


@pytest.mark.full
def test_every_view_in_english_shows_no_hangul_outside_the_corpora():
    found = _hangul_in_english(PAGES)
    assert not found, "\n".join(f"{w}  ←  {where}" for w, where in found.items())


def test_the_demo_views_in_english_show_no_hangul_outside_the_corpora():
    """The quick version: the pages whose views show Korean sentences and tokens."""
    only = {t(k, "en") for k in ("exp_tab_exposure", "exp_tab_beam")}
    found = _hangul_in_english(("compare", "experiments"), only)
    assert not found, "\n".join(f"{w}  ←  {where}" for w, where in found.items())


def test_the_checks_find_the_other_language():
    """The checks can fail: an English word in Korean text, Hangul in English text."""
    words = language.data_words()
    assert "input" in language.english_words([("x", "y → input of step 2")], words)
    assert language.english_words([("x", "모델: `input` (nat)")], words) == {}
    corpus = language.corpus_text()
    assert "토크나이저" in language.hangul_words([("x", "토크나이저(char)")], corpus)
    assert language.hangul_words([("x", "reference: 저는 학교에 가요.")], corpus) == {}


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
