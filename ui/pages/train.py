"""Train: train a model on the session's corpus while the class watches, then open it in
the explorer, download it, or upload one back."""

from __future__ import annotations

import streamlit as st

from seq2seq_core.data.corpus import Corpus, split_pairs
from ui import state
from ui.sections import model_files, train_options, train_run
from ui.sections import stepwise as stepwise_view
from ui.services import training
from ui.services.training import TrainingRun
from ui.state import resources, t
from ui.text.literal import literal


def _corpus_line(corpus: Corpus) -> None:
    train_n = len(split_pairs(corpus.pairs, 0.1)[0])
    st.markdown(
        t(
            "corpus_is",
            name=literal(st.session_state.get(state.CORPUS_NAME, "")),
            n=len(corpus.pairs),
            train=train_n,
            valid=len(corpus.pairs) - train_n,
        )
    )


def _start_button(corpus: Corpus, run: TrainingRun | None, chosen: tuple | None) -> None:
    if [r for r in training.active_runs(state.session_id()) if r is not run]:
        st.caption(t("one_job"))
    if (
        chosen
        and st.button(
            t("train_start" if run is None else "train_again"),
            type="primary" if run is None else "secondary",
            disabled=run is not None and run.active,
        )
        and train_run.start(corpus, *chosen)
    ):
        st.rerun()


def render() -> None:
    st.title(t("train_title"))
    st.markdown(t("train_intro"))
    corpus = st.session_state.get(state.CORPUS)
    run: TrainingRun | None = st.session_state.get(train_run.RUN)
    if corpus is None and run is None:
        st.info(t("need_corpus"))
        st.button(t("use_phrases"), on_click=resources.use_builtin_corpus, args=("en-ko-phrases",))
    chosen = None
    if corpus is not None and (run is None or not run.active):
        _corpus_line(corpus)
        chosen = train_options.render(corpus)
        _start_button(corpus, run, chosen)
    run = st.session_state.get(train_run.RUN)
    if run is not None:
        train_run.render(run)
    stepwise_view.render(corpus, chosen)  # one step at a time (issue 18)
    st.divider()
    model_files.upload()


render()
