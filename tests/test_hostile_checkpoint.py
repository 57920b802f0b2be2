"""Hostile model files: each gives a working `Translator` or a `CheckpointError` with a
clear message; nothing in a file runs (pickles, lying headers, truncation, mismatched
weights, vocabularies or descriptions). Caps are read from `checkpoint.MAX_*`.
"""

from __future__ import annotations

import json
import pickle
import struct

import pytest
import torch
from safetensors.torch import save as st_save

from seq2seq_core import checkpoint
from seq2seq_core.checkpoint import CheckpointError
from seq2seq_core.translator import build_translator
from tests.conftest import tiny_translator, toy_pairs
from tests.hostile_helpers import clear_message
from ui.text.engine_messages import checkpoint_error

# --- checkpoints ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model_bytes() -> bytes:
    return checkpoint.to_bytes(tiny_translator())


def _split(data: bytes) -> tuple[dict, bytes]:
    (n,) = struct.unpack("<Q", data[:8])
    return json.loads(data[8 : 8 + n]), data[8 + n :]


def _join(header: dict, body: bytes) -> bytes:
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + body


def _with_header(data: bytes, change) -> bytes:
    header, body = _split(data)
    change(header)
    return _join(header, body)


def _with_model_config(data: bytes, **changes) -> bytes:
    def change(header):
        cfg = json.loads(header["__metadata__"]["model_config"])
        cfg.update(changes)
        header["__metadata__"]["model_config"] = json.dumps(cfg)

    return _with_header(data, change)


def refused_model(data: bytes, *words: str, name: str = "model.safetensors") -> str:
    with pytest.raises(CheckpointError) as info:
        checkpoint.from_bytes(data, name=name)
    clear_message(checkpoint_error(info.value, "ko"), [name])  # the Korean page says it too
    return clear_message(str(info.value), [name, *words])


class _Payload:
    """Unpickling this calls open(path, "w"): it would create the marker file."""

    def __init__(self, path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_payload_under_a_safetensors_name_is_refused_and_never_run(tmp_path, protocol):
    control = tmp_path / "control"
    pickle.loads(pickle.dumps(_Payload(control), protocol=protocol)).close()
    assert control.exists()  # the payload is live: unpickling it really runs it

    marker = tmp_path / "pwned"
    path = tmp_path / "model.safetensors"
    path.write_bytes(pickle.dumps({"model": _Payload(marker)}, protocol=protocol))
    with pytest.raises(CheckpointError) as info:
        checkpoint.load(path)
    # protocols 0 and 1 have no magic number: they fail as a header that makes no sense
    words = ["pickle", "refused"] if protocol >= 2 else ["not a valid model file"]
    clear_message(str(info.value), ["model.safetensors", *words])
    assert not marker.exists()


@pytest.mark.parametrize("zip_format", [True, False], ids=["zip", "legacy"])
def test_torch_save_with_a_payload_is_refused_and_never_run(tmp_path, zip_format):
    marker = tmp_path / "pwned"
    path = tmp_path / "model.safetensors"
    payload = {"weight": torch.zeros(2), "extra": _Payload(marker)}
    torch.save(payload, path, _use_new_zipfile_serialization=zip_format)
    with pytest.raises(CheckpointError) as info:
        checkpoint.load(path)
    clear_message(str(info.value), ["pickle", "refused", ".safetensors"])
    assert not marker.exists()


def _lie(kind: str):
    def change(header):
        names = sorted(k for k in header if k != "__metadata__")
        first, second = header[names[0]], header[names[1]]
        start, end = first["data_offsets"]
        if kind == "end past the file":
            first["data_offsets"] = [start, end + 10**6]
        elif kind == "reversed offsets":
            first["data_offsets"] = [end, start]
        elif kind == "overlapping tensors":
            second["data_offsets"] = list(first["data_offsets"])
        elif kind == "offset 2**64-1":
            first["data_offsets"] = [0, 2**64 - 1]
        elif kind == "shape larger than its bytes":
            first["shape"] = [d * 2 for d in first["shape"]]
        elif kind == "shape smaller than its bytes":
            first["shape"] = [1]
        elif kind == "negative size":
            first["shape"] = [-1]
        elif kind == "unknown dtype":
            first["dtype"] = "F128"
        elif kind == "integer dtype":
            first["dtype"] = "I32"
        else:
            raise AssertionError(kind)

    return change


@pytest.mark.parametrize(
    "kind, words",
    [
        ("end past the file", ["not a valid safetensors model file"]),
        ("reversed offsets", ["not a valid safetensors model file"]),
        ("overlapping tensors", ["not a valid safetensors model file"]),
        ("offset 2**64-1", ["not a valid safetensors model file"]),
        ("shape larger than its bytes", ["not a valid safetensors model file"]),
        ("shape smaller than its bytes", ["not a valid safetensors model file"]),
        ("negative size", ["not a valid safetensors model file"]),
        ("unknown dtype", ["not a valid safetensors model file"]),
        ("integer dtype", ["weight", "has type", "int32"]),
    ],
)
def test_header_that_lies_about_tensors(model_bytes, kind, words):
    refused_model(_with_header(model_bytes, _lie(kind)), *words)


def test_bytes_after_the_last_tensor(model_bytes):
    refused_model(model_bytes + b"\x00" * 8, "not a valid safetensors model file")


@pytest.mark.parametrize("declared", ["2**64-1", "past the end", "cap+1", "zero"])
def test_declared_header_length(model_bytes, declared):
    rest = model_bytes[8:]
    if declared == "2**64-1":
        data, words = struct.pack("<Q", 2**64 - 1) + rest, ["header is corrupt"]
    elif declared == "past the end":
        data, words = struct.pack("<Q", len(rest) + 1) + rest, ["truncated"]
    elif declared == "cap+1":  # the file really is that long: refused by the cap itself
        cap = checkpoint.MAX_HEADER_BYTES
        data, words = struct.pack("<Q", cap + 1) + b" " * (cap + 1) + rest, ["header is corrupt"]
    else:
        data, words = struct.pack("<Q", 0) + rest, ["not a valid"]
    refused_model(data, *words)


@pytest.mark.parametrize("keep", ["0", "1", "7", "8", "9", "half header", "header only", "-1"])
def test_truncated_file(model_bytes, keep):
    (n,) = struct.unpack("<Q", model_bytes[:8])
    cut = {"half header": 8 + n // 2, "header only": 8 + n, "-1": len(model_bytes) - 1}
    data = model_bytes[: cut.get(keep) or int(keep)]
    words = ["too short"] if len(data) < 8 else ["not a"]
    refused_model(data, *words)


def test_file_too_large_or_unreadable(tmp_path):
    huge = tmp_path / "huge.safetensors"
    with huge.open("wb") as f:
        f.truncate(checkpoint.MAX_FILE_BYTES + 1)  # sparse: refused from its size, never read
    with pytest.raises(CheckpointError) as info:
        checkpoint.load(huge)
    clear_message(str(info.value), ["huge.safetensors", "MB", "at most"])
    with pytest.raises(CheckpointError) as info:
        checkpoint.load(tmp_path)  # a folder: used to escape as IsADirectoryError
    clear_message(str(info.value), ["cannot read"])


def test_safetensors_file_that_is_not_one_of_our_models():
    refused_model(st_save({"w": torch.zeros(2)}), "not a model saved by this app")


def _state_dict() -> dict[str, torch.Tensor]:
    tr = tiny_translator()
    return {k: v.detach().clone().contiguous() for k, v in tr.model.state_dict().items()}


@pytest.mark.parametrize("change", ["extra row", "transposed", "missing", "unexpected"])
def test_weights_that_do_not_fit_the_config(model_bytes, change):
    header, _ = _split(model_bytes)
    tensors = _state_dict()
    key = next(k for k, v in tensors.items() if v.dim() == 2 and v.shape[0] != v.shape[1])
    if change == "extra row":
        tensors[key] = torch.cat([tensors[key], tensors[key][:1]])
        words = ["weight", key, "shape", "expected"]
    elif change == "transposed":
        tensors[key] = tensors[key].t().contiguous()
        words = ["weight", key, "shape", "expected"]
    elif change == "missing":
        del tensors[key]
        words = ["do not fit", "missing", key]
    else:
        tensors["decoder.extra.weight"] = torch.zeros(3)
        words = ["do not fit", "unexpected", "decoder.extra.weight"]
    refused_model(st_save(tensors, metadata=header["__metadata__"]), *words)


def _other_translator():
    """A model built for another vocabulary: the toy task plus three more words."""
    pairs = [*toy_pairs(), ("x y z", "z y x"), ("z a", "a z")]
    options = dict(emb=8, hidden=12, attention="general", bidirectional=True)
    return build_translator(pairs, options, "word", vocab_size=100, seed=0)


def test_tokenizer_of_another_vocabulary_inside_the_file(model_bytes):
    other = _other_translator()
    assert other.src_tok.vocab_size != checkpoint.from_bytes(model_bytes).src_tok.vocab_size

    def swap(header):
        header["__metadata__"]["src_tokenizer"] = json.dumps(other.src_tok.to_state())

    refused_model(_with_header(model_bytes, swap), "tokenizers do not match", "vocabulary")


def test_description_of_another_model_with_these_weights(model_bytes):
    other_header, _ = _split(checkpoint.to_bytes(_other_translator()))

    def swap(header):
        header["__metadata__"] = other_header["__metadata__"]

    refused_model(_with_header(model_bytes, swap), "shape", "expected")


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("layers", 1.5, ["layers", "int"]),  # used to escape as a TypeError from torch
        ("bidirectional", "yes", ["bidirectional", "bool"]),  # used to load, then crash
        ("emb", True, ["emb", "int"]),
        ("hidden", 12.0, ["hidden", "whole number"]),
        ("dropout", "0.1", []),
        ("rnn", "transformer", ["rnn must be one of"]),
    ],
)
def test_damaged_model_description(model_bytes, field, value, words):
    data = _with_model_config(model_bytes, **{field: value})
    refused_model(data, "damaged description of its model", *words)


def test_description_of_a_huge_model_is_refused_before_building_it(model_bytes):
    # a few KB of weights, described as a model of about 100 GB: refused from the description
    # alone (checkpoint.min_parameters), so nothing that size is ever allocated
    data = _with_model_config(model_bytes, emb=100_000, hidden=100_000)
    refused_model(data, "larger than the weights")


@pytest.mark.parametrize(
    "bad", [7, None, ["nested"], {"a": 1}], ids=["int", "null", "list", "dict"]
)
def test_vocabulary_entries_that_are_not_strings(model_bytes, bad):
    vocab = checkpoint.from_bytes(model_bytes).tgt_tok.vocab()
    vocab[-1] = bad  # same size, so only the entry itself is wrong

    def change(header):
        header["__metadata__"]["tgt_tokenizer"] = json.dumps({"kind": "word", "vocab": vocab})

    refused_model(_with_header(model_bytes, change), "damaged", "tokenizer")
