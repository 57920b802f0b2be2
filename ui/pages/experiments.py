"""Teaching experiments no other seq2seq demo has: why attention (scores by sentence length),
exposure bias, greedy vs. beam, sampling with temperature, a predict-the-next-token quiz and
a map of hidden states. Helpers and strings: ui/experiments_view.py; figures: ui/figures_lab.py and
ui/figures_probe.py.

The tabs are lazy (`on_change="rerun"`): only the open tab's experiment runs on a rerun.
"""

from __future__ import annotations

import html
import zlib

import streamlit as st

from seq2seq_core import experiments as ex
from seq2seq_core.translator import Translator
from ui import experiments_view as view
from ui import figures_lab as fl
from ui import figures_probe as fp
from ui import resources, state
from ui.figures import shown
from ui.i18n import LANGS
from ui.i18n import t as t_in
from ui.state import t

# Session-state keys of this page (the app-wide ones are in ui/state.py):
TAB = "exp_tab"  # label of the open tab
PAIR_RUNS = "exp_pair_runs"  # view.Experiment of ①: with / without attention
TF_RUNS = "exp_tf_runs"  # view.Experiment of ②: teacher forcing ratios 1.0, 0.5, 0.0
LAB_CORPUS = "exp_lab_corpus_"  # widget prefix (+ Data page corpus): the experiments' corpus
LAB_EPOCHS = "exp_lab_epochs_"  # widget prefix (+ choice + Data page corpus): their epochs
SAMPLES = "exp_samples"  # ④: (inputs, samples) of the last draw
QUIZ = "exp_quiz"  # ⑤: {"round", "index", "right", "asked", "pick"}; pick None until revealed
OWN_CACHE = "exp_own_cache"  # results computed on the session's own model (view.computed)

TAB_KEYS = ("exp_tab_attention", "exp_tab_exposure", "exp_tab_beam", "exp_tab_sampling",
            "exp_tab_quiz", "exp_tab_map")  # fmt: skip
RATIOS = ("1.0", "0.5", "0.0")


def _lang() -> str:
    return state.lang()


def _key(*parts: object) -> str:
    """A widget key for values of any length (sentences): a short checksum."""
    return "exp_" + "_".join(str(p) for p in parts[:-1]) + f"_{zlib.crc32(str(parts[-1]).encode())}"


# -- ① why attention -------------------------------------------------------------------------
def _bucket_charts(series: dict[str, list[ex.Bucket]], key: str) -> None:
    left, right = st.columns(2)
    left.plotly_chart(fl.bucket_figure(series, "exact_match", _lang()), key=f"{key}_em")
    right.plotly_chart(fl.bucket_figure(series, "bleu", _lang()), key=f"{key}_bleu")


def _why_attention(name: str, tr: Translator | None) -> None:
    if set(view.PAIR) <= {c.name for c in resources.shipped_cards()}:
        with st.spinner():
            buckets = resources.shipped_pair_buckets()
        st.markdown(t("exp_attention_text", n=sum(b.count for b in buckets[view.PAIR[0]])))
        labels = (t("exp_with_attention"), t("exp_without_attention"))
        _bucket_charts(dict(zip(labels, (buckets[n] for n in view.PAIR), strict=True)), "shipped")
    else:
        st.info(t("exp_missing_pair"))
    st.subheader(t("exp_pair_title"))
    st.markdown(t("exp_pair_text"))
    lab, epochs = _lab_picker()
    variants = {"additive": ({"attention": "additive"}, 1.0), "none": ({"attention": "none"}, 1.0)}
    labels = {"additive": t("exp_with_attention"), "none": t("exp_without_attention")}
    view.experiment_block(PAIR_RUNS, lab, epochs, variants, labels, "exp_train_pair", _pair_result)


def _lab_keys(choice: str = "") -> tuple[str, str]:
    """Widget keys of the corpus choice and of the epochs for `choice`: a corpus opened on
    the Data page gets fresh ones, so that it is the one offered first."""
    scope = st.session_state.get(state.CORPUS_NAME, "") if state.CORPUS in st.session_state else ""
    return f"{LAB_CORPUS}{scope}", f"{LAB_EPOCHS}{choice}{scope}"


def _lab_picker() -> tuple[view.LabCorpus, int]:
    choices = view.lab_choices()
    key = _lab_keys()[0]
    if st.session_state.get(key) not in choices:
        st.session_state.pop(key, None)
    c1, c2 = st.columns([3, 1])
    names = {c: view.lab_label(c) for c in choices}
    choice = c1.selectbox(t("exp_corpus_pick"), choices, format_func=names.get, key=key,
                          persist_state="session")  # fmt: skip
    lab = view.lab_corpus(choice)
    epochs = lab.epochs
    if not st.session_state.get(state.TEACHER_MODE):
        epochs = int(c2.number_input(t("exp_epochs"), 1, 200, lab.epochs, key=_lab_keys(choice)[1],
                                     persist_state="session"))  # fmt: skip
    st.caption(view.lab_caption(lab, epochs))
    return lab, epochs


def _lab_state() -> tuple[view.LabCorpus, int]:
    """The corpus and epochs chosen in ① (its widgets keep their values in session state)."""
    choices = view.lab_choices()
    choice = st.session_state.get(_lab_keys()[0])
    choice = choice if choice in choices else choices[0]
    lab = view.lab_corpus(choice)
    epochs = lab.epochs
    if not st.session_state.get(state.TEACHER_MODE):
        epochs = int(st.session_state.get(_lab_keys(choice)[1], lab.epochs))
    return lab, epochs


def _pair_result(exp: view.Experiment, labels: dict[str, str]) -> None:
    if exp.active or not exp.finished:
        return
    series = {labels[k]: b for k, b in view.valid_buckets(exp).items()}
    _bucket_charts(series, "pair_trained")
    ems = [run.history[-1]["valid_exact_match"] for run in exp.runs.values()]
    n = len(exp.runs["additive"].valid_pairs)
    st.markdown(t("exp_pair_result", n=n, a=ems[0], b=ems[1]))
    if max(ems) < 0.2:
        st.info(t("exp_weak"))


# -- ② exposure bias -------------------------------------------------------------------------
def _exposure(name: str, tr: Translator | None) -> None:
    st.markdown(t("exp_exposure_text"))
    pairs = view.examples(name, tr) if tr is not None else []
    if tr is None:
        st.info(t("no_model"))
    elif not pairs:
        st.info(t("exp_need_examples"))
    else:
        refs = dict(pairs)
        c1, c2 = st.columns(2)
        src = c1.selectbox(t("exp_example"), list(refs), key=f"exp_eb_src_{name}",
                           accept_new_options=True)  # fmt: skip
        ref = c2.text_input(t("exp_reference"), refs.get(src, ""), key=_key("eb_ref", name, src))
        if not (src or "").strip() or not ref.strip():
            st.info(t("exp_need_reference") if (src or "").strip() else t("exp_need_sentence"))
        else:
            eb = ex.exposure_bias(tr, src, ref)
            st.plotly_chart(fl.exposure_figure(eb, _lang()), key="exp_eb_fig")
            st.caption(t("exp_cells"))
            st.markdown(view.part_sentence(eb))
    st.subheader(t("exp_tf_title"))
    st.markdown(t("exp_tf_text"))
    lab, epochs = _lab_state()
    st.caption(t("exp_tf_corpus", name=lab.label) + " " + view.lab_caption(lab, epochs))
    variants = {r: ({"attention": "additive"}, float(r)) for r in RATIOS}
    labels = {r: t("exp_ratio", r=r) for r in RATIOS}
    view.experiment_block(TF_RUNS, lab, epochs, variants, labels, "exp_train_ratios", _ratio_result)


def _ratio_result(exp: view.Experiment, labels: dict[str, str]) -> None:
    histories = {labels[k]: run.history for k, run in exp.runs.items()}
    st.plotly_chart(fl.ratio_curves_figure(histories, _lang()), key="exp_ratio_fig")


# -- ③ greedy vs beam ------------------------------------------------------------------------
def _beam(name: str, tr: Translator) -> None:
    st.markdown(t("exp_beam_text", k=view.BEAM_K))
    sources = tuple(s for s, _ in view.held_out(name, tr)[: view.BEAM_SOURCES])
    if not sources:
        st.info(t("exp_need_examples"))
        return
    with st.spinner():
        wins = view.computed("beam_wins", name, tr, (sources,), OWN_CACHE)
    if not wins:
        st.info(t("exp_no_wins", n=len(sources), k=view.BEAM_K))
        return
    st.caption(t("exp_wins_found", n=len(sources), w=len(wins)))
    i = st.selectbox(t("exp_win_pick"), range(len(wins)), format_func=lambda j: wins[j].source,
                     key=f"exp_win_{name}")  # fmt: skip
    win = wins[i]
    rows = [(t("exp_greedy"), win.greedy, win.greedy_total),
            (f"{t('exp_beam')} k={win.k}", win.beam, win.beam_total)]  # fmt: skip
    st.dataframe(
        [{t("exp_how"): how, t("exp_output"): view.text_of(tr, seq.tokens), t("exp_total"): round(total, 3)}
         for how, seq, total in rows],
        hide_index=True,
    )  # fmt: skip
    st.plotly_chart(fl.beam_win_figure(win, _lang()), key="exp_beam_fig")


# -- ④ sampling ------------------------------------------------------------------------------
def _sentence(name: str, tr: Translator) -> str:
    pairs = view.examples(name, tr)
    if not pairs:
        return st.text_input(t("exp_sentence"), key=f"exp_smp_text_{name}")
    options = [s for s, _ in pairs]
    return st.selectbox(t("exp_sentence"), options, key=f"exp_smp_src_{name}",
                        accept_new_options=True) or ""  # fmt: skip


def _step_slider(name: str, trace) -> int:
    """Starts at the step the model is least sure of (the most to see when T changes)."""
    n = len(trace.steps)
    if n < 2:
        return 1
    unsure = min(trace.steps, key=lambda s: s.chosen_prob).t
    return int(
        st.slider(t("exp_step"), 1, n, unsure, key=_key("smp_step", name, n, trace.src_text))
    )


def _sampling(name: str, tr: Translator) -> None:
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
    st.plotly_chart(
        fp.temperature_figure(step.probs, q, vocab, temp, lang=_lang()), key="exp_temp_fig"
    )
    prefix = view.pieces(["<sos>", *(s.chosen_token for s in trace.steps[: step_no - 1])])
    st.caption(t("exp_temp_caption", step=step_no, prefix=prefix, T=f"{temp:g}",
                 tok=shown(vocab[step.argmax_id]), q=f"{q[step.argmax_id]:.1%}",
                 p=f"{step.probs[step.argmax_id]:.1%}"))  # fmt: skip
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
    st.dataframe(
        [{t("exp_how"): how, t("exp_output"): out or "∅", "log p": round(lp, 3), t("exp_finished"): "✓" if done else ""}
         for how, out, lp, done in rows],
        hide_index=True,
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


def _quiz(name: str, tr: Translator) -> None:
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
    st.markdown(f"#### {t('exp_quiz_source')}: {html.escape(q.source)}")
    st.markdown(f"#### {t('exp_quiz_so_far', t=q.step)}: {so_far} **?**")
    cands = [i for i in q.order if i < len(step.topk_ids)]
    revealed = quiz["pick"] is not None
    st.html(_BIG_CHIPS)
    with st.container(key="exp_quiz_choices"):
        choice = st.segmented_control(t("exp_quiz_guess"), cands, disabled=revealed,
                                      format_func=lambda i: shown(step.topk_tokens[i]),
                                      key=f"exp_quiz_pick_{quiz['round']}_{quiz['index']}")  # fmt: skip
    pick_id = step.topk_ids[choice] if choice is not None else -1
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(t("exp_reveal"), type="primary", disabled=choice is None or revealed,
                  on_click=_reveal, args=(pick_id, step.argmax_id), key="exp_quiz_reveal")  # fmt: skip
        st.button(t("exp_next_question"), disabled=not revealed, on_click=_next_question,
                  key="exp_quiz_next")  # fmt: skip
        st.button(t("exp_new_round"), on_click=_new_round, key="exp_quiz_new")
        st.markdown(t("exp_score", right=quiz["right"], asked=quiz["asked"]))
    if revealed:
        _quiz_answer(step, quiz["pick"])


def _quiz_answer(step, pick_id: int) -> None:
    rank = ex.rank_of(step, pick_id)
    tok, p = shown(step.topk_tokens[0]), f"{step.topk_probs[0]:.1%}"
    if pick_id == step.argmax_id:
        st.success(t("exp_quiz_right", tok=tok, p=p))
    else:
        pick = shown(step.topk_tokens[step.topk_ids.index(pick_id)])
        st.warning(t("exp_quiz_wrong", tok=tok, p=p, pick=pick, rank=rank, v=len(step.probs),
                     q=f"{step.probs[pick_id]:.1%}"))  # fmt: skip
    st.plotly_chart(fp.quiz_reveal_figure(step, pick_id, rank, _lang()), key="exp_quiz_fig")


# -- ⑥ hidden-state map ----------------------------------------------------------------------
def _state_map(name: str, tr: Translator) -> None:
    sources = tuple(s for s, _ in view.held_out(name, tr)[: view.MAP_SOURCES])
    st.markdown(t("exp_map_text", enc=tr.cfg.enc_out, dec=tr.cfg.hidden, n=len(sources)))
    if not sources:
        st.info(t("exp_need_examples"))
        return
    c1, c2 = st.columns(2)
    names = {"encoder": "exp_encoder_states", "decoder": "exp_decoder_states",
             "position": "exp_by_position", "token": "exp_by_token"}  # fmt: skip
    which = c1.radio(t("exp_which"), ["encoder", "decoder"], format_func=lambda k: t(names[k]),
                     horizontal=True, key="exp_map_which")  # fmt: skip
    color = c2.radio(t("exp_color_by"), ["position", "token"], format_func=lambda k: t(names[k]),
                     horizontal=True, key="exp_map_color")  # fmt: skip
    with st.spinner():
        smap = view.computed("state_map", name, tr, (sources, which), OWN_CACHE)
    st.plotly_chart(fp.state_map_figure(smap, color, _lang()), key="exp_map_fig")
    a, b = smap.explained_variance
    st.caption(t("exp_variance", points=len(smap.points), a=a, b=b, s=a + b))


# -- the page --------------------------------------------------------------------------------
def _tabs() -> list:
    """Lazy tabs; the open one survives a change of language (its label changes)."""
    labels = {lang: [t_in(k, lang) for k in TAB_KEYS] for lang in LANGS}
    current = labels[_lang()]
    chosen = st.session_state.get(TAB)
    if chosen is not None and chosen not in current:
        for other in labels.values():
            if chosen in other:
                st.session_state[TAB] = current[other.index(chosen)]
    return st.tabs(current, key=TAB, on_change="rerun")


def render() -> None:
    st.title(t("exp_title"))
    name, tr = resources.current()
    st.markdown(t("exp_intro", model=resources.display_name(name) if tr is not None else "—"))
    bodies = (_why_attention, _exposure, _beam, _sampling, _quiz, _state_map)
    for i, (tab, body) in enumerate(zip(_tabs(), bodies, strict=True)):
        with tab:
            if not tab.open:
                continue
            if tr is None and i >= 2:
                st.info(t("no_model"))
                continue
            body(name, tr)


render()
