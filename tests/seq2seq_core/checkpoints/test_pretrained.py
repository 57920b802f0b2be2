"""Every shipped model loads, reproduces its card's held-out scores, and decodes its
example as recorded."""

from __future__ import annotations

import json

import pytest

from seq2seq_core.checkpoints.pretrained import list_pretrained
from seq2seq_core.data.corpora import load_builtin
from seq2seq_core.metrics import evaluate
from tests.support.paths import REPO_ROOT

ROOT = REPO_ROOT
MODELS = list_pretrained()
TOLERANCE = 0.005  # exact match may move by a sentence or two across CPUs


def test_every_model_in_the_training_script_is_shipped():
    names = {m.name for m in MODELS}
    assert {"en-ko-attention", "en-ko-no-attention", "en-ko-phrases", "reverse", "dates",
            "numbers"} <= names  # fmt: skip
    for m in MODELS:
        assert m.path.stat().st_size < 5 * 1024 * 1024  # a few MB at most


@pytest.mark.parametrize("model", MODELS, ids=[m.name for m in MODELS])
def test_the_training_script_still_asks_for_what_each_card_records(model):
    """Recipes name their sizes and rates, so new library defaults leave them as shipped."""
    from pretrained.train_all import MODELS as RECIPES
    from pretrained.train_all import train_config
    from seq2seq_core.config import ModelConfig

    card = model.card
    vocab = {k: card["model_config"][k] for k in ("src_vocab", "tgt_vocab")}
    assert ModelConfig(**vocab, **RECIPES[model.name]["model"]).to_dict() == card["model_config"]
    assert train_config(model.name).to_dict() == card["train_config"]


@pytest.mark.parametrize("model", MODELS, ids=[m.name for m in MODELS])
def test_card_scores_are_reproduced(model):
    from seq2seq_core.checkpoints import checkpoint

    tr = checkpoint.load(model.path)
    card = model.card
    scores = evaluate(tr, load_builtin(card["corpus"], card["split"]))
    assert scores["pairs"] == card["test"]["pairs"]
    assert abs(scores["exact_match"] - card["test"]["exact_match"]) <= TOLERANCE
    assert abs(scores["chrf"] - card["test"]["chrf"]) <= 1.0
    example = card["example"]
    assert tr.trace(example["source"]).output_text == example["output"]


def test_attention_beats_no_attention_on_long_sentences():
    cards = {m.name: m.card for m in MODELS}
    att, none = cards["en-ko-attention"], cards["en-ko-no-attention"]
    assert att["test"]["exact_match"] >= 0.95
    assert att["test_long"]["exact_match"] - none["test_long"]["exact_match"] >= 0.1
    assert att["model_config"]["hidden"] == none["model_config"]["hidden"]


def test_readme_table_matches_the_cards():
    from pretrained.train_all import cards_table

    assert cards_table() in (ROOT / "README.md").read_text(encoding="utf-8")
    json.dumps([m.card for m in MODELS])
