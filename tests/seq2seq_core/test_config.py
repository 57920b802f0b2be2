"""ModelConfig's names: `luong_input_feeding` is read from files that still call it
`input_feeding` (every model shipped before the rename)."""

from __future__ import annotations

import json
import re
import struct

import pytest

from seq2seq_core import limits
from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.config import ConfigError, ModelConfig, TrainConfig
from tests.support.models import CONFIGS, tiny_translator


def _rename_in_file(data: bytes, old: str, new: str) -> bytes:
    """The checkpoint bytes with one key of the stored model config renamed."""
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    cfg = json.loads(header["__metadata__"]["model_config"])
    cfg[new] = cfg.pop(old)
    header["__metadata__"]["model_config"] = json.dumps(cfg)
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + data[8 + n :]


def test_old_key_input_feeding_is_read_as_luong_input_feeding():
    old = {"src_vocab": 9, "tgt_vocab": 9, "attention": "general", "input_feeding": True}
    cfg = ModelConfig.from_dict(old)
    assert cfg.luong_input_feeding is True
    assert "input_feeding" not in cfg.to_dict() and cfg.to_dict()["luong_input_feeding"]


def test_a_config_with_both_names_is_refused():
    both = {"src_vocab": 9, "tgt_vocab": 9, "input_feeding": True, "luong_input_feeding": True}
    with pytest.raises(ConfigError, match="input_feeding"):
        ModelConfig.from_dict(both)


def test_an_old_style_model_file_loads_and_translates_the_same():
    tr = tiny_translator(CONFIGS[3])  # Luong input feeding on: the weights' shapes need it
    assert tr.cfg.luong_input_feeding
    old_file = _rename_in_file(checkpoint.to_bytes(tr), "luong_input_feeding", "input_feeding")
    assert b'\\"input_feeding\\": true' in old_file
    loaded = checkpoint.from_bytes(old_file, name="old.safetensors")
    assert loaded.cfg == tr.cfg
    for text in ("a b c", "h g f e"):
        assert loaded.trace(text).output_text == tr.trace(text).output_text


def test_shipped_files_store_the_old_key_and_load():
    from seq2seq_core.checkpoints.pretrained import list_pretrained

    model = list_pretrained()[0]
    data = model.path.read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    stored = json.loads(json.loads(data[8 : 8 + n])["__metadata__"]["model_config"])
    if "input_feeding" not in stored:
        pytest.skip("the shipped models were re-saved with the new name")
    assert checkpoint.load(model.path).cfg.luong_input_feeding is stored["input_feeding"]


def test_a_train_config_records_an_exact_match_target_only_when_one_is_set():
    plain = TrainConfig()
    assert "stop_at_exact_match" not in plain.to_dict() and "check_every" not in plain.to_dict()
    assert TrainConfig.from_dict(plain.to_dict()) == plain
    target = TrainConfig(stop_at_exact_match=0.99, check_every=25)
    assert target.to_dict()["stop_at_exact_match"] == 0.99
    assert TrainConfig.from_dict(target.to_dict()) == target


@pytest.mark.parametrize(
    "options, words",
    [
        (dict(attention="dot"), "dot attention"),  # bidirectional by default
        (dict(attention="none", luong_input_feeding=True), "needs attention"),
        (dict(rnn="transformer"), "rnn must be one of"),
        (dict(emb=0), "emb"),
        (dict(emb=limits.MAX_EMB, hidden=limits.MAX_HIDDEN, layers=limits.MAX_LAYERS), "at most"),
        (dict(size=3), "unknown model option(s): size"),
        (dict(src_vocab=5), "unknown model option(s): src_vocab"),
    ],
)
def test_model_options_are_checked_without_vocabulary_sizes(options, words):
    with pytest.raises(ConfigError, match=re.escape(words)) as refused:
        ModelConfig.check_options(options)
    if "unknown" not in words:  # what the config itself says at a real vocabulary
        with pytest.raises(ConfigError) as built:
            ModelConfig(src_vocab=4, tgt_vocab=4, **options)
        assert refused.value.code == built.value.code
        if refused.value.code != "too_many_parameters":  # that one says the count
            assert str(refused.value) == str(built.value)


def test_model_option_defaults_are_the_configs_and_pass_the_check():
    defaults = ModelConfig.option_defaults()
    assert "src_vocab" not in defaults and "tgt_vocab" not in defaults
    assert ModelConfig(src_vocab=9, tgt_vocab=9, **defaults) == ModelConfig(9, 9)
    ModelConfig.check_options(defaults)
