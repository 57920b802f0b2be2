"""Train: train a model on the session's corpus while the class watches, then open it in
the explorer, download it, or upload one back."""

from __future__ import annotations

import streamlit as st

from seq2seq_core import limits, presets
from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.config import CHOICES, ConfigError, ModelConfig, TrainConfig
from seq2seq_core.data.corpus import Corpus, split_pairs
from seq2seq_core.metrics import exact_match
from seq2seq_core.training import budget
from seq2seq_core.training.budget import BudgetError
from seq2seq_core.translator import Translator, build_translator
from ui import state
from ui.figures import decode as figures
from ui.figures import train as figures_train
from ui.sections import stepwise as stepwise_view
from ui.services import training
from ui.services.training import MAX_RUNS, TrainingRun
from ui.state import resources, t
from ui.text import budgets as budget_strings
from ui.text import engine_messages
from ui.text import train as train_strings
from ui.text.i18n import attention_name, style_name
from ui.text.literal import literal

RUN = state.TRAIN_RUN
UPLOAD_RESULT = "model_up_result"  # (kind, message) of the last model upload


def _options_form(corpus: Corpus) -> tuple[dict, TrainConfig] | None:
    teacher = st.session_state.get(state.TEACHER_MODE, False)
    key = state.kept
    preset = (
        st.segmented_control(
            t("preset"),
            list(presets.SIZES),
            format_func=state.labeller(),
            key=key("preset", presets.DEFAULT_SIZE),
        )
        or presets.DEFAULT_SIZE
    )
    size, arch = presets.SIZES[preset], presets.TEACHING  # where the details start
    n = len(corpus.pairs)
    d = presets.training_start(n)
    if teacher:  # teacher mode hides the details: the preset and its defaults are used
        epochs, batch, lr, tf = d.epochs, d.batch, d.lr, d.tf
        emb, hidden, layers, rnn = size.emb, size.hidden, arch.layers, arch.rnn
        attention, style = arch.attention, arch.decoder_style
        bi, feeding = arch.bidirectional, arch.luong_input_feeding
    else:
        # Kept across pages; the corpus and preset scope the options whose defaults they set.
        data = (st.session_state.get(state.CORPUS_NAME, ""), n)
        with st.expander(t("details"), expanded=False):
            c1, c2, c3, c4 = st.columns(4)
            epochs = c1.number_input(
                t("epochs"), 1, limits.MAX_EPOCHS, key=key("epochs", d.epochs, *data)
            )
            batch = c2.number_input(
                t("batch_size"), 1, limits.MAX_BATCH, key=key("batch", d.batch, *data)
            )
            lr = c3.number_input(
                t("learning_rate"), 1e-5, 1.0, format="%.4f", step=1e-3, key=key("lr", d.lr)
            )
            tf = c4.slider(t("tf_ratio"), 0.0, 1.0, step=0.05, key=key("tf", d.tf))
            c1, c2, c3, c4 = st.columns(4)
            emb = c1.number_input(
                t("emb_size"), 4, limits.MAX_EMB, key=key("emb", size.emb, preset)
            )
            hidden = c2.number_input(
                t("hidden_size"), 4, limits.MAX_HIDDEN, key=key("hid", size.hidden, preset)
            )
            layers = c3.selectbox(
                t("layers"), range(1, limits.MAX_LAYERS + 1), key=key("layers", arch.layers)
            )
            rnn = c4.selectbox("RNN", CHOICES["rnn"], help=t("rnn_help"), key=key("rnn", arch.rnn))
            c1, c2, c3, c4 = st.columns(4)
            lang = state.lang()  # the names are this run's language (see state.labeller)
            attention = c1.selectbox(
                t("attention"),
                CHOICES["attention"],
                key=key("attn", arch.attention),
                format_func=lambda kind: attention_name(kind, lang),
            )
            style = c2.selectbox(
                t("decoder_style"),
                CHOICES["decoder_style"],
                help=t("style_help"),
                key=key("style", arch.decoder_style),
                format_func=lambda name: style_name(name, lang),
            )
            dot = attention == "dot"  # dot scores need the encoder's size: one direction
            bi = c3.checkbox(t("bidirectional"), key=key("bi", arch.bidirectional and not dot, dot))
            feeding = c4.checkbox(
                t("luong_input_feeding"), key=key("feeding", arch.luong_input_feeding)
            )
    options = dict(
        emb=int(emb),
        hidden=int(hidden),
        layers=int(layers),
        rnn=rnn,
        bidirectional=bi,
        attention=attention,
        decoder_style=style,
        luong_input_feeding=feeding,
    )
    vocab = int(st.session_state.get(state.VOCAB_SIZE, 1000))
    try:
        # the Data page's vocabulary bounds both sides': the parameter cap is checked with it
        ModelConfig(src_vocab=vocab, tgt_vocab=vocab, **options)
        cfg = TrainConfig(
            epochs=int(epochs),
            batch_size=int(batch),
            lr=float(lr),
            teacher_forcing=float(tf),
            tokenizer=st.session_state.get(state.TOKENIZER, "sentencepiece-unigram"),
            vocab_size=vocab,
        )
    except ConfigError as e:
        st.error(t("bad_options", msg=literal(engine_messages.config_error(e, state.lang()))))
        return None
    return options, cfg


def _start(corpus: Corpus, options: dict, cfg: TrainConfig) -> bool:
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


def _reset() -> None:
    st.session_state.pop(RUN, None)


def _status(run: TrainingRun) -> None:
    ev = run.last_batch
    if run.status == "queued":
        st.info(t("status_queued", pos=max(run.queue_position, 1), max=MAX_RUNS))
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
        st.info(t("kept_best", epoch=best, loss=run.trainer.best_valid_loss))
    if ev is not None:
        st.caption(t("throughput", tps=ev.tokens_per_s))


def _live(run: TrainingRun, was_active: bool) -> None:
    run.poll()
    if was_active and not run.active:
        st.rerun()  # the whole page: show what comes after training
    _status(run)
    st.plotly_chart(
        figures_train.training_curves_figure(
            run.history, run.batch_points, state.lang(), scale=state.font_scale()
        ),
        key="curves",
    )
    _validation_note(run)
    left, right = st.columns(2)
    with left:
        if run.samples:
            st.markdown(f"**{t('samples')}**")
            st.dataframe(
                [
                    {
                        t("source"): s.source,
                        t("reference"): s.reference,
                        t("translation"): s.hypothesis,
                    }
                    for s in run.samples
                ],
                hide_index=True,
            )
    with right:
        if run.snapshots:
            k = len(run.snapshots)
            idx = st.slider(t("replay"), 1, k, k, key="replay") if k > 1 else 1
            snap = run.snapshots[idx - 1]
            st.plotly_chart(
                figures.attention_heatmap(
                    snap.attention, snap.src, snap.out, lang=state.lang(), scale=state.font_scale()
                ),
                key="snap",
            )


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
        t("open_explorer"), type="primary", on_click=_make_own, args=(run.translator, name, first)
    ):
        st.switch_page("ui/pages/explore.py")
    run.translator.meta.update(
        epochs=run.trainer.epoch, best_epoch=run.trainer.best_epoch, history=run.trainer.history
    )
    c2.download_button(
        t("download"),
        checkpoint.to_bytes(run.translator),
        file_name=f"{name}.safetensors",
        mime="application/octet-stream",
    )


def _make_own(tr: Translator, name: str, sentence: str) -> None:
    """Make `tr` the session's own model and choose it in the sidebar. A widget callback:
    the sidebar's model box is drawn before the page, so its key can be set only before
    the script runs (Streamlit refuses a change after the widget exists)."""
    st.session_state[state.OWN_MODEL] = tr
    st.session_state[state.OWN_MODEL_NAME] = name
    st.session_state[state.MODEL] = resources.OWN
    st.session_state[state.SENTENCE] = sentence  # "": the explorer picks an example
    st.session_state[state.STEP] = 1


def _model_uploaded() -> None:
    up = st.session_state.get("model_up")
    if up is None:
        return
    try:
        tr = checkpoint.from_bytes(up.getvalue(), name=up.name)
        _make_own(tr, up.name, "")
        st.session_state[UPLOAD_RESULT] = ("success", t("uploaded", name=literal(up.name)))
    except checkpoint.CheckpointError as e:
        st.session_state[UPLOAD_RESULT] = (
            "error",
            literal(engine_messages.checkpoint_error(e, state.lang())),
        )


def _upload_model() -> None:
    st.file_uploader(
        t("upload_model"),
        type=["safetensors"],
        key="model_up",
        on_change=_model_uploaded,
        max_upload_size=limits.MODEL_UPLOAD_MB,
    )
    resources.upload_limit_caption(corpus=False)
    if st.session_state.get("model_up") is None:
        st.session_state.pop(UPLOAD_RESULT, None)
    kind, message = st.session_state.get(UPLOAD_RESULT, (None, ""))
    if kind == "success":
        st.success(message)
    elif kind == "error":
        st.error(message)


def render() -> None:
    st.title(t("train_title"))
    st.markdown(t("train_intro"))
    corpus = st.session_state.get(state.CORPUS)
    run: TrainingRun | None = st.session_state.get(RUN)
    if corpus is None and run is None:
        st.info(t("need_corpus"))
        st.button(t("use_phrases"), on_click=resources.use_builtin_corpus, args=("en-ko-phrases",))
    chosen = None
    if corpus is not None and (run is None or not run.active):
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
        chosen = _options_form(corpus)
        if [r for r in training.active_runs(state.session_id()) if r is not run]:
            st.caption(t("one_job"))
        if (
            chosen
            and st.button(
                t("train_start" if run is None else "train_again"),
                type="primary" if run is None else "secondary",
                disabled=run is not None and run.active,
            )
            and _start(corpus, *chosen)
        ):
            st.rerun()
    run = st.session_state.get(RUN)
    if run is not None:
        _controls(run)
        trained_on = run.translator.meta.get("corpus", "")
        if trained_on != st.session_state.get(state.CORPUS_NAME, ""):  # the corpus changed since
            st.info(
                t(
                    "run_corpus",
                    name=literal(trained_on),
                    n=len(run.train_pairs) + len(run.valid_pairs),
                )
            )
        st.fragment(_live, run_every=1.0 if run.active else None)(run, run.active)
        if not run.active and run.trainer.step > 0:
            _finished(run)
    stepwise_view.render(corpus, chosen)  # one step at a time (issue 18)
    st.divider()
    _upload_model()


render()
