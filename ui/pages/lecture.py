"""Lecture: the whole story of one translation on one screen, one *next* at a time: the
encoder reads each source token, hands h over, the decoder writes token by token (attention
broken down), with the code that computed each step beside it. The decode player
(ui/player/) plays it in the browser: arrow keys, PageDown / PageUp (a presenter's clicker),
Home / End and Space step it without asking the server; the step stays in the address bar
(`?lecture=N`). *Download this lesson* saves the player and the chosen sentences as one
HTML file that plays from disk (ui/player/offline.py)."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.figures import lecture as figures
from ui.player import ask_handled, decode_player, offline, shared
from ui.player import data as player_data
from ui.sections import classroom_ask, classroom_live, page
from ui.state import lesson, resources, t

PICKED = "lecture_offline_pick"
# One screen at 1366x768: little padding above the page, but the first row starts below
# Streamlit's header (its buttons cover the top 3.75rem when the sidebar is collapsed).
CSS = """<style>
.block-container{padding-top:3.6rem !important;padding-bottom:0 !important}
.st-key-lec_top{margin-bottom:-0.6rem}
</style>"""


def _sentence(tr, text: str, reference: str | None, lang: str) -> dict:
    """The player's data for one sentence, once per server (model, sentence, language):
    a class opening the teacher's lesson link decodes it once (ui/player/shared.py)."""
    return shared.sentence(tr, text[: state.MAX_CHARS], reference, lang)


def render() -> None:
    st.html(CSS)
    page.hidden_heading(t("nav_lecture"))
    name, tr = resources.current()
    if tr is None:
        st.info(t("no_model"))
        return
    corpus = resources.corpus_of(name)
    examples = resources.example_pairs(corpus) if corpus else []
    if examples and not st.session_state.get(state.SENTENCE):
        st.session_state[state.SENTENCE] = examples[0][0]
    text = st.session_state.get(state.SENTENCE, "") or "?"
    reference = dict(examples).get(text)
    lang = state.lang()
    lesson.follow_browser("lecture", state.LECTURE_STEP, text)
    sentence = _sentence(tr, text, reference, lang)
    n = len(sentence["greedy"]["src"]) + 1 + len(sentence["greedy"]["steps"])
    start = figures.parse_step(st.session_state.get(state.LECTURE_STEP, 1), n)
    st.session_state[state.LECTURE_STEP] = start
    _controls(name, tr, examples, lang)
    link = _link()
    data = player_data.player_data([sentence], lang, "lecture", start=start, code=True,
                                   link=link, link_warning=lesson.local_warning(link))  # fmt: skip
    asked = decode_player(data, key="lec_player", ask_label=classroom_ask.ask_label()).ask
    if asked is not None:  # the teacher asks the class at this step (issue 29)
        t_dec = classroom_ask.decoder_step(asked, len(sentence["greedy"]["src"]))
        classroom_ask.ask(tr, tr.trace(text[: state.MAX_CHARS]), t_dec, reference)
        ask_handled("lec_player")
    classroom_ask.note()
    classroom_live.panel(quiet=True)


def _link() -> str:
    """The lesson link without the step; the player appends `&lecture=N` in the browser."""
    shipped = [c.name for c in resources.shipped_cards()]
    params = lesson.to_params(st.session_state, shipped, with_step=False)
    return lesson.share_link(params) if "sentence" in params else ""


def _controls(name: str, tr, examples: list[tuple[str, str]], lang: str) -> None:
    # the download label whole at 1366 px with the sidebar open and large text
    cols = st.columns([2, 1], vertical_alignment="center")
    with cols[0].container(key="lec_top"):
        st.text_input(t("lec_sentence"), key=state.SENTENCE, label_visibility="collapsed",
                      max_chars=state.MAX_CHARS, on_change=_reset)  # fmt: skip
    with cols[1].popover(t("pl_download"), use_container_width=True):
        _download(name, tr, examples, lang)


def _download(name: str, tr, examples: list[tuple[str, str]], lang: str) -> None:
    """Pick up to ten sentences (the current one first), then save the lesson file."""
    current = st.session_state.get(state.SENTENCE, "") or "?"
    options = list(dict.fromkeys([current, *(s for s, _ in examples)]))
    st.caption(t("pl_download_help"))
    picked = st.multiselect(t("pl_download_pick", n=offline.MAX_SENTENCES), options,
                            default=options[:1], key=PICKED,
                            max_selections=offline.MAX_SENTENCES)  # fmt: skip
    refs = dict(examples)
    chosen = [(s, refs.get(s)) for s in picked] or [(current, refs.get(current))]
    st.download_button(t("pl_download"), key="lec_download", mime="text/html",
                       file_name=offline.file_name(name, lang), on_click="ignore",
                       data=lambda: offline.lesson_html(tr, chosen, lang, name))  # fmt: skip


def _reset() -> None:
    st.session_state[state.LECTURE_STEP] = 1


render()
