import json
import pickle
import struct

import pytest
import torch

from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.checkpoints.checkpoint import CheckpointError
from tests.support.models import CONFIGS, tiny_translator


@pytest.mark.parametrize("config", [CONFIGS[0], CONFIGS[3]])
def test_save_and_load_give_the_same_model(tmp_path, config):
    tr = tiny_translator(config)
    tr.meta["corpus"] = "한국어 말뭉치.tsv"
    path = checkpoint.save(tr, tmp_path / "m.safetensors")
    back = checkpoint.load(path)
    assert back.cfg == tr.cfg
    assert back.meta["corpus"] == "한국어 말뭉치.tsv"
    assert back.trace("a b c").output_ids == tr.trace("a b c").output_ids
    assert back.src_tok.vocab() == tr.src_tok.vocab()
    assert not list(tmp_path.glob("*.tmp"))


def test_file_holds_no_pickle(translator):
    data = checkpoint.to_bytes(translator)
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    assert header["__metadata__"]["format"] == "seq2seq-classroom"
    assert b"\x80\x04\x95" not in data  # pickle protocol 4 frame marker


class Boom:
    def __reduce__(self):
        return (open, ("/tmp/seq2seq_pwned", "w"))


def test_pickle_payload_is_refused_and_not_run(tmp_path):
    import os

    target = "/tmp/seq2seq_pwned"
    if os.path.exists(target):
        os.remove(target)
    path = tmp_path / "evil.safetensors"
    path.write_bytes(pickle.dumps({"model": Boom()}, protocol=4))
    with pytest.raises(CheckpointError, match="pickle"):
        checkpoint.load(path)
    assert not os.path.exists(target)


def test_torch_pt_file_is_refused(tmp_path, translator):
    path = tmp_path / "model.pt"
    torch.save(translator.model.state_dict(), path)
    with pytest.raises(CheckpointError, match="pickle"):
        checkpoint.load(path)


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d[: len(d) // 2], "not a valid"),
        (lambda d: b"hello world, not a model", "not a valid"),
        (lambda d: b"", "too short"),
        (lambda d: struct.pack("<Q", 2**40) + d[8:], "header"),
        (lambda d: struct.pack("<Q", 10**6) + d[8:], "header"),
    ],
)
def test_damaged_files_are_refused(translator, mutate, message):
    with pytest.raises(CheckpointError, match=message):
        checkpoint.from_bytes(mutate(checkpoint.to_bytes(translator)))


def _rewrite_header(data: bytes, change) -> bytes:
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    change(header)
    raw = json.dumps(header).encode()
    raw += b" " * ((8 - len(raw) % 8) % 8)
    return struct.pack("<Q", len(raw)) + raw + data[8 + n :]


def test_header_that_lies_about_tensor_sizes_is_refused(translator):
    def lie(h):
        name = next(k for k in h if k != "__metadata__")
        h[name]["shape"] = [h[name]["shape"][0] * 1000, *h[name]["shape"][1:]]

    with pytest.raises(CheckpointError):
        checkpoint.from_bytes(_rewrite_header(checkpoint.to_bytes(translator), lie))


def test_other_format_version_is_refused(translator):
    def bump(h):
        h["__metadata__"]["format_version"] = "99"

    with pytest.raises(CheckpointError, match="version"):
        checkpoint.from_bytes(_rewrite_header(checkpoint.to_bytes(translator), bump))


def test_weights_for_another_vocabulary_are_refused(translator):
    def other_vocab(h):
        cfg = json.loads(h["__metadata__"]["model_config"])
        cfg["tgt_vocab"] += 5
        h["__metadata__"]["model_config"] = json.dumps(cfg)

    with pytest.raises(CheckpointError, match=r"vocabulary|shape"):
        checkpoint.from_bytes(_rewrite_header(checkpoint.to_bytes(translator), other_vocab))


def test_wrong_shapes_are_refused(translator):
    def bigger_hidden(h):
        cfg = json.loads(h["__metadata__"]["model_config"])
        cfg["hidden"] += 1
        h["__metadata__"]["model_config"] = json.dumps(cfg)

    with pytest.raises(CheckpointError, match="shape"):
        checkpoint.from_bytes(_rewrite_header(checkpoint.to_bytes(translator), bigger_hidden))


def test_missing_file_is_a_checkpoint_error(tmp_path):
    with pytest.raises(CheckpointError, match="cannot read"):
        checkpoint.load(tmp_path / "nope.safetensors")


def test_parameter_shapes_are_the_real_models_for_every_configuration():
    """What the loader checks a file against (built on the meta device) is exactly what
    `Seq2Seq(cfg)` holds, for every kind of model."""
    from itertools import product

    from seq2seq_core.config import ModelConfig
    from seq2seq_core.model.seq2seq import Seq2Seq, parameter_shapes

    grid = product(("gru", "lstm", "rnn"), ("none", "general", "additive", "dot"),
                   ("luong", "bahdanau"), (True, False), (1, 2), (True, False))  # fmt: skip
    for rnn, att, style, bi, layers, feeding in grid:
        options = dict(rnn=rnn, attention=att, decoder_style=style, bidirectional=bi,
                       layers=layers, luong_input_feeding=feeding)  # fmt: skip
        try:
            cfg = ModelConfig(src_vocab=11, tgt_vocab=13, emb=6, hidden=5, **options)
        except ValueError:  # options that do not fit together
            continue
        real = {k: tuple(v.shape) for k, v in Seq2Seq(cfg).state_dict().items()}
        assert parameter_shapes(cfg) == real
        assert cfg.num_parameters() == sum(p.numel() for p in Seq2Seq(cfg).state_dict().values())
