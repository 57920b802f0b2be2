"""The Train page's *one step at a time* section: buttons that make one, ten or an epoch of
optimizer updates on the session's model, and the fixed pair before and after
(seq2seq_core/training/stepwise.py; figures in ui/figures/stepwise.py).

The model is the session's run's (ui/services/training.py), paused, stopped or finished; with no
run,
the session's own model, or a fresh one built from the page's options and corpus, becomes
a run that is not started (so *Start training* and the download work on it as on any run).
"""

from __future__ import annotations

import streamlit as st

from seq2seq_core.data.corpus import Corpus, split_pairs
from seq2seq_core.training.budget import (
    BudgetError,
    check_before_tokenizers,
    check_run,
    trainer_estimate,
)
from seq2seq_core.training.stepwise import (
    Fixed,
    StepwiseResult,
    fixed_batch,
    train_epoch,
    train_steps,
)
from seq2seq_core.translator import build_translator
from ui import state
from ui.figures import alt
from ui.figures import stepwise as figures
from ui.sections import charts
from ui.services.training import TrainingRun
from ui.state import t
from ui.text import budgets as budget_strings
from ui.text.literal import literal

KEY = "stepwise"  # {"trainer": id of the Trainer, "fixed": Fixed, "result": StepwiseResult}
REFUSED = "stepwise_refused"  # the last press's BudgetError, shown by render()
EXPLORER_CACHE = "explore_trace"  # ui/pages/explore.py's traces: stale once weights change


def _run_to_step(corpus: Corpus | None, chosen: tuple | None) -> TrainingRun | None:
    run = st.session_state.get(state.TRAIN_RUN)
    if run is not None or corpus is None or chosen is None:
        return run
    options, cfg = chosen
    train, valid = split_pairs(corpus.pairs, 0.1, seed=cfg.seed)
    tr = st.session_state.get(state.OWN_MODEL)
    if tr is None:  # refused before the tokenizers are trained when the corpus says so
        check_before_tokenizers(train, len(valid), options, cfg)
        tr = build_translator(train, options, cfg.tokenizer, cfg.vocab_size, cfg.seed)
    tr.meta.update(corpus=st.session_state.get(state.CORPUS_NAME, ""), train_config=cfg.to_dict())
    run = TrainingRun(tr, train, valid, cfg)
    st.session_state[state.TRAIN_RUN] = run
    return run


def _press(n: int | None, corpus: Corpus | None, chosen: tuple | None) -> None:
    """n updates on the fixed batch, or one epoch (n None). A button's callback."""
    st.session_state.pop(REFUSED, None)
    try:  # the same per-run memory budget as Start training: a step is a training step
        run = _run_to_step(corpus, chosen)  # a new TrainingRun checks its estimate
        if run is None or run.active:
            return
        check_run(trainer_estimate(run.trainer))
    except BudgetError as e:
        st.session_state[REFUSED] = e
        return
    kept = st.session_state.get(KEY)
    if kept is None or kept["trainer"] != id(run.trainer):
        kept = {"trainer": id(run.trainer), "fixed": fixed_batch(run.trainer, run.train_pairs)}
    fixed: Fixed = kept["fixed"]
    result = train_epoch(run.trainer, fixed) if n is None else train_steps(run.trainer, fixed, n)
    kept["result"] = result
    st.session_state[KEY] = kept
    st.session_state.pop(EXPLORER_CACHE, None)


def render(corpus: Corpus | None, chosen: tuple | None) -> None:
    """The section: its buttons, the update counter and the last press's before/after."""
    run: TrainingRun | None = st.session_state.get(state.TRAIN_RUN)
    if run is None and (corpus is None or chosen is None):
        return
    st.header(t("stepwise_title"))
    if run is not None and run.active:
        st.caption(t("stepwise_busy"))
        return
    kept = st.session_state.get(KEY)
    if run is None or kept is None or kept["trainer"] != id(run.trainer):
        kept = None
    row = st.container(horizontal=True)
    for label, n in (("one_step", 1), ("ten_steps", 10), ("one_epoch", None)):
        row.button(t(label), key=f"stepwise_{label}", on_click=_press, args=(n, corpus, chosen))
    st.markdown(t("stepwise_counter", n=run.trainer.step if run is not None else 0))
    if (refused := st.session_state.get(REFUSED)) is not None:
        st.error(budget_strings.budget_error(refused, state.lang()))
        return
    if kept is None or "result" not in kept:
        return
    result: StepwiseResult = kept["result"]
    fixed: Fixed = kept["fixed"]
    lang = state.lang()
    st.caption(t("stepwise_text", b=fixed.batch.size, src=literal(fixed.pair[0]),
                 tgt=literal(fixed.pair[1])))  # fmt: skip
    if result.diverged:
        st.error(t("stepwise_diverged"))
    st.markdown(
        t("stepwise_done", k=result.updates, a=result.batch_loss_before, b=result.batch_loss_after,
          pa=result.before.loss, pb=result.after.loss)
    )  # fmt: skip
    scale = state.font_scale()
    charts.chart(
        figures.nll_before_after_figure(result.before, result.after, lang, scale),
        key="stepwise_nll",
        alt=alt.nll(result.before, result.after, lang),
        table=alt.nll_table(result.before, result.after, lang),
    )
    if result.after.attention is not None and result.before.attention is not None:
        st.caption(t("stepwise_attention"))
        charts.chart(
            figures.attention_change_figure(result.before, result.after, lang, scale),
            key="stepwise_attention",
            alt=alt.attention_change(result.before, result.after, lang),
        )
