"""The Train page's options: the preset, then (unless teacher mode hides them) the
details in three rows (schedule, sizes, attention), checked into a ModelConfig and a
TrainConfig (seq2seq_core/config.py; defaults in seq2seq_core/presets.py)."""

from __future__ import annotations

import streamlit as st

from seq2seq_core import limits, presets
from seq2seq_core.config import CHOICES, ConfigError, ModelConfig, TrainConfig
from seq2seq_core.data.corpus import Corpus
from ui import state
from ui.state import t
from ui.text import engine_messages
from ui.text.i18n import attention_name, style_name
from ui.text.literal import literal


def _preset() -> str:
    return (
        st.segmented_control(
            t("preset"),
            list(presets.SIZES),
            format_func=state.labeller(),
            key=state.kept("preset", presets.DEFAULT_SIZE),
        )
        or presets.DEFAULT_SIZE
    )


def _defaults(preset: str, n: int) -> dict:
    """Teacher mode hides the details: the preset and its defaults are used."""
    size, arch, d = presets.SIZES[preset], presets.TEACHING, presets.training_start(n)
    return dict(
        epochs=d.epochs, batch=d.batch, lr=d.lr, tf=d.tf,
        emb=size.emb, hidden=size.hidden, layers=arch.layers, rnn=arch.rnn,
        attention=arch.attention, style=arch.decoder_style,
        bi=arch.bidirectional, feeding=arch.luong_input_feeding,
    )  # fmt: skip


def _schedule_row(n: int) -> dict:
    """Epochs, batch size, learning rate, teacher forcing. Kept across pages; the corpus
    scopes the options whose defaults it sets."""
    key, d = state.kept, presets.training_start(n)
    data = (st.session_state.get(state.CORPUS_NAME, ""), n)
    c1, c2, c3, c4 = st.columns(4)
    epochs = c1.number_input(t("epochs"), 1, limits.MAX_EPOCHS, key=key("epochs", d.epochs, *data))
    batch = c2.number_input(t("batch_size"), 1, limits.MAX_BATCH, key=key("batch", d.batch, *data))
    lr = c3.number_input(
        t("learning_rate"), 1e-5, 1.0, format="%.4f", step=1e-3, key=key("lr", d.lr)
    )
    tf = c4.slider(t("tf_ratio"), 0.0, 1.0, step=0.05, key=key("tf", d.tf))
    return dict(epochs=epochs, batch=batch, lr=lr, tf=tf)


def _size_row(preset: str) -> dict:
    """Embedding and hidden sizes (the preset scopes their defaults), layers, RNN cell."""
    key, size, arch = state.kept, presets.SIZES[preset], presets.TEACHING
    c1, c2, c3, c4 = st.columns(4)
    emb = c1.number_input(t("emb_size"), 4, limits.MAX_EMB, key=key("emb", size.emb, preset))
    hidden = c2.number_input(
        t("hidden_size"), 4, limits.MAX_HIDDEN, key=key("hid", size.hidden, preset)
    )
    layers = c3.selectbox(
        t("layers"), range(1, limits.MAX_LAYERS + 1), key=key("layers", arch.layers)
    )
    rnn = c4.selectbox("RNN", CHOICES["rnn"], help=t("rnn_help"), key=key("rnn", arch.rnn))
    return dict(emb=emb, hidden=hidden, layers=layers, rnn=rnn)


def _attention_row() -> dict:
    """Attention score, decoder style, a bidirectional encoder, Luong input feeding."""
    key, arch = state.kept, presets.TEACHING
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
    feeding = c4.checkbox(t("luong_input_feeding"), key=key("feeding", arch.luong_input_feeding))
    return dict(attention=attention, style=style, bi=bi, feeding=feeding)


def _configs(v: dict) -> tuple[dict, TrainConfig] | None:
    """The model's options and the TrainConfig of the chosen values `v`; None, with the
    reason shown, when the configs refuse them."""
    options = dict(
        emb=int(v["emb"]),
        hidden=int(v["hidden"]),
        layers=int(v["layers"]),
        rnn=v["rnn"],
        bidirectional=v["bi"],
        attention=v["attention"],
        decoder_style=v["style"],
        luong_input_feeding=v["feeding"],
    )
    vocab = int(st.session_state.get(state.VOCAB_SIZE, 1000))
    try:
        # the Data page's vocabulary bounds both sides': the parameter cap is checked with it
        ModelConfig(src_vocab=vocab, tgt_vocab=vocab, **options)
        cfg = TrainConfig(
            epochs=int(v["epochs"]),
            batch_size=int(v["batch"]),
            lr=float(v["lr"]),
            teacher_forcing=float(v["tf"]),
            tokenizer=st.session_state.get(state.TOKENIZER, "sentencepiece-unigram"),
            vocab_size=vocab,
        )
    except ConfigError as e:
        st.error(t("bad_options", msg=literal(engine_messages.config_error(e, state.lang()))))
        return None
    return options, cfg


def render(corpus: Corpus) -> tuple[dict, TrainConfig] | None:
    """The options' widgets; the chosen (model options, TrainConfig), or None if refused."""
    preset = _preset()
    n = len(corpus.pairs)
    if st.session_state.get(state.TEACHER_MODE, False):
        return _configs(_defaults(preset, n))
    with st.expander(t("details"), expanded=False):
        values = _schedule_row(n) | _size_row(preset) | _attention_row()
    return _configs(values)
