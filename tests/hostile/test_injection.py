"""Text from a file or a student is shown literally on every page (issue 16, injection): a
model whose vocabulary, a corpus whose sentences and file names hold Markdown links and
images, HTML, `$...$` LaTeX and `:red[...]` directives, driven headless by AppTest. Every
string Streamlit renders as Markdown (markdown, captions, headings, alerts, progress texts,
widget labels, radio and segmented-control options, tabs, expanders) must hold no such
fragment outside a code span, and st.html none unescaped."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from seq2seq_core.data.corpus import parse_corpus
from tests.support.apptest import open_tab
from tests.support.injection import (
    FILE_NAME,
    HOSTILE,
    PAYLOADS,
    PLOT_RAW,
    hostile_translator,
    raw_left,
)
from tests.support.paths import REPO_ROOT
from tests.support.player import mounted_player
from ui import state
from ui.state import resources
from ui.text.i18n import t as t_in
from ui.text.literal import literal, literal_code, plot_literal

APP = str(REPO_ROOT / "app.py")
# proto fields that Streamlit's frontend renders as Markdown
MARKDOWN_FIELDS = {"body", "label", "text", "help", "content", "caption", "title"}
PLAIN_TYPES = {"code", "selectbox", "text_input", "arrow_data_frame", "json", "multiselect"}


@pytest.fixture(scope="module")
def tr():
    return hostile_translator()


def _strings(message, path=""):
    """Every (field path, string) inside a protobuf message."""
    for field, value in message.ListFields():
        repeated = getattr(field, "is_repeated", None)
        if repeated is None:
            repeated = field.label == field.LABEL_REPEATED
        items = value if repeated else [value]
        for item in items:
            if isinstance(item, str):
                yield f"{path}.{field.name}", item
            elif hasattr(item, "ListFields"):
                yield from _strings(item, f"{path}.{field.name}")


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


def plot_texts(at: AppTest) -> list[str]:
    """Every string of every plotly figure on the page."""
    out = []
    for node in _nodes(at._tree):
        if getattr(node, "type", None) == "plotly_chart":
            out += _json_strings(json.loads(node.proto.spec))
    return out


def rendered(at: AppTest) -> tuple[list[str], list[str]]:
    """(Markdown sources, st.html bodies) of the page as drawn."""
    markdown, html = [], []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or node.type in PLAIN_TYPES:
            continue
        for path, value in _strings(proto):
            if node.type == "html":
                html.append(value)
            elif path.rsplit(".", 1)[-1] in MARKDOWN_FIELDS or (
                node.type in ("radio", "button_group") and ".options" in path
            ):
                markdown.append(value)
    return markdown, html


def assert_literal(at: AppTest, expect: list[str]) -> None:
    """No hostile fragment is rendered as markup, and each of `expect` is shown (escaped)."""
    assert not at.exception, at.exception
    markdown, html = rendered(at)
    bad = [(m, raw_left(m)) for m in markdown if raw_left(m)]
    assert not bad, bad
    bad_html = [h for h in html if any(r in h for r in ("<img", "<a href", "<a "))]
    assert not bad_html, bad_html
    bad_plot = [s for s in plot_texts(at) if any(r in s for r in PLOT_RAW)]
    assert not bad_plot, bad_plot
    joined = "\n".join(markdown)
    for text in expect:  # a part of a longer text has no guard at its ends (`guard_ends`)
        escaped = (literal(text).strip("\u2060"), literal_code(text).strip("\u2060"))
        assert any(e in joined for e in escaped), (text, joined[:3000])


def _app(tr, page: str | None = None, **session) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[state.OWN_MODEL] = tr
    at.session_state[state.OWN_MODEL_NAME] = FILE_NAME
    at.session_state[state.MODEL] = resources.OWN
    at.session_state[state.SENTENCE] = "go now"
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def test_literal_escapes_every_markup_character():
    for payload in PAYLOADS:
        escaped = literal(payload)
        assert not raw_left(escaped)
        shown = escaped.replace("\\", "").replace("\u2060", "")  # the word joiner is invisible
        assert shown == payload.replace("\\", "")
    assert literal("see http://x or www.y or a@b.c").count("\u2060") == 3  # no autolinks
    assert literal("a\nb\r\n# c") == "a b \\# c"  # a line break cannot start a heading
    joined = "\u2060{}\u2060".format  # ends in punctuation: guarded for emphasis (issue 26)
    assert literal(":material/home:") == joined("\\:material\\/home\\:")
    assert literal_code("a`b") == joined("``a`b``") and literal_code("`") == joined("`` ` ``")
    assert plot_literal("<a href='x'>&amp;</a>") == "&lt;a href='x'&gt;&amp;amp;&lt;/a&gt;"


def test_explorer_shows_an_uploaded_models_tokens_literally(tr):
    at = _app(tr)
    assert_literal(at, [HOSTILE])  # the translation heading
    for tab in ("tab_encoder", "tab_attention"):  # the tabs are lazy: each opened in turn
        assert_literal(open_tab(at, tab), [])
    open_tab(at, "tab_decoder")
    for step in (1, 2, 3, 6):  # the softmax caption and the input fed name hostile tokens
        at.session_state[state.STEP] = step
        at.run()
        assert_literal(at, [])
    open_tab(at, "tab_whatif")
    at.number_input(key="whatif_t").set_value(2).run()  # what-if: labels and both outputs
    assert_literal(at, [HOSTILE])


def test_sidebar_and_experiments_show_a_file_name_literally(tr):
    at = _app(tr, "ui/pages/experiments.py")
    assert_literal(at, [f"your model: {FILE_NAME}"])


def test_experiments_tabs_show_held_out_sentences_and_tokens_literally(tr):
    """Exposure bias, greedy against beam, sampling, the quiz and the map, on a model whose
    held-out sentences (the Data page's corpus it was trained on) are hostile."""
    tr.meta["corpus"] = FILE_NAME  # an uploaded model may name any corpus
    lines = [f"{HOSTILE} {i}\tgo now\n" for i in range(30)] + [f"go now\t{HOSTILE}\n"]
    corpus = parse_corpus("".join(lines).encode())
    at = _app(tr, None, **{state.CORPUS: corpus, state.CORPUS_NAME: FILE_NAME})
    at.switch_page("ui/pages/experiments.py").run()
    for key in ("exp_tab_exposure", "exp_tab_beam", "exp_tab_sampling", "exp_tab_quiz"):
        at.session_state["exp_tab"] = t_in(key, "en")
        at.run()
        assert_literal(at, [])
        for radio in [r for r in at.radio if str(r.key).startswith("demo_model_")]:
            radio.set_value(resources.OWN).run()  # the tab on the hostile model itself
            assert_literal(at, [])
    assert_literal(at, [HOSTILE.split(" ")[0]])  # the quiz asks about a hostile sentence
    at.button_group[0].set_value(0).run()  # pick the argmax and reveal: "Right: ..."
    at.button(key="exp_quiz_reveal").click().run()
    assert any("Right" in s.value for s in at.success)
    assert_literal(at, [])


def test_data_and_train_pages_show_a_corpus_and_its_name_literally(tr):
    corpus = parse_corpus(f"go now\t{HOSTILE}\n{HOSTILE}\tstop\nbroken line\n".encode() * 3)
    session = {state.CORPUS: corpus, state.CORPUS_NAME: FILE_NAME}
    at = _app(tr, "ui/pages/data.py", **session)
    assert_literal(at, [FILE_NAME])
    at.switch_page("ui/pages/train.py").run()
    assert_literal(at, [FILE_NAME])
    at.button(key="stepwise_one_step").click().run()  # names its fixed pair, a hostile one
    assert HOSTILE in at.session_state["stepwise"]["fixed"].pair
    assert_literal(at, [])


def test_lecture_page_shows_an_uploaded_models_tokens_literally(tr):
    """The page's own Markdown stays literal at every step, and the decode player (which
    draws every step in the browser with textContent, tests/browser/test_player.py) gets the
    tokens as the model's own strings, never pre-rendered markup."""
    at = _app(tr, "ui/pages/lecture.py")
    words = HOSTILE.split(" ")
    first = len(tr.trace("go now").src_ids) + 2  # encoder steps, the hand-over, decoder 1
    for step in (1, first - 1, first, first + 2, first + 7, first + len(words)):
        at.session_state[state.LECTURE_STEP] = step
        at.run()
        assert_literal(at, [])
    (sentence,) = mounted_player(at)["sentences"]
    chosen = [s["tok"] for s in sentence["greedy"]["steps"]]
    for word in (words[0], words[2], words[7]):  # decoder steps 1, 3 and 8 chose these
        assert word in chosen, (word, chosen)


def test_the_forced_comparison_names_its_token_and_outputs_literally(tr):
    from seq2seq_core.decoding.forcing import force_step
    from ui.services.forcing import comparison_markdown

    trace = tr.trace("go now")
    step = HOSTILE.split(" ").index("<img") + 1
    forced = force_step(tr, "go now", trace, step, trace.steps[step - 1].argmax_id)
    markdown = comparison_markdown(trace, forced, step, "en")
    assert not raw_left(markdown), markdown
    assert literal(HOSTILE) in markdown


def test_a_lesson_link_sentence_is_shown_literally():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["model"] = "reverse"
    at.query_params["sentence"] = HOSTILE
    at.run()
    assert at.session_state[state.SENTENCE] == HOSTILE
    assert_literal(at, [])
    at.switch_page("ui/pages/compare.py").run()
    assert_literal(at, [])
