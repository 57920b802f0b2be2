"""Decode step by step: tokens, encoder, the decoder chain, each step's softmax and
attention, the attention map, and "what if" another token had been chosen."""

from __future__ import annotations

import html

import streamlit as st

from seq2seq_core.forcing import force_step
from seq2seq_core.trace import DecodeTrace, format_log_prob
from ui import caches, figure_cache, forcing, lesson, neighbours_view, resources, state
from ui.figures import bridge
from ui.figures import decode as figures
from ui.figures.style import shown
from ui.state import t
from ui.text.literal import literal, literal_code

TRACE_KEY = "explore_trace"


def _trace(name: str, tr, text: str, prefix: tuple[int, ...] = ()) -> DecodeTrace:
    """Decode once per (model, sentence, prefix); navigating steps reuses the stored trace.
    The session's traces are kept in a cache bounded by bytes (ui/caches.py): a trace of a
    large-vocabulary model holds every step's whole softmax."""
    cache = st.session_state.get(TRACE_KEY)
    if not isinstance(cache, caches.BytesCache):
        cache = st.session_state[TRACE_KEY] = caches.BytesCache()
    key = (name, id(tr), text, prefix)
    return cache.get_or_make(key, lambda: tr.trace(text, prefix=prefix))


def _set_step(value: int) -> None:
    st.session_state[state.STEP] = value


def _chips(pieces, ids) -> str:
    cells = "".join(
        f"<span class='chip'><b>{html.escape(shown(p, state.lang()))}</b><small>{i}</small></span>"
        for p, i in zip(pieces, ids, strict=True)
    )
    return (
        "<style>.chip{display:inline-flex;flex-direction:column;align-items:center;"
        "border:2px solid #4c78a8;border-radius:8px;padding:4px 10px;margin:3px;"
        "font-size:1.25rem}.chip small{opacity:.7;font-size:.85rem}</style>" + cells
    )


def _sentence_picker(name: str) -> tuple[str, str | None]:
    corpus = resources.corpus_of(name)
    examples = resources.example_pairs(corpus) if corpus else []
    refs = dict(examples)
    if examples and not st.session_state.get(state.SENTENCE):
        st.session_state[state.SENTENCE] = examples[0][0]

    def picked() -> None:
        st.session_state[state.SENTENCE] = st.session_state["example_pick"]
        st.session_state[state.STEP] = 1

    cols = st.columns([1, 1])
    if examples:
        cols[0].selectbox(
            t("example"),
            [s for s, _ in examples],
            key="example_pick",
            on_change=picked,
            index=None,
            placeholder=t("example_placeholder"),
        )
    cols[1 if examples else 0].text_input(
        t("your_sentence"),
        key=state.SENTENCE,
        max_chars=state.MAX_CHARS,
        on_change=_set_step,
        args=(1,),
    )
    text = st.session_state.get(state.SENTENCE, "")
    return text, refs.get(text)


def render() -> None:
    st.title(t("explore_title"))
    st.markdown(t("explore_intro"))
    name, tr = resources.current()
    if tr is None:
        st.info(t("no_model"))
        return
    text, reference = _sentence_picker(name)
    if not text.strip():
        st.info(t("type_a_sentence"))
        return
    trace = _trace(name, tr, text)
    out = trace.output_text or "∅"
    st.markdown(f"### {t('translation')}: {literal(out)}")
    if reference:
        st.caption(f"{t('reference')}: {literal(reference)}")
    if trace.truncated:
        st.warning(t("truncated", n=len(trace.src_ids)))
    tabs = st.tabs(
        [t(k) for k in ("tab_tokens", "tab_encoder", "tab_decoder", "tab_attention", "tab_whatif")]
    )
    with tabs[0]:
        _tokens_view(tr, trace)
    with tabs[1]:
        _encoder_view(trace)
    with tabs[2]:
        st.fragment(_decoder_view)(name, tr, text, trace)
    with tabs[3]:
        _attention_view(trace)
    with tabs[4]:
        st.fragment(_whatif_view)(name, tr, text, trace)


def _tokens_view(tr, trace: DecodeTrace) -> None:
    kind = tr.src_tok.kind
    marker = {"char": t("marker_char"), "word": ""}.get(kind, t("marker_sentencepiece"))
    st.markdown(t("tokens_text", kind=kind, marker=marker))
    st.html(_chips(trace.src_pieces, trace.src_ids))
    st.markdown(t("specials_text"))


def _encoder_view(trace: DecodeTrace) -> None:
    bi = t("encoder_bi") if trace.encoder.directions == 2 else ""
    st.markdown(t("encoder_text", bi=bi))
    st.plotly_chart(
        figures.encoder_states_heatmap(
            trace.encoder, trace.src_pieces, state.lang(), scale=state.font_scale()
        ),
        key="enc_heat",
    )
    st.markdown(t("encoded_text"))
    if trace.encoder.directions == 2:  # h comes out of the bridge, not out of the map above
        st.markdown(t("bridge_text"))
        st.plotly_chart(
            bridge.bridge_figure(trace.encoder, trace.src_pieces, state.lang()), key="enc_bridge"
        )
    else:
        st.markdown(t("no_bridge_text"))
    st.plotly_chart(
        figures.hidden_vector_figure(trace.encoder.final_hidden[-1], "h", scale=state.font_scale()),
        key="enc_final",
    )
    if trace.model.get("rnn") == "lstm":
        st.caption(t("lstm_cell_note"))


def _navigator(n: int, shipped: list[str]) -> int:
    step = min(max(int(st.session_state.get(state.STEP, 1)), 1), n)
    st.session_state[state.STEP] = step
    playing = st.session_state.get("playing", False)
    # One row that wraps on a narrow screen (columns would stack one control per line).
    row = st.container(horizontal=True, vertical_alignment="center", key="step_navigator")
    row.button(t("first"), on_click=_set_step, args=(1,), disabled=step == 1)
    row.button(t("prev"), on_click=_set_step, args=(step - 1,), disabled=step == 1)
    row.button(t("next"), on_click=_set_step, args=(step + 1,), disabled=step == n)
    row.button(t("last"), on_click=_set_step, args=(n,), disabled=step == n)
    if row.button(t("pause") if playing else t("play"), key="play_button"):
        st.session_state["playing"] = not playing
        if not playing and step == n:
            st.session_state[state.STEP] = 1
        st.rerun(scope="fragment")
    if n > 1:
        row.slider(t("step_slider"), 1, n, key=state.STEP, label_visibility="collapsed",
                   width="stretch")  # fmt: skip
    params = lesson.to_params(st.session_state, shipped)
    if "model" in params:  # a shipped model: this step can be linked (drawn with every step)
        with row.popover("🔗", help=t("step_link_help")):
            st.caption(t("step_link_help"))
            st.code(lesson.share_link(params), language=None)
    return int(st.session_state[state.STEP])


def _step_figure(name: str, tr, text: str, step_no: int, part: str, make):
    """One figure of decoder step `step_no`, shared by every session viewing the same step
    of the same sentence with a shipped model (ui/figure_cache.py); a session's own model's
    figures are made every time. The key holds all the figure is drawn from."""
    key = None
    if name != resources.OWN:
        key = ("explore", part, name, id(tr), text, step_no, state.lang(), state.font_scale())
    return figure_cache.shared(key, make)


def _decoder_view(name: str, tr, text: str, trace: DecodeTrace) -> None:
    n = len(trace.steps)
    if st.session_state.get("playing"):
        cur = int(st.session_state.get(state.STEP, 1))
        if cur < n:
            st.session_state[state.STEP] = cur + 1
        else:
            st.session_state["playing"] = False
    st.markdown(t("chain_text"))
    st.markdown(t("h_is_start"))
    if trace.model.get("luong_input_feeding"):
        st.markdown(t("luong_text"))
    shipped = [c.name for c in resources.shipped_cards()]
    step_no = _navigator(n, shipped)
    lesson.publish(shipped)  # the step goes in the link
    lang, scale = state.lang(), state.font_scale()

    def figure(part: str, make):
        return _step_figure(name, tr, text, step_no, part, make)

    st.plotly_chart(
        figure("chain", lambda: figures.decoder_chain_figure(trace, step_no, lang, scale=scale)),
        key="chain",
    )
    step = trace.steps[step_no - 1]
    left, right = st.columns(2)
    with left:
        fed = t("input_sos") if step.t == 1 else t("input_prev", p=step.t - 1)
        fed_token = literal_code(shown(step.input_token, lang))
        st.markdown(f"#### {t('input_fed', t=step.t)}: {fed_token}")
        st.caption(fed)
        for part, vec, title in (("hb", step.hidden_before, "hidden_before"),
                                 ("ha", step.hidden_after, "hidden_after")):  # fmt: skip
            st.plotly_chart(
                figure(part, lambda v=vec, k=title: figures.hidden_vector_figure(
                    v, t(k), height=95, scale=scale)),
                key=part,
            )  # fmt: skip
        if trace.has_attention:
            st.markdown(t("attn_step_text"))
            st.plotly_chart(
                figure("attn_bars", lambda: figures.attention_bars(
                    step, trace.src_pieces, lang, scale=scale)),
                key="attn_bars",
            )  # fmt: skip
            st.plotly_chart(
                figure("ctx", lambda: figures.hidden_vector_figure(
                    step.context, t("context_vector"), height=95, scale=scale)),
                key="ctx",
            )  # fmt: skip
        else:
            st.info(t("no_attention"))
    with right:
        st.markdown(
            t(
                "softmax_text",
                v=len(step.probs),
                k=len(step.topk_ids),
                tok=literal(shown(step.chosen_token, lang)),
                p=f"{step.chosen_prob:.1%}",
            )
        )
        event = st.plotly_chart(
            figure("topk", lambda: figures.topk_bars(step, lang, scale=scale)),
            # each step of each sentence has its own selection: another starts unforced
            key=f"topk_{step_no}_{hash((text, tuple(trace.src_ids)))}",
            on_select="rerun",
            selection_mode="points",
        )
        _forced_from_click(tr, text, trace, step, event)
        if step_no == n:
            msg = "stopped_eos" if trace.stop_reason == "eos" else "stopped_max"
            st.success(t(msg, t=n))
        st.caption(_logprob_caption(trace, step))
    neighbours_view.render(name, tr, step)
    if st.session_state.get("playing"):
        import time

        time.sleep(0.9)
        st.rerun(scope="fragment")


def _forced_from_click(tr, text: str, trace: DecodeTrace, step, event) -> None:
    """A clicked bar forces its token at its step; the rest is decoded greedily again."""
    pick = forcing.picked_point(event)
    if pick is None or pick.step != step.t or pick.token_id not in step.topk_ids:
        st.caption(t("force_hint"))
        return
    forced = force_step(tr, text[: state.MAX_CHARS], trace, pick.step, pick.token_id)
    st.markdown(forcing.comparison_markdown(trace, forced, pick.step, state.lang()))


def _logprob_caption(trace: DecodeTrace, step) -> str:
    """`Step.log_prob` is the running sum over steps 1..t: say so, and give the whole
    output's (the last step's) beside it."""
    whole = trace.steps[-1].log_prob
    return (
        t("logprob_so_far", t=step.t, lp=format_log_prob(step.log_prob))
        + " · "
        + t("logprob_whole", lp=format_log_prob(whole))
    )


def _attention_view(trace: DecodeTrace) -> None:
    if not trace.has_attention:
        st.info(t("no_attention"))
        return
    st.markdown(t("attention_map_text"))
    out_tokens = [s.chosen_token for s in trace.steps]
    st.plotly_chart(
        figures.attention_heatmap(
            trace.attention_matrix(),
            trace.src_pieces,
            out_tokens,
            st.session_state.get(state.STEP),
            state.lang(),
            scale=state.font_scale(),
        ),
        key="attn_map",
    )


def _whatif_view(name: str, tr, text: str, trace: DecodeTrace) -> None:
    st.markdown(t("whatif_text"))
    n = len(trace.steps)
    cols = st.columns(2)
    t_step = cols[0].number_input(t("whatif_step"), 1, n, value=1, key="whatif_t")
    step = trace.steps[int(t_step) - 1]
    alternatives = [(i, tok) for i, tok in zip(step.topk_ids, step.topk_tokens, strict=True)]
    labels = [
        f"{literal(shown(tok, state.lang()))}  ({p:.1%})"
        for (_, tok), p in zip(alternatives, step.topk_probs, strict=True)
    ]
    pick = cols[1].radio(
        t("whatif_token"),
        range(len(labels)),
        index=min(1, len(labels) - 1),
        format_func=lambda i: labels[i],
        horizontal=True,
        key="whatif_pick",
    )
    prefix = (*tuple(s.chosen_id for s in trace.steps[: int(t_step) - 1]), alternatives[pick][0])
    alt = _trace(name, tr, text, prefix)
    st.markdown(t("whatif_result"))
    st.markdown(
        f"- {t('original')}: **{literal(trace.output_text)}**  "
        f"(log p = {format_log_prob(trace.steps[-1].log_prob)})"
    )
    st.markdown(
        f"- {literal(shown(alternatives[pick][1], state.lang()))} @ t={int(t_step)}: "
        f"**{literal(alt.output_text)}**  (log p = {format_log_prob(alt.steps[-1].log_prob)})"
    )
    out_tokens = [s.chosen_token for s in alt.steps]
    if alt.has_attention:
        st.plotly_chart(
            figures.attention_heatmap(
                alt.attention_matrix(),
                alt.src_pieces,
                out_tokens,
                int(t_step),
                state.lang(),
                scale=state.font_scale(),
            ),
            key="whatif_map",
        )


render()
