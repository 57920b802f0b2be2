"""Streamlit AppTest helpers shared by the page tests: the app, its timeout, the page text, a
session on an own model or on a swapped corpus, every page and tab of a fresh session, the
words each one shows (element tree and figure JSON), and the empty-demo messages among them."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from typing import Any

from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from seq2seq_core.data.corpus import parse_corpus
from tests.support.paths import REPO_ROOT
from ui import state
from ui.state import resources
from ui.text.i18n import t

TIMEOUT = 60
APP = str(REPO_ROOT / "app.py")
DECODE_TAB_KEY = "explore_tab"  # ui/pages/explore.py's TAB: the open tab's label


def open_tab(at: AppTest, tab_key: str, tabs: str = DECODE_TAB_KEY) -> AppTest:
    """Open the lazy tab named by the string key `tab_key` (one of the Decode page's, or of
    the lazy tabs under session-state key `tabs`) and run: only the open tab is drawn."""
    lang = at.session_state.get(state.LANG, "en")
    at.session_state[tabs] = t(tab_key, lang)
    at.run()
    assert not at.exception, at.exception
    return at


PAGES = ("explore", "lecture", "compare", "experiments", "data", "train")  # app.py's order


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [h.value for h in at.title]
    parts += [c.value for c in at.caption] + [s.value for s in at.success]
    return "\n".join(str(p) for p in parts)


def own_model_app(own, sentence: str | None = None) -> AppTest:
    """The explorer on `own` as the session's own model (trained here, or uploaded)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[state.OWN_MODEL] = own
    at.session_state[state.OWN_MODEL_NAME] = "mine"
    at.session_state[state.MODEL] = resources.OWN
    if sentence is not None:
        at.session_state[state.SENTENCE] = sentence
    at.run()
    assert not at.exception, at.exception
    return at


def with_swap_corpus(page: str) -> AppTest:
    """The app on `page` with a 36-pair corpus ("a u" -> "u a") as if uploaded."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page(page).run()
    tsv = "".join(f"{a} {b}\t{b} {a}\n" for a in "abcdef" for b in "uvwxyz").encode()
    at.session_state[state.CORPUS] = parse_corpus(tsv)
    at.session_state[state.CORPUS_NAME] = "swap.tsv"
    at.run()
    return at


def train_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("ui/pages/train.py").run()
    tsv = "".join(f"{a} {b}\t{b} {a}\n" for a in "abcdef" for b in "uvwxyz").encode()
    at.session_state[state.CORPUS] = parse_corpus(tsv)
    at.session_state[state.CORPUS_NAME] = "swap.tsv"
    at.session_state[state.TOKENIZER] = "word"
    at.run()
    at.segmented_control(key="kept.preset").set_value("tiny").run()
    assert not at.exception, at.exception
    return at


# ---- every page and tab of a fresh session ---------------------------------------------


def fresh_app(lang: str) -> AppTest:
    """A new session in `lang` (a lesson link's ?lang=), on the default page."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def every_view(
    at: AppTest, pages: tuple[str, ...] = PAGES, only: set[str] | None = None
) -> Iterator[tuple[str, str]]:
    """Open each page, then each of its tabs; yield (page, open tab's label) after each run.
    AppTest draws every tab of an `st.tabs` at once, except lazy ones (`st.tabs` with a key,
    whose session-state value is the open tab's label): those are opened one by one (only
    the labels in `only`, if given)."""
    for page in pages:
        at.switch_page(f"ui/pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        labels = [tab.label for tab in at.tabs]
        lazy = [k for k, v in at.session_state.items() if isinstance(v, str) and v in labels]
        yield page, at.session_state[lazy[0]] if lazy else ""
        for key in lazy:
            for label in [x for x in labels if x != at.session_state[key]]:
                if only is not None and label not in only:
                    continue
                at.session_state[key] = label
                at.run()
                assert not at.exception, (page, label, at.exception)
                yield page, label


# ---- what a page shows in words ---------------------------------------------------------

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


def figure_texts(spec: str) -> Iterator[str]:
    """Titles, axis titles and tick labels, annotations, legend names, and the text drawn on
    the marks (text, hover excluded) of a plotly figure's JSON."""
    fig = json.loads(spec)
    layout = fig.get("layout", {})
    for name, part in layout.items():
        if name == "title" or name.startswith(("xaxis", "yaxis", "coloraxis")):
            yield from _strings(part, {"text", "ticktext"})
    for note in layout.get("annotations", []):
        yield str(note.get("text", ""))
    for trace in fig.get("data", []):
        if trace.get("showlegend", True) and trace.get("name"):
            yield str(trace["name"])
        texts = trace.get("text")
        if isinstance(texts, str):
            yield texts
        elif isinstance(texts, list):
            yield from (str(x) for x in texts if isinstance(x, str))


def displayed_text(at: AppTest) -> Iterator[tuple[str, str]]:
    """(element type, text) of everything a page shows in words: markdown, captions,
    alerts, titles, widget labels, help and options, tab and popover labels, figure texts."""
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None or node.type in ("code", "text_input") or node.key == state.LANG:
            continue  # links, the student's own sentence, the language switch (both names)
        if node.type == "plotly_chart":
            yield from (("figure", s) for s in figure_texts(proto.spec))
            continue
        if node.type == "html" and proto.body.lstrip().startswith("<script>"):
            continue  # a script shows no words (ui/sections/page.py: the page's lang)
        for s in _strings(MessageToDict(proto), _TEXT_KEYS):
            yield node.type, s


# ---- the messages saying a demo shows nothing -------------------------------------------


def _template_pattern(template: str) -> re.Pattern:
    """A UI string with its {fields} as wildcards (the values may be escaped by literal())."""
    parts = [re.escape(text) + (".+?" if field is not None else "")
             for text, field, _, _ in string.Formatter().parse(template)]  # fmt: skip
    return re.compile("".join(parts), re.S)


def empty_demo_messages(at: AppTest, lang: str) -> dict[str, str]:
    """{key: where} of each message of ui/text/demos.py's EMPTY_DEMO the page shows in `lang`."""
    from ui.text.demos import EMPTY_DEMO
    from ui.text.i18n import all_strings

    table = all_strings()
    patterns = {key: _template_pattern(table[key][lang]) for key in EMPTY_DEMO}
    shown = list(displayed_text(at))
    return {
        key: f"{kind}: {text[:160]}"
        for key, pattern in patterns.items()
        for kind, text in shown
        if pattern.search(text)
    }
