"""Every shipped model is what today's engine writes from its recipe (pretrained/train_all.py):
its tokenizers are the ones today's tokenizer training makes from the recipe's corpus
(SentencePiece with byte fallback), its configuration is the recipe's, and its weights are
those of the epoch its card says it keeps, the lowest validation loss of the history that the
card and the file both record. An engine change that alters any of these fails here until
the models are trained again (`python -m pretrained.train_all`)."""

from __future__ import annotations

from functools import cache

import pytest

from pretrained.train_all import MODELS as RECIPES
from pretrained.train_all import train_config
from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.checkpoints.pretrained import ModelCard, list_pretrained
from seq2seq_core.config import ModelConfig
from seq2seq_core.data.batching import encode_within
from seq2seq_core.data.corpora import load_builtin
from seq2seq_core.data.tokenizers import UNK_ID, Tokenizer, train_tokenizer
from seq2seq_core.metrics import teacher_forced_scores
from seq2seq_core.translator import Translator

SHIPPED = list_pretrained()
UNSEEN = "She reads 漢字 <eos> book."  # characters no corpus has, and a typed "<eos>"
MAX_VALID = 500  # the validation pairs the trainer scores (Trainer's max_valid)
CARD_ONLY = ("lesson_examples",)  # written into the card after the model file


@pytest.fixture(scope="module", params=SHIPPED, ids=[m.name for m in SHIPPED])
def shipped(request) -> tuple[ModelCard, Translator]:
    return request.param, checkpoint.load(request.param.path)


def _kinds(name: str) -> tuple[str, str]:
    kind = RECIPES[name]["tokenizer"]
    return (kind, kind) if isinstance(kind, str) else tuple(kind)


@cache
def _fresh_tokenizer(kind: str, corpus: str, side: int, vocab_size: int) -> Tokenizer:
    texts = [pair[side] for pair in load_builtin(corpus, "train")]
    return train_tokenizer(kind, texts, vocab_size)


def test_every_recipe_is_shipped():
    assert {m.name for m in SHIPPED} == set(RECIPES)


def test_tokenizers_are_the_ones_todays_engine_trains(shipped):
    model, tr = shipped
    recipe = RECIPES[model.name]
    sides = zip(_kinds(model.name), (tr.src_tok, tr.tgt_tok), strict=True)
    for side, (kind, tok) in enumerate(sides):
        fresh = _fresh_tokenizer(kind, recipe["corpus"], side, recipe["vocab_size"])
        assert tok.kind == kind
        assert tok.to_state() == fresh.to_state(), f"{model.name}: side {side} is not today's"


def test_sentencepiece_spells_unseen_characters_in_bytes(shipped):
    model, tr = shipped
    for tok in (tr.src_tok, tr.tgt_tok):
        if not tok.kind.startswith("sentencepiece"):
            continue  # characters and words have no bytes: an unseen one is <unk>
        ids = tok.encode(UNSEEN)
        assert UNK_ID not in ids, model.name
        assert tok.decode(ids) == UNSEEN, model.name


def test_configuration_is_the_recipes(shipped):
    model, tr = shipped
    card, recipe = model.card, RECIPES[model.name]
    vocab = {"src_vocab": tr.src_tok.vocab_size, "tgt_vocab": tr.tgt_tok.vocab_size}
    assert tr.cfg.to_dict() == card["model_config"]
    assert ModelConfig(**vocab, **recipe["model"]).to_dict() == card["model_config"]
    assert tr.meta["train_config"] == card["train_config"] == train_config(model.name).to_dict()
    assert tr.meta["corpus"] == card["corpus"] == recipe["corpus"]
    assert tuple(_kinds(model.name)) == (tr.src_tok.kind, tr.tgt_tok.kind)


def test_the_file_carries_the_card(shipped):
    model, tr = shipped
    card = {k: v for k, v in model.card.items() if k not in CARD_ONLY}
    assert tr.meta["card"] == card  # the whole card survives the metadata checks


def test_the_epoch_kept_is_the_lowest_validation_loss(shipped):
    model, tr = shipped
    card = model.card
    history = card["history"]
    assert [e["epoch"] for e in history] == list(range(1, card["epochs_run"] + 1))
    assert card["epochs_run"] == card["train_config"]["epochs"] == tr.meta["epochs"]
    best = min(history, key=lambda e: e["valid_loss_per_sentence"])  # the first of a tie
    assert card["epoch_kept"] == best["epoch"] == tr.meta["best_epoch"]
    assert card["kept_because"].startswith("lowest validation loss per sentence")
    assert f"{best['valid_loss_per_sentence']:.4f} nats" in card["kept_because"]
    in_file = [round(e["valid_loss_per_sentence"], 6) for e in tr.meta["history"]]
    assert in_file == [e["valid_loss_per_sentence"] for e in history]


def test_the_weights_are_the_kept_epochs(shipped):
    """The model's validation loss, measured now as the trainer measured it, is the one the
    history records for the epoch kept (not the last epoch's, where they differ)."""
    model, tr = shipped
    card = model.card
    valid = load_builtin(card["corpus"], "valid")
    enc = encode_within(valid, tr.src_tok, tr.tgt_tok, card["train_config"]["max_len"])
    pairs = [valid[i] for i in enc.index][:MAX_VALID]
    measured = teacher_forced_scores(tr, pairs)["loss_per_sentence"]
    kept = {e["epoch"]: e for e in card["history"]}[card["epoch_kept"]]
    assert measured == pytest.approx(kept["valid_loss_per_sentence"], abs=1e-3)
