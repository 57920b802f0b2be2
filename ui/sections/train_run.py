"""The Train page's run: starting it, its controls (pause, stop, resume, reset), its status,
the live curves with the validation note, samples and the attention replay, and once it has
ended what the model learned, with the buttons to open it in the explorer or download it.
The run itself is ui/services/training.py's TrainingRun, kept in the session."""

from __future__ import annotations

import streamlit as st

from seq2seq_core.config import TrainConfig
from seq2seq_core.data.corpus import Corpus, split_pairs
from seq2seq_core.metrics import exact_match
from seq2seq_core.training import budget
from seq2seq_core.training.budget import BudgetError
from seq2seq_core.translator import build_translator
from ui import state
from ui.figures import alt
from ui.figures import decode as figures
from ui.figures import train as figures_train
from ui.sections import charts, model_files, tables
from ui.services import training
from ui.services.training import TrainingRun
from ui.state import t
from ui.text import budgets as budget_strings
from ui.text import train as train_strings
from ui.text.literal import literal

RUN = state.TRAIN_RUN


def start(corpus: Corpus, options: dict, cfg: TrainConfig) -> bool:
    """Build and start the run (the session's one job: its other run stops); False, with
    the estimate and what to change shown, when its memory is over the per-run budget."""
    train, valid = split_pairs(corpus.pairs, 0.1, seed=cfg.seed)
    try:  # refused before the tokenizers are trained when the corpus alone says so
        budget.check_before_tokenizers(train, len(valid), options, cfg)
        tr = build_translator(train, options, cfg.tokenizer, cfg.vocab_size, cfg.seed)
        tr.meta.update(
            corpus=st.session_state.get(state.CORPUS_NAME, ""), train_config=cfg.to_dict()
        )
        run = TrainingRun(tr, train, valid, cfg)
    except BudgetError as e:
        st.error(budget_strings.budget_error(e, state.lang()))
        return False
    st.session_state[RUN] = run
    training.start_owned(state.session_id(), [run])
    return True


def _resume(run: TrainingRun) -> None:
    training.start_owned(state.session_id(), [run])


def _reset() -> None:
    st.session_state.pop(RUN, None)


def _controls(run: TrainingRun | None) -> None:
    cols = st.columns(4)
    if run is None:
        return
    if run.active:
        cols[0].button(t("train_pause"), on_click=run.pause)
        cols[1].button(t("train_stop"), on_click=run.stop)
    elif run.status == "paused":
        cols[0].button(t("train_resume"), on_click=_resume, args=(run,), type="primary")
        cols[1].button(t("train_stop"), on_click=lambda: setattr(run, "status", "stopped"))
    cols[3].button(t("train_reset"), on_click=_reset, disabled=run.active)


def _state_line(run: TrainingRun, ev) -> None:
    """Queued, running (with its progress at batch event `ev`), finished, paused, stopped,
    diverged or failed."""
    if run.status == "queued":
        st.info(t("status_queued", pos=max(run.queue_position, 1), max=training.runs_at_once()))
    elif run.status == "running":
        left = run.seconds_left()
        text = t(
            "status_running",
            epoch=ev.epoch if ev else 1,
            epochs=run.cfg.epochs,
            step=run.trainer.step,
        )
        if left is not None:
            text += " · " + t("time_left", s=left)
        st.progress(run.progress, text=text)
    elif run.status == "finished":
        st.success(t("status_finished", epochs=run.trainer.epoch, s=run.trainer.train_seconds))
    elif run.status in ("paused", "stopped"):
        st.warning(t(f"status_{run.status}", step=run.trainer.step))
    elif run.status == "diverged":
        st.error(t("status_diverged", msg=literal(run.message), lr=run.cfg.lr))
    elif run.status == "failed":
        st.error(t("status_failed", msg=literal(run.message_in(state.lang()))))


def _status(run: TrainingRun) -> None:
    ev = run.last_batch
    _state_line(run, ev)
    if run.history:
        h = run.history[-1]
        st.caption(
            t(
                "loss_now",
                epoch=h["epoch"],
                train_s=h["train_loss_per_sentence"],
                train_t=h["train_loss_per_token"],
                valid_s=h["valid_loss_per_sentence"],
                valid_t=h["valid_loss_per_token"],
            )
        )
    best = run.trainer.best_epoch
    if best is not None and not run.active and run.status != "failed":
        last = run.trainer.epoch
        st.info(train_strings.kept_text(best, last, run.trainer.best_valid_loss, state.lang()))
    if ev is not None:
        st.caption(t("throughput", tps=ev.tokens_per_s))


def _samples(run: TrainingRun) -> None:
    if run.samples:
        st.markdown(f"**{t('samples')}**")
        tables.table(
            [
                {t("source"): s.source, t("reference"): s.reference, t("translation"): s.hypothesis}
                for s in run.samples
            ]
        )


def _replay(run: TrainingRun) -> None:
    """The attention of the fixed sentence at each snapshot, the slider choosing which."""
    if run.snapshots:
        k = len(run.snapshots)
        idx = st.slider(t("replay"), 1, k, k, key="replay") if k > 1 else 1
        snap = run.snapshots[idx - 1]
        charts.chart(
            figures.attention_heatmap(
                snap.attention, snap.src, snap.out, lang=state.lang(), scale=state.font_scale()
            ),
            key="snap",
            alt=alt.attention(snap.attention, snap.src, snap.out, state.lang()),
            table=alt.attention_table(snap.attention, snap.src, snap.out, state.lang()),
        )


def _live(run: TrainingRun, was_active: bool) -> None:
    run.poll()
    if was_active and not run.active:
        st.rerun()  # the whole page: show what comes after training
    _status(run)
    charts.chart(
        figures_train.training_curves_figure(
            run.history, run.batch_points, state.lang(), scale=state.font_scale()
        ),
        key="curves",
        alt=alt.curves(run.history, state.lang()),
        table=alt.curves_table(run.history, state.lang()),
    )
    _validation_note(run)
    left, right = st.columns(2)
    with left:
        _samples(run)
    with right:
        _replay(run)


def _validation_note(run: TrainingRun) -> None:
    """Under the curves: overfitting once validation loss has stayed above its best for
    several epochs in a row, and which epoch's weights the model keeps."""
    best = figures_train.best_validation(run.history)
    if best is None:
        return
    if best.overfitting:
        st.warning(t("overfit_warning", n=best.since, best=best.epoch))
    if run.active:  # once it has ended, the run's own notice says which epoch it kept
        st.caption(t("best_valid_kept", best=best.epoch, kept=best.epoch))


def _learned(run: TrainingRun) -> tuple[float, float]:
    """Exact match on (up to 300) training pairs and on the validation pairs, once per run."""
    key = ("learned", run.trainer.step)
    if getattr(run, "_learned_key", None) != key:
        tr = run.translator
        scores = []
        for pairs in (run.train_pairs[:300], run.valid_pairs):
            hyps = tr.translate([s for s, _ in pairs])
            refs = [tr.tgt_tok.normalize(g) for _, g in pairs]
            scores.append(exact_match(hyps, refs) if pairs else 0.0)
        run._learned_key, run._learned = key, tuple(scores)
    return run._learned


def _finished(run: TrainingRun) -> None:
    train_em, valid_em = _learned(run)
    n_valid = len(run.valid_pairs)
    st.markdown(train_strings.learned_text(train_em, valid_em, n_valid, state.lang()))
    c1, c2 = st.columns(2)
    name = st.session_state.get(state.CORPUS_NAME, "model")
    first = run.valid_pairs[0][0] if run.valid_pairs else ""
    if c1.button(
        t("open_explorer"),
        type="primary",
        on_click=model_files.make_own,
        args=(run.translator, name, first),
    ):
        st.switch_page("ui/pages/explore.py")
    run.translator.meta.update(
        epochs=run.trainer.epoch, best_epoch=run.trainer.best_epoch, history=run.trainer.history
    )
    model_files.download(c2, run.translator, name)


def render(run: TrainingRun) -> None:
    """The run's controls, the corpus it was trained on if that is not the session's now,
    the live part (refreshed every second while it trains) and, once it has ended, what
    it learned."""
    _controls(run)
    trained_on = run.translator.meta.get("corpus", "")
    if trained_on != st.session_state.get(state.CORPUS_NAME, ""):  # the corpus changed since
        st.info(
            t("run_corpus", name=literal(trained_on), n=len(run.train_pairs) + len(run.valid_pairs))
        )
    st.fragment(_live, run_every=1.0 if run.active else None)(run, run.active)
    if not run.active and run.trainer.step > 0:
        _finished(run)
