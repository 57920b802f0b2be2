"""Decode step by step: tokens, encoder, the decoder chain, each step's softmax and
attention, the attention map, and "what if" another token had been chosen."""

from __future__ import annotations

import html

import streamlit as st

from seq2seq_core.decoding.forcing import prefix_at
from seq2seq_core.decoding.trace import DecodeTrace, format_log_prob
from ui import state
from ui.figures import alt as chart_alt
from ui.figures import bridge
from ui.figures import decode as figures
from ui.figures.style import shown
from ui.player import ask_handled, decode_player, shared
from ui.player import data as player_data
from ui.sections import charts, classroom_ask, classroom_live, demo_model, tabs
from ui.sections import neighbours as neighbours_view
from ui.services import caches, forcing
from ui.state import lesson, resources, t
from ui.text.i18n import all_strings
from ui.text.literal import literal

TRACE_KEY = "explore_trace"
PLAYER = "decode_player"
OPENED_ON_STEP = "explore_opened_on_step"  # the session came from a link to a step
FORCED = "decode_forced"  # (model name, id of the translator, sentence, forcing.Pick)
TAB = "explore_tab"  # label of the open tab
TAB_KEYS = ("tab_tokens", "tab_encoder", "tab_decoder", "tab_attention", "tab_whatif")


def _trace(name: str, tr, text: str, prefix: tuple[int, ...] = ()) -> DecodeTrace:
    """Decode once per (model, sentence, prefix); navigating steps reuses the stored trace.
    The session's traces are kept in a cache bounded by bytes (ui/services/caches.py): a trace of a
    large-vocabulary model holds every step's whole softmax. A trace the session has not met
    comes from the server's (ui/player/shared.py): a class on one lesson link decodes once."""
    cache = st.session_state.get(TRACE_KEY)
    if not isinstance(cache, caches.BytesCache):
        cache = st.session_state[TRACE_KEY] = caches.BytesCache()
    key = (name, id(tr), text, prefix)
    return cache.get_or_make(key, lambda: shared.trace(tr, text, prefix))


def _set_step(value: int) -> None:
    st.session_state[state.STEP] = value
    st.session_state[FORCED] = None


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
        demo_model.default_sentence(examples[0][0])  # not a person's choice: demos pick theirs

    def picked() -> None:
        st.session_state[state.SENTENCE] = st.session_state["example_pick"]
        st.session_state[state.STEP] = 1
        st.session_state[FORCED] = None

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
    st.markdown(f"## {t('translation')}: {literal(out)}")
    if reference:
        st.caption(f"{t('reference')}: {literal(reference)}")
    if trace.truncated:
        st.warning(t("truncated", n=len(trace.src_ids)))
    # A link to a step (`?step=N`, the player's) opens on the decoder's tab (issue 27).
    # Decided once per session: a later `?step=` must not move a student who has chosen
    # another tab. The tabs are lazy (ui/sections/tabs.py): only the open one is drawn.
    on_step = st.session_state.setdefault(OPENED_ON_STEP, bool(st.query_params.get("step")))
    views = (
        lambda: _tokens_view(tr, trace),
        lambda: _encoder_view(trace),
        lambda: st.fragment(_decoder_view)(name, tr, text, trace, reference),
        lambda: _attention_view(trace),
        lambda: st.fragment(_whatif_view)(name, tr, text, trace),
    )
    default = TAB_KEYS[2] if on_step else None
    for tab, view in zip(tabs.lazy(TAB, TAB_KEYS, default), views, strict=True):
        with tab:
            if tab.open:
                view()


def _tokens_view(tr, trace: DecodeTrace) -> None:
    kind = tr.src_tok.kind
    marker = {"char": t("marker_char"), "word": ""}.get(kind, t("marker_sentencepiece"))
    named = t(f"kind_{kind}") if f"kind_{kind}" in all_strings() else literal(kind)
    st.markdown(t("tokens_text", kind=named, marker=marker))
    st.html(_chips(trace.src_pieces, trace.src_ids))
    st.markdown(t("specials_text"))


def _encoder_view(trace: DecodeTrace) -> None:
    bi = t("encoder_bi") if trace.encoder.directions == 2 else ""
    st.markdown(t("encoder_text", bi=bi))
    charts.chart(
        figures.encoder_states_heatmap(
            trace.encoder, trace.src_pieces, state.lang(), scale=state.font_scale()
        ),
        key="enc_heat",
        alt=chart_alt.encoder(trace.encoder, trace.src_pieces, state.lang()),
    )
    st.markdown(t("encoded_text"))
    if trace.encoder.directions == 2:  # h comes out of the bridge, not out of the map above
        st.markdown(t("bridge_text"))
        charts.chart(
            bridge.bridge_figure(trace.encoder, trace.src_pieces, state.lang(), state.font_scale()),
            key="enc_bridge",
            alt=chart_alt.bridge(trace.encoder, state.lang()),
        )
    else:
        st.markdown(t("no_bridge_text"))
    charts.chart(
        figures.hidden_vector_figure(trace.encoder.final_hidden[-1], "h", scale=state.font_scale()),
        key="enc_final",
        alt=chart_alt.vector(trace.encoder.final_hidden[-1], "h", state.lang()),
    )
    if trace.model.get("rnn") == "lstm":
        st.caption(t("lstm_cell_note"))


def _decoder_view(name: str, tr, text: str, trace: DecodeTrace, reference: str | None) -> None:
    """The decode player (ui/player/): every step of the decode is sent once and played in
    the browser; only forcing a token (a click on a softmax bar) comes back here."""
    st.markdown(t("chain_text"))
    st.markdown(t("h_is_start"))
    if trace.model.get("luong_input_feeding"):
        st.markdown(t("luong_text"))
    n = len(trace.steps)
    lesson.follow_browser("step", state.STEP, text)
    step_no = min(max(int(st.session_state.get(state.STEP, 1)), 1), n)
    st.session_state[state.STEP] = step_no
    shipped = [c.name for c in resources.shipped_cards()]
    lesson.publish(shipped)
    lang = state.lang()
    params = lesson.to_params(st.session_state, shipped, with_step=False)
    link = lesson.share_link(params) if "model" in params else ""
    forced = _forced(name, tr, text, trace)
    sentence = shared.greedy_data(tr, text, lang)  # `trace`'s, made once per server
    data = player_data.player_data([sentence], lang, "decode", start=step_no, code=False,
                                   can_force=True, forced=forced, link=link,
                                   link_warning=lesson.local_warning(link))  # fmt: skip
    asked = decode_player(data, key=PLAYER, on_force=lambda: _force_clicked(name, tr, text),
                          ask_label=classroom_ask.ask_label()).ask  # fmt: skip
    if asked is not None:  # the teacher asks the class at this step (issue 29)
        classroom_ask.ask(tr, trace, asked, reference)
        ask_handled(PLAYER)
    classroom_ask.note()
    classroom_live.panel(quiet=True)
    nb_step = st.number_input(t("pl_nb_step"), 1, n, value=step_no, key=f"nb_step_{n}")
    neighbours_view.render(name, tr, trace.steps[int(nb_step) - 1])


def _force_clicked(name: str, tr, text: str) -> None:
    """The player's trigger: force the clicked token at its step (checked: a step of this
    decode, one of that step's top-k, this sentence)."""
    value = (st.session_state.get(PLAYER) or {}).get("force")
    trace = _trace(name, tr, text)
    pick = forcing.player_pick(value, trace, text)
    st.session_state[FORCED] = None if pick is None else (name, id(tr), text, pick)
    if pick is not None:
        st.session_state[state.STEP] = pick.step


def _forced(name: str, tr, text: str, trace: DecodeTrace) -> dict | None:
    """The forced decode beside the original, for the player; None when nothing is forced
    for this model and sentence."""
    kept = st.session_state.get(FORCED)
    if not kept or kept[:3] != (name, id(tr), text):
        return None
    pick = kept[3]
    forced = _trace(name, tr, text, prefix_at(trace, pick.step, pick.token_id))
    return player_data.forced_data(trace, forced, pick.step, state.lang(), tr.cfg.tgt_vocab)


def _attention_view(trace: DecodeTrace) -> None:
    if not trace.has_attention:
        st.info(t("no_attention"))
        return
    st.markdown(t("attention_map_text"))
    out_tokens = [s.chosen_token for s in trace.steps]
    matrix = trace.attention_matrix()
    charts.chart(
        figures.attention_heatmap(
            matrix,
            trace.src_pieces,
            out_tokens,
            st.session_state.get(state.STEP),
            state.lang(),
            scale=state.font_scale(),
        ),
        alt=chart_alt.attention(matrix, trace.src_pieces, out_tokens, state.lang()),
        table=chart_alt.attention_table(matrix, trace.src_pieces, out_tokens, state.lang()),
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
        charts.chart(
            figures.attention_heatmap(
                alt.attention_matrix(),
                alt.src_pieces,
                out_tokens,
                int(t_step),
                state.lang(),
                scale=state.font_scale(),
            ),
            key="whatif_map",
            alt=chart_alt.attention(
                alt.attention_matrix(), alt.src_pieces, out_tokens, state.lang()
            ),
        )


render()
