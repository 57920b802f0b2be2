"""Tabs ④–⑥ of the experiments page (ui/pages/experiments.py): sampling with temperature,
the predict-the-next-token quiz and the map of hidden states. Each tab is one function of the
model's name and translator that draws its widgets; the page lays out the tabs. Helpers and
strings: ui/sections/experiments/view.py; figures: ui/figures/probe.py. Tabs ①–③:
ui/sections/experiments/lab.py,
which also holds `widget_key` and `OWN_CACHE`, used by both halves.
"""

from __future__ import annotations

import streamlit as st

from seq2seq_core import experiments as ex
from seq2seq_core.translator import Translator
from ui import state
from ui.figures import alt
from ui.figures import probe as fp
from ui.figures.style import shown
from ui.sections import charts, tables
from ui.sections.experiments import view
from ui.sections.experiments.lab import OWN_CACHE, widget_key
from ui.state import t
from ui.text.literal import literal

# Session-state keys of tabs ④–⑥ (the others: ui/sections/experiments/lab.py):
SAMPLES = "exp_samples"  # ④: (inputs, samples) of the last draw
QUIZ = "exp_quiz"  # ⑤: {"round", "index", "right", "asked", "pick"}; pick None until revealed


# -- ④ sampling ------------------------------------------------------------------------------
def _sentence(name: str, tr: Translator) -> str:
    pairs = view.examples(name, tr)
    if not pairs:
        return st.text_input(
            t("exp_sentence"), key=f"exp_smp_text_{name}", max_chars=state.MAX_CHARS
        )
    options = [s for s, _ in pairs]
    box = f"exp_smp_src_{name}"
    value = st.selectbox(t("exp_sentence"), options, key=box, accept_new_options=True,
                         on_change=state.cap_typed, args=(box,))  # fmt: skip
    return state.capped_choice(box, value)


def _step_slider(name: str, trace) -> int:
    """Starts at the step the model is least sure of (the most to see when T changes)."""
    n = len(trace.steps)
    if n < 2:
        return 1
    unsure = min(trace.steps, key=lambda s: s.chosen_prob).t
    return int(
        st.slider(t("exp_step"), 1, n, unsure, key=widget_key("smp_step", name, n, trace.src_text))
    )


def sampling(name: str, tr: Translator) -> None:
    st.markdown(t("exp_sampling_text"))
    text = _sentence(name, tr)
    if not text.strip():
        st.info(t("exp_need_sentence"))
        return
    trace = tr.trace(text)
    c1, c2 = st.columns(2)
    with c1:
        step_no = _step_slider(name, trace)
    temp = c2.slider(t("exp_temperature"), 0.1, 3.0, 1.0, 0.1, key="exp_temp")
    step = trace.steps[step_no - 1]
    q = ex.tempered(step.probs, temp)
    vocab = [tr.tgt_tok.id_to_piece(i) for i in range(len(step.probs))]
    charts.chart(
        fp.temperature_figure(
            step.probs, q, vocab, temp, lang=state.lang(), scale=state.font_scale()
        ),
        key="exp_temp_fig",
        alt=alt.temperature(step.probs, q, vocab, temp, state.lang()),
        table=alt.temperature_table(step.probs, q, vocab, lang=state.lang()),
    )
    prefix = view.pieces(["<sos>", *(s.chosen_token for s in trace.steps[: step_no - 1])])
    tok = literal(shown(vocab[step.argmax_id], state.lang()))
    st.caption(t("exp_temp_caption", step=step_no, prefix=prefix, T=f"{temp:g}", tok=tok,
                 q=f"{q[step.argmax_id]:.1%}", p=f"{step.probs[step.argmax_id]:.1%}"))  # fmt: skip
    _samples(name, tr, text, temp, trace)


def _samples(name: str, tr: Translator, text: str, temp: float, trace) -> None:
    c1, c2 = st.columns([1, 3], vertical_alignment="bottom")
    seed = int(c1.number_input(t("exp_seed"), 0, 9999, 0, key="exp_seed"))
    inputs = (name, id(tr), text, temp, seed)
    if c2.button(t("exp_draw"), key="exp_draw"):
        st.session_state[SAMPLES] = (inputs, ex.sample_decode(tr, text, temp, 5, seed))
    stored = st.session_state.get(SAMPLES)
    if not stored or stored[0] != inputs:
        return
    rows = [(t("exp_greedy") + " (argmax)", trace.output_text, trace.steps[-1].log_prob,
             trace.stop_reason == "eos")]  # fmt: skip
    rows += [(t("exp_sample_row", i=i + 1), s.text, s.log_prob, s.finished)
             for i, s in enumerate(stored[1])]  # fmt: skip
    tables.table(
        [{t("exp_how"): how, t("exp_output"): out or "∅", "log p": float(lp),
          t("exp_finished"): "✓" if done else ""}
         for how, out, lp, done in rows]
    )  # fmt: skip
    st.caption(t("exp_samples_note"))


# -- ⑤ quiz ----------------------------------------------------------------------------------
# the five candidates, large enough to read from the back of the room
_BIG_CHIPS = "<style>.st-key-exp_quiz_choices button *{font-size:1.5rem}</style>"


def _reveal(pick_id: int, argmax_id: int) -> None:
    quiz = st.session_state[QUIZ]
    quiz.update(pick=pick_id, asked=quiz["asked"] + 1, right=quiz["right"] + (pick_id == argmax_id))


def _next_question() -> None:
    st.session_state[QUIZ].update(index=st.session_state[QUIZ]["index"] + 1, pick=None)


def _new_round() -> None:
    old = st.session_state[QUIZ]["round"]
    st.session_state[QUIZ] = dict(round=old + 1, index=0, right=0, asked=0, pick=None)


def next_token_quiz(name: str, tr: Translator) -> None:
    st.markdown(t("exp_quiz_text"))
    sources = [s for s, _ in view.held_out(name, tr)[:40]]
    if not sources:
        st.info(t("exp_need_examples"))
        return
    quiz = st.session_state.setdefault(QUIZ, dict(round=0, index=0, right=0, asked=0, pick=None))
    traces: dict = {}

    def steps_of(src: str) -> int:
        traces[src] = tr.trace(src)
        return len(traces[src].steps)

    q = view.question(sources, quiz["round"], quiz["index"], steps_of)
    step = traces[q.source].steps[q.step - 1]
    so_far = view.pieces(["<sos>", *(s.chosen_token for s in traces[q.source].steps[: q.step - 1])])
    st.markdown(f"## {t('exp_quiz_source')}: {literal(q.source)}")
    st.markdown(f"## {t('exp_quiz_so_far', t=q.step)}: {so_far} **?**")
    cands = [i for i in q.order if i < len(step.topk_ids)]
    revealed = quiz["pick"] is not None
    st.html(_BIG_CHIPS)
    with st.container(key="exp_quiz_choices"):
        choice = st.segmented_control(
            t("exp_quiz_guess"), cands, disabled=revealed,
            format_func=lambda i: literal(shown(step.topk_tokens[i], state.lang())),
            key=f"exp_quiz_pick_{quiz['round']}_{quiz['index']}")  # fmt: skip
    pick_id = step.topk_ids[choice] if choice is not None else -1
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(t("exp_reveal"), type="primary", disabled=choice is None or revealed,
                  on_click=_reveal, args=(pick_id, step.argmax_id),
                  key="exp_quiz_reveal")  # fmt: skip
        st.button(t("exp_next_question"), disabled=not revealed, on_click=_next_question,
                  key="exp_quiz_next")  # fmt: skip
        st.button(t("exp_new_round"), on_click=_new_round, key="exp_quiz_new")
        st.markdown(t("exp_score", right=quiz["right"], asked=quiz["asked"]))
    if revealed:
        _quiz_answer(step, quiz["pick"])


def _quiz_answer(step, pick_id: int) -> None:
    rank = ex.rank_of(step, pick_id)
    tok, p = literal(shown(step.topk_tokens[0], state.lang())), f"{step.topk_probs[0]:.1%}"
    if pick_id == step.argmax_id:
        st.success(t("exp_quiz_right", tok=tok, p=p))
    else:
        pick = literal(shown(step.topk_tokens[step.topk_ids.index(pick_id)], state.lang()))
        st.warning(t("exp_quiz_wrong", tok=tok, p=p, pick=pick, rank=rank, v=len(step.probs),
                     q=f"{step.probs[pick_id]:.1%}"))  # fmt: skip
    charts.chart(
        fp.quiz_reveal_figure(step, pick_id, rank, state.lang(), scale=state.font_scale()),
        key="exp_quiz_fig",
        alt=alt.softmax(step, state.lang(), pick_id, rank),
        table=alt.softmax_table(step, state.lang()),
    )


# -- ⑥ hidden-state map ----------------------------------------------------------------------
def state_map(name: str, tr: Translator) -> None:
    sources = tuple(s for s, _ in view.held_out(name, tr)[: view.MAP_SOURCES])
    st.markdown(t("exp_map_text", enc=tr.cfg.enc_out, dec=tr.cfg.hidden, n=len(sources)))
    if not sources:
        st.info(t("exp_need_examples"))
        return
    c1, c2 = st.columns(2)
    names = {"encoder": "exp_encoder_states", "decoder": "exp_decoder_states",
             "position": "exp_by_position", "token": "exp_by_token"}  # fmt: skip
    tl = state.labeller()  # the labels of this run's language
    which = c1.radio(t("exp_which"), ["encoder", "decoder"], format_func=lambda k: tl(names[k]),
                     horizontal=True, key="exp_map_which")  # fmt: skip
    color = c2.radio(t("exp_color_by"), ["position", "token"], format_func=lambda k: tl(names[k]),
                     horizontal=True, key="exp_map_color")  # fmt: skip
    with st.spinner():
        smap = view.computed("state_map", name, tr, (sources, which), OWN_CACHE)
    charts.chart(
        fp.state_map_figure(smap, color, state.lang(), scale=state.font_scale()),
        key="exp_map_fig",
        alt=alt.state_map(smap, state.lang()),
    )
    a, b = smap.explained_variance
    st.caption(t("exp_variance", points=len(smap.points), a=a, b=b, s=a + b))
