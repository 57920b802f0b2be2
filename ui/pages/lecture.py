"""Lecture: the whole story of one translation on one screen, one *next* at a time: the
encoder reads each source token, hands h over, the decoder writes token by token (attention
broken down), with the code that computed each step beside it. Arrow keys and PageDown /
PageUp (a presenter's clicker) press back / next."""

from __future__ import annotations

import streamlit as st

from seq2seq_core.tokenizers import EOS_ID
from seq2seq_core.trace import DecodeTrace
from ui import lecture_code, lesson, resources, state
from ui.figures import decode as decode_figures
from ui.figures import lecture as figures
from ui.figures.style import shown
from ui.state import t
from ui.text.literal import literal

TRACES = "lecture_traces"
TEACHER = "lecture_teacher"
# One screen at 1366x768: less padding above the page, a compact code panel.
CSS = """<style>
.block-container{padding-top:1.7rem !important;padding-bottom:0 !important}
.st-key-lec_code pre, .st-key-lec_code code{font-size:0.58rem !important;line-height:1.2}
.st-key-lec_story, .st-key-lec_detail{margin-top:-0.6rem}
</style>"""
# The clicker: keys on the page (outside text boxes) press the page's own buttons.
KEYS_JS = """<script>
const doc = window.parent.document;
if (!doc.__lectureKeys) {
  doc.__lectureKeys = true;
  doc.addEventListener('keydown', (e) => {
    const tag = (e.target && e.target.tagName) || '';
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(tag) || e.target.isContentEditable) return;
    const which = {ArrowRight: 'next', PageDown: 'next', ArrowLeft: 'back', PageUp: 'back'}[e.key];
    const button = which && doc.querySelector('.st-key-lec_' + which + ' button');
    if (!button) return;
    e.preventDefault();
    if (!button.disabled) button.click();
  }, true);
}
</script>"""


def _traces(name: str, tr, text: str, reference: str | None):
    """(greedy trace, teacher-forced trace or None), once per (model, sentence)."""
    key = (name, id(tr), text, reference)
    cache = st.session_state.setdefault(TRACES, {})
    if key not in cache:
        cache.clear()
        greedy = tr.trace(text[: state.MAX_CHARS])
        forced = None
        if reference:
            gold = [*tr.tgt_tok.encode(tr.tgt_tok.normalize(reference)), EOS_ID]
            forced = tr.trace(text[: state.MAX_CHARS], prefix=gold)
        cache[key] = (greedy, forced)
    return cache[key]


def _move(delta: int, n: int) -> None:
    st.session_state[state.LECTURE_STEP] = min(max(_current(n) + delta, 1), n)


def _current(n: int) -> int:
    return figures.parse_step(st.session_state.get(state.LECTURE_STEP, 1), n)


def render() -> None:
    st.html(CSS)
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
    teacher_on = bool(reference) and st.session_state.get(TEACHER, False)
    greedy, forced = _traces(name, tr, text, reference)
    trace = forced if teacher_on and forced is not None else greedy
    steps = figures.story(trace)
    n = len(steps)
    i = _current(n)
    st.session_state[state.LECTURE_STEP] = i
    _controls(text, bool(reference), i, n, name)
    at = steps[i - 1]
    scale, lang = state.font_scale(), state.lang()
    with st.container(key="lec_story"):
        st.plotly_chart(figures.story_figure(trace, at, lang, scale), key="lec_story_fig",
                        config={"displayModeBar": False})  # fmt: skip
    left, right = st.columns([1.15, 1])
    with left, st.container(key="lec_detail"):
        _detail(trace, at, tr, teacher_on)
    with right, st.container(key="lec_code"):
        st.code(_code(trace, at, tr, teacher_on), language="python", wrap_lines=True)
        st.iframe(KEYS_JS, height=1)


def _controls(text: str, has_reference: bool, i: int, n: int, name: str) -> None:
    cols = st.columns([3.4, 2.4, 1.2, 1.1, 1.2, 0.7], vertical_alignment="center")
    cols[0].text_input(t("lec_sentence"), key=state.SENTENCE, label_visibility="collapsed",
                       max_chars=state.MAX_CHARS, on_change=_reset)  # fmt: skip
    cols[1].toggle(t("lec_teacher"), key=TEACHER, disabled=not has_reference,
                   help=t("lec_teacher_help"))  # fmt: skip
    cols[2].button(t("lec_back"), key="lec_back", on_click=_move, args=(-1, n), disabled=i <= 1,
                   use_container_width=True)  # fmt: skip
    cols[3].markdown(f"**{t('lec_counter', i=i, n=n)}**")
    cols[4].button(t("lec_next"), key="lec_next", on_click=_move, args=(1, n), disabled=i >= n,
                   use_container_width=True)  # fmt: skip
    with cols[5].popover("🔗"):
        shipped = [c.name for c in resources.shipped_cards()]
        params = lesson.to_params(st.session_state, shipped, with_step=False)
        if "sentence" in params:
            params["lecture"] = str(i)
        st.caption(t("lec_link"))
        st.code(lesson.share_link(params), language=None)


def _reset() -> None:
    st.session_state[state.LECTURE_STEP] = 1


def _detail(trace: DecodeTrace, at: figures.StoryStep, tr, teacher_on: bool) -> None:
    lang, scale = state.lang(), state.font_scale()
    if at.kind == "enc":
        vec = trace.encoder.outputs[at.index - 1][: trace.encoder.hidden]
        st.markdown(t("lec_enc", s=at.index, S=len(trace.src_ids), id=trace.src_ids[at.index - 1],
                      tok=literal(shown(trace.src_pieces[at.index - 1], lang)),
                      norm=f"{float((vec**2).sum()) ** 0.5:.2f}"))  # fmt: skip
    elif at.kind == "bridge":
        vec = trace.encoder.final_hidden[-1]
        bi = t("lec_bridge_bi") if trace.encoder.directions == 2 else ""
        st.markdown(t("lec_bridge", bi=bi))
    else:
        step = trace.steps[at.index - 1]
        vec = step.hidden_after
        args = dict(t=at.index, T=len(trace.steps), inp=literal(shown(step.input_token, lang)))
        if teacher_on:
            nll, _total = lecture_code.cross_entropy(trace, at.index)
            text = t("lec_dec_teacher", gold=literal(shown(step.chosen_token, lang)),
                     p=f"{step.chosen_prob:.2f}", nll=f"{nll:.2f}", **args)  # fmt: skip
        else:
            text = t("lec_dec", out=literal(shown(step.chosen_token, lang)),
                     p=f"{step.chosen_prob:.0%}", **args)  # fmt: skip
        if step.chosen_id == EOS_ID:
            text += t("lec_eos")
        st.markdown(text)
        st.html(figures.pipeline_html(step, tr.cfg.tgt_vocab))
        gold = step.chosen_id if teacher_on else None
        st.plotly_chart(figures.detail_figure(trace, at.index, lang, scale, gold),
                        key="lec_detail_fig", config={"displayModeBar": False})  # fmt: skip
    with st.popover(t("lec_vector")):
        st.plotly_chart(decode_figures.hidden_vector_figure(vec, "", scale=scale), key="lec_vec")
        st.caption(", ".join(f"{float(x):.3f}" for x in vec))


def _code(trace: DecodeTrace, at: figures.StoryStep, tr, teacher_on: bool) -> str:
    if at.kind == "enc":
        return lecture_code.encoder_code(trace, at.index, state.lang())
    if at.kind == "bridge":
        return lecture_code.bridge_code(trace)
    teacher = trace if teacher_on else None
    return lecture_code.decoder_code(trace, at.index, state.lang(), tr.cfg.tgt_vocab, teacher)


render()
