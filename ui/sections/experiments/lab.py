"""Tabs ①–③ of the experiments page (ui/pages/experiments.py): why attention (scores by
sentence length, then a pair trained with and without it), exposure bias (then runs trained
at three teacher forcing ratios) and greedy against beam. Each tab is one function of the
model's name and translator that draws its widgets; the page lays out the tabs. Helpers and
strings: ui/sections/experiments/view.py; figures: ui/figures/lab.py. Tabs ④–⑥:
ui/sections/experiments/probe.py,
which shares `widget_key` and `OWN_CACHE` from here.
"""

from __future__ import annotations

import zlib

import streamlit as st

from seq2seq_core import experiments as ex
from seq2seq_core.translator import Translator
from ui import state
from ui.figures import alt
from ui.figures import lab as fl
from ui.sections import charts, demo_model, tables
from ui.sections.experiments import view
from ui.state import resources, t
from ui.text.literal import literal

# Session-state keys of tabs ①–③ (the open tab's is on the page, ④–⑥'s in
# ui/sections/experiments/probe.py, the app-wide ones in ui/state/__init__.py):
PAIR_RUNS = "exp_pair_runs"  # view.Experiment of ①: with / without attention
TF_RUNS = "exp_tf_runs"  # view.Experiment of ②: teacher forcing ratios 1.0, 0.5, 0.0
LAB_CORPUS = "exp_lab_corpus_"  # widget prefix (+ Data page corpus): the experiments' corpus
LAB_EPOCHS = "exp_lab_epochs_"  # widget prefix (+ choice + Data page corpus): their epochs
OWN_CACHE = "exp_own_cache"  # results computed on the session's own model (view.computed)

RATIOS = ("1.0", "0.5", "0.0")


def widget_key(*parts: object) -> str:
    """A widget key for values of any length (sentences): a short checksum."""
    return "exp_" + "_".join(str(p) for p in parts[:-1]) + f"_{zlib.crc32(str(parts[-1]).encode())}"


# -- ① why attention -------------------------------------------------------------------------
def _bucket_charts(series: dict[str, list[ex.Bucket]], key: str) -> None:
    left, right = st.columns(2)
    for where, metric in ((left, "exact_match"), (right, "bleu")):
        charts.chart(
            fl.bucket_figure(series, metric, state.lang(), scale=state.font_scale()),
            key=f"{key}_{'em' if metric == 'exact_match' else metric}",
            alt=alt.buckets(series, metric, state.lang()),
            where=where,
        )


def why_attention(name: str, tr: Translator | None) -> None:
    if set(view.PAIR) <= {c.name for c in resources.shipped_cards()}:
        with st.spinner():
            buckets = resources.shipped_pair_buckets()
        st.markdown(t("exp_attention_text", n=sum(b.count for b in buckets[view.PAIR[0]])))
        labels = (t("exp_with_attention"), t("exp_without_attention"))
        _bucket_charts(dict(zip(labels, (buckets[n] for n in view.PAIR), strict=True)), "shipped")
    else:
        st.info(t("exp_missing_pair"))
    st.header(t("exp_pair_title"))
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
def exposure(name: str, tr: Translator | None) -> None:
    st.markdown(t("exp_exposure_text"))
    if tr is None:
        st.info(t("no_model"))
    else:
        shown = demo_model.choose("exposure_bias", name, tr)
        _exposure_pair(shown)
    st.header(t("exp_tf_title"))
    st.markdown(t("exp_tf_text"))
    lab, epochs = _lab_state()
    st.caption(t("exp_tf_corpus", name=literal(lab.label)) + " " + view.lab_caption(lab, epochs))
    variants = {r: ({"attention": "additive"}, float(r)) for r in RATIOS}
    labels = {r: t("exp_ratio", r=r) for r in RATIOS}
    view.experiment_block(TF_RUNS, lab, epochs, variants, labels, "exp_train_ratios", _ratio_result)


def _exposure_pair(shown: demo_model.Shown) -> None:
    """One held-out sentence decoded both ways: the examples where the roads part first."""
    name, tr = shown.name, shown.tr
    pairs = list(shown.examples) + view.examples(name, tr)
    if not pairs:
        st.info(t("exp_need_examples"))
        return
    refs = dict(reversed(pairs))  # an example's own (normalized) reference wins
    c1, c2 = st.columns(2)
    box = f"exp_eb_src_{name}"
    src = c1.selectbox(t("exp_example"), list(dict.fromkeys(s for s, _ in pairs)), key=box,
                       accept_new_options=True, on_change=state.cap_typed, args=(box,))  # fmt: skip
    with c1:
        src = state.capped_choice(box, src)
    ref = c2.text_input(
        t("exp_reference"),
        refs.get(src, "")[: state.MAX_CHARS],
        key=widget_key("eb_ref", name, src),
        max_chars=state.MAX_CHARS,
    )
    if not (src or "").strip() or not ref.strip():
        st.info(t("exp_need_reference") if (src or "").strip() else t("exp_need_sentence"))
        return
    eb = ex.exposure_bias(tr, src, ref)
    charts.chart(
        fl.exposure_figure(eb, state.lang(), scale=state.font_scale()),
        key="exp_eb_fig",
        alt=alt.exposure(eb, state.lang()),
    )
    st.caption(t("exp_cells"))
    st.markdown(view.part_sentence(eb))


def _ratio_result(exp: view.Experiment, labels: dict[str, str]) -> None:
    histories = {labels[k]: run.history for k, run in exp.runs.items()}
    charts.chart(
        fl.ratio_curves_figure(histories, state.lang(), scale=state.font_scale()),
        key="exp_ratio_fig",
        alt=alt.ratio(histories, state.lang()),
    )


# -- ③ greedy vs beam ------------------------------------------------------------------------
def greedy_vs_beam(name: str, tr: Translator) -> None:
    st.markdown(t("exp_beam_text", k=view.BEAM_K))

    def wins_of(model: str, m: Translator) -> list[ex.BeamWin]:
        """Its card's picks that still win, then its wins among the first held-out sentences."""
        sources = tuple(s for s, _ in view.held_out(model, m)[: view.BEAM_SOURCES])
        lesson = tuple(s for s, _ in resources.lesson_pairs(model, "beam"))
        wins = view.computed("beam_wins", model, m, (sources,), OWN_CACHE) if sources else []
        picked = view.computed("beam_wins", model, m, (lesson,), OWN_CACHE) if lesson else []
        return picked + [w for w in wins if w.source not in lesson]

    shown = demo_model.choose("beam", name, tr, found=wins_of, k=view.BEAM_K)
    name, tr = shown.name, shown.tr
    sources = tuple(s for s, _ in view.held_out(name, tr)[: view.BEAM_SOURCES])
    if not sources:
        st.info(t("exp_need_examples"))
        return
    wins = list(shown.examples)
    if not wins:
        st.info(t("exp_no_wins", n=len(sources), k=view.BEAM_K))
        return
    held = sum(w.source in sources for w in wins)  # the count: held-out only
    st.caption(t("exp_wins_found", n=len(sources), w=held))
    # beam search is not exact: where it scores below greedy, the class sees that too
    losses = view.computed("beam_losses", name, tr, (sources,), OWN_CACHE)
    if losses:
        st.caption(t("exp_losses_found", n=len(sources), l=len(losses)))
    cases = [*wins, *losses]
    marks = [""] * len(wins) + [t("exp_lost_mark")] * len(losses)
    i = st.selectbox(t("exp_win_pick"), range(len(cases)), key=f"exp_win_{name}",
                     format_func=lambda j: cases[j].source + marks[j])  # fmt: skip
    win = cases[i]
    rows = [(t("exp_greedy"), win.greedy, win.greedy_total),
            (f"{t('exp_beam')} k={win.k}", win.beam, win.beam_total)]  # fmt: skip
    tables.table(
        [{t("exp_how"): how, t("exp_output"): view.text_of(tr, seq.tokens),
          t("exp_total"): float(total)}
         for how, seq, total in rows]
    )  # fmt: skip
    charts.chart(
        fl.beam_win_figure(win, state.lang(), scale=state.font_scale()),
        key="exp_beam_fig",
        alt=alt.beam_win(win, state.lang()),
    )
