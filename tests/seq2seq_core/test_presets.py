"""The defaults chosen on top of the config dataclasses live in seq2seq_core/presets.py: the
size presets, teacher mode's model, the experiments' model and where the Train page's
training options start."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from seq2seq_core import presets
from seq2seq_core.config import ModelConfig, TrainConfig
from tests.support.paths import REPO_ROOT

ROOT = REPO_ROOT
# Options a default of a model or of its training sets (the experiments' variants set the
# attention and the teacher forcing ratio they compare, so those two are left out).
DEFAULTED = {"emb", "hidden", "layers", "rnn", "bidirectional", "decoder_style",
             "luong_input_feeding", "epochs", "batch_size", "lr"}  # fmt: skip


def _literal_defaults(path: Path) -> list[str]:
    """`name=<literal>` arguments and `"name": <literal>` entries of DEFAULTED options."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        pairs = []
        if isinstance(node, ast.keyword):
            pairs = [(node.arg, node.value)]
        elif isinstance(node, ast.Dict):
            pairs = [(k.value, v) for k, v in zip(node.keys, node.values, strict=True)
                     if isinstance(k, ast.Constant)]  # fmt: skip
        found += [f"{path.name}:{node.lineno} {name}" for name, value in pairs
                  if name in DEFAULTED and isinstance(value, ast.Constant)]  # fmt: skip
    return found


def test_the_app_takes_its_model_and_training_defaults_from_the_presets():
    found = [hit for path in sorted((ROOT / "ui").rglob("*.py")) for hit in _literal_defaults(path)]
    assert found == []


STARTS = [(1, 60, 16), (100, 60, 16), (999, 13, 16), (1000, 12, 64), (2400, 5, 64), (50_000, 5, 64)]


@pytest.mark.parametrize("n, epochs, batch", STARTS)
def test_the_train_pages_options_start_by_the_corpus_size(n, epochs, batch):
    start = presets.training_start(n)
    assert (start.epochs, start.batch, start.lr, start.tf) == (epochs, batch, 3e-3, 1.0)
    TrainConfig(epochs=start.epochs, batch_size=start.batch, lr=start.lr, teacher_forcing=start.tf)


def test_every_preset_model_is_a_valid_model():
    for size in presets.SIZES.values():
        ModelConfig.check_options(presets.TEACHING.options(size))
    ModelConfig.check_options(presets.LAB.options())
    assert presets.SIZES["tiny"].options() == {"emb": 32, "hidden": 64}  # ModelConfig's
    defaults = ModelConfig.option_defaults()
    assert presets.TEACHING.options(presets.SIZES["tiny"]) == {
        k: v for k, v in defaults.items() if k != "dropout"
    }
    assert presets.DEFAULT_SIZE in presets.SIZES
