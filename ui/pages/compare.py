"""Attention against no attention, beam search beside greedy, and the loss of one pair."""

from __future__ import annotations

import streamlit as st

from seq2seq_core.decoding.forcing import force_node
from ui import state
from ui.figures import alt
from ui.figures import compare as figures_compare
from ui.figures import decode as figures
from ui.figures import lab as figures_lab
from ui.sections import charts, demo_model, tables
from ui.services import demo_examples, forcing
from ui.state import resources, t
from ui.text.literal import literal

PAIR = resources.PAIR


def _bottleneck() -> None:
    st.markdown(t("bottleneck_text"))
    names = {c.name for c in resources.shipped_cards()}
    if not set(PAIR) <= names:
        st.info(t("missing_pair"))
        return
    examples = resources.example_pairs("en-ko")
    longest = sorted(examples, key=lambda p: -len(p[0]))
    options = [s for s, _ in longest]
    box = state.kept("cmp_sentence", options[0])
    text = st.selectbox(
        t("sentence"),
        options,
        key=box,
        accept_new_options=True,
        on_change=state.cap_typed,
        args=(box,),
    )
    text = state.capped_choice(box, text)
    refs = dict(examples)
    cols = st.columns(2)
    heatmaps = []  # drawn below both columns at full width: half a page squeezed the tokens
    for col, name, label in zip(cols, PAIR, ("with_attention", "without_attention"), strict=True):
        tr = resources.shipped_model(name)
        trace = tr.trace(text)
        with col:
            st.markdown(f"## {t(label)}")
            st.markdown(f"**{literal(trace.output_text)}**")
            ref = refs.get(text)
            if ref is not None:
                same = trace.output_text == tr.tgt_tok.normalize(ref)
                st.caption(t("correct") if same else t("wrong") + f" — {literal(ref)}")
            if trace.has_attention:
                heatmaps.append((name, label, trace))
            else:
                charts.chart(
                    figures.hidden_vector_figure(
                        trace.encoder.final_hidden[-1],
                        t("encoded_vector"),
                        scale=state.font_scale(),
                    ),
                    key=f"cmp_{name}",
                    alt=alt.vector(trace.encoder.final_hidden[-1], "h", state.lang()),
                )
                st.info(t("no_attention"))
    for name, label, trace in heatmaps:
        st.markdown(f"**{t(label)}**: {t('attention_weights')}")
        out = [s.chosen_token for s in trace.steps]
        charts.chart(
            figures.attention_heatmap(
                trace.attention_matrix(),
                trace.src_pieces,
                out,
                lang=state.lang(),
                scale=state.font_scale(),
            ),
            key=f"cmp_{name}",
            alt=alt.attention(trace.attention_matrix(), trace.src_pieces, out, state.lang()),
            table=alt.attention_table(
                trace.attention_matrix(), trace.src_pieces, out, state.lang()
            ),
        )
    st.markdown(f"**{t('by_length')}**")
    # the chart of Experiments ①: the x axis says what it counts, each bucket how many
    buckets = resources.shipped_pair_buckets()
    series = {t("with_attention"): buckets[PAIR[0]], t("without_attention"): buckets[PAIR[1]]}
    charts.chart(
        figures_lab.bucket_figure(series, "exact_match", state.lang(), scale=state.font_scale()),
        key="buckets",
        alt=alt.buckets(series, "exact_match", state.lang()),
    )


def _sentence_and_reference(shown: demo_model.Shown, key: str) -> tuple[str, str]:
    """key: "beam" or "loss", the tab. The examples that show the tab's point on the model
    come first; the sentence is the app's one when a person chose it, else the first of them."""
    corpus = resources.corpus_of(shown.name)
    picks = list(shown.examples)
    examples = picks + (resources.example_pairs(corpus) if corpus else [])
    # Both tabs edit the app's one sentence, the explorer's: set here, it is there too.
    box = f"{key}_text"
    st.session_state[box] = demo_model.chosen_sentence() or (examples[0][0] if examples else "")

    def typed(widget: str = box) -> None:
        st.session_state[state.SENTENCE] = st.session_state[widget] or ""
        st.session_state[state.STEP] = 1

    if picks:
        pick = f"{key}_lesson_{shown.name}"
        st.selectbox(t("demo_pick"), [s for s, _ in picks], index=None, key=pick,
                     placeholder=picks[0][0], on_change=typed, args=(pick,))  # fmt: skip
    refs = dict(examples)
    text = st.text_input(t("sentence"), key=box, max_chars=state.MAX_CHARS, on_change=typed)
    ref = st.text_input(
        t("reference_input"),
        value=refs.get(text, ""),
        key=f"{key}_ref_{text}",
        max_chars=state.MAX_CHARS,
    )
    return text, ref


def _beam(tr, text: str) -> None:
    k = st.slider(t("beam_width"), 1, 8, key=state.kept("beam_k", demo_examples.BEAM_K))
    result = tr.beam(text, k=k)
    greedy = tr.trace(text)
    rows = [
        {
            t("hypothesis"): h.text or "∅",
            t("score"): float(h.score),
            "<eos>": "✓" if h.finished else "",
        }
        for h in result.hypotheses
    ]
    rows.append(
        {
            t("hypothesis"): f"({t('greedy')}) {greedy.output_text}",
            t("score"): float(greedy.steps[-1].log_prob),
            "<eos>": "✓" if greedy.stop_reason == "eos" else "",
        }
    )
    tables.table(rows)
    if not demo_examples.shows("beam", tr, text, "", k):
        st.info(t("beam_no_gain", k=k))
    event = charts.chart(
        figures_compare.beam_tree_figure(result, state.lang(), scale=state.font_scale()),
        key=f"beam_tree_{k}_{hash(text)}",  # a new tree starts with nothing selected
        alt=alt.beam_tree(result, state.lang()),
        on_select="rerun",
        selection_mode="points",
    )
    pick = forcing.picked_point(event)
    inside = pick is not None and pick.node is not None and 0 <= pick.node < len(result.nodes)
    node = result.nodes[pick.node] if inside else None
    if node is None or (node.t, node.token_id) != (pick.step, pick.token_id):
        st.caption(t("force_tree_hint"))
        return
    forced = force_node(tr, text, result, pick.node)
    st.markdown(forcing.comparison_markdown(greedy, forced, pick.step, state.lang()))


def _loss(tr, text: str, ref: str) -> None:
    if not ref.strip():
        st.info(t("type_a_reference"))
        return
    scored = tr.score(text, ref)
    if scored.total_nll < demo_examples.LOSS_MIN:
        st.info(t("loss_near_zero", s=scored.total_nll, min=demo_examples.LOSS_MIN))
    charts.chart(
        figures_compare.loss_steps_figure(scored, state.lang(), scale=state.font_scale()),
        key="loss_steps",
        alt=alt.loss(scored, state.lang()),
        table=alt.loss_table(scored, state.lang()),
    )


def render() -> None:
    st.title(t("compare_title"))
    tabs = st.tabs([t("tab_bottleneck"), t("tab_beam"), t("tab_loss")])
    with tabs[0]:
        _bottleneck()
    name, tr = resources.current()
    if tr is None:
        st.info(t("no_model"))
        return
    with tabs[1]:
        st.markdown(t("beam_text"))
        shown = demo_model.choose("beam", name, tr)
        text, _ = _sentence_and_reference(shown, "beam")
        if text.strip():
            _beam(shown.tr, text)
        else:
            st.info(t("type_a_sentence"))
    with tabs[2]:
        st.markdown(t("loss_text"))
        shown = demo_model.choose("loss", name, tr)
        text, ref = _sentence_and_reference(shown, "loss")
        if text.strip():
            _loss(shown.tr, text, ref)
        else:
            st.info(t("type_a_sentence"))


render()
