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

from seq2seq_core import limits
from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.checkpoints.checkpoint import CheckpointError
from seq2seq_core.translator import build_translator
from tests.support.hostile import clear_message
from tests.support.model_files import refused_model, split_file, with_header, with_meta
from tests.support.models import tiny_translator, toy_pairs
from tests.support.paths import REPO_ROOT

# --- checkpoints ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model_bytes() -> bytes:
    return checkpoint.to_bytes(tiny_translator())


def _with_model_config(data: bytes, **changes) -> bytes:
    def change(header):
        cfg = json.loads(header["__metadata__"]["model_config"])
        cfg.update(changes)
        header["__metadata__"]["model_config"] = json.dumps(cfg)

    return with_header(data, change)


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
        ("shape larger than its bytes", ["weight", "shape", "expected"]),
        ("shape smaller than its bytes", ["weight", "shape", "expected"]),
        ("negative size", ["weight", "shape", "expected"]),
        ("unknown dtype", ["weight", "has type", "F128"]),
        ("integer dtype", ["weight", "has type", "int32"]),
    ],
)
def test_header_that_lies_about_tensors(model_bytes, kind, words):
    refused_model(with_header(model_bytes, _lie(kind)), *words)


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
    header, _ = split_file(model_bytes)
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

    refused_model(with_header(model_bytes, swap), "tokenizers do not match", "vocabulary")


def test_description_of_another_model_with_these_weights(model_bytes):
    other_header, _ = split_file(checkpoint.to_bytes(_other_translator()))

    def swap(header):
        header["__metadata__"] = other_header["__metadata__"]

    refused_model(with_header(model_bytes, swap), "shape", "expected")


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("layers", 1.5, ["layers", "whole number"]),  # used to escape as a TypeError
        ("bidirectional", "yes", ["bidirectional", "true or false"]),  # loaded, then crashed
        ("emb", True, ["emb", "whole number"]),
        ("emb", 100_000, ["emb", "from 1 to 512"]),
        ("luong_input_feeding", [], ["luong_input_feeding", "true or false"]),
        ("attention", ["additive"], ["attention must be one of"]),
        ("hidden", 12.0, ["hidden", "whole number"]),
        ("dropout", "0.1", []),
        ("rnn", "transformer", ["rnn must be one of"]),
    ],
)
def test_damaged_model_description(model_bytes, field, value, words):
    data = _with_model_config(model_bytes, **{field: value})
    refused_model(data, "damaged description of its model", *words)


def test_description_of_a_model_over_the_parameter_cap_is_refused(model_bytes):
    # every size within its own limit, together over limits.MAX_PARAMETERS
    data = _with_model_config(model_bytes, emb=512, hidden=512, layers=2, rnn="lstm")
    refused_model(data, "parameters", "at most", f"{limits.MAX_PARAMETERS:,}")


@pytest.mark.parametrize(
    "bad", [7, None, ["nested"], {"a": 1}], ids=["int", "null", "list", "dict"]
)
def test_vocabulary_entries_that_are_not_strings(model_bytes, bad):
    vocab = checkpoint.from_bytes(model_bytes).tgt_tok.vocab()
    vocab[-1] = bad  # same size, so only the entry itself is wrong

    def change(header):
        header["__metadata__"]["tgt_tokenizer"] = json.dumps({"kind": "word", "vocab": vocab})

    refused_model(with_header(model_bytes, change), "damaged", "tokenizer")


# --- budgets: a crafted file is refused before its model is built ---------------------------

_PEAK_RSS = """
import json, sys
from seq2seq_core.checkpoints import checkpoint

def peak_kb():
    with open("/proc/self/status") as f:
        return int(next(line for line in f if line.startswith("VmHWM")).split()[1])

before = peak_kb()
try:
    checkpoint.load(sys.argv[1])
    code = "loaded"
except checkpoint.CheckpointError as e:
    code = e.code
print(json.dumps({"code": code, "grew_mb": (peak_kb() - before) / 1024}))
"""


def _limit_memory() -> None:  # the child may not take the machine down if a check is missing
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (6 * 2**30, 6 * 2**30))


def _peak_rss_of_load(path) -> dict:
    """Load `path` in a fresh interpreter; its peak RSS growth during the load, in MB."""
    import subprocess
    import sys

    root = REPO_ROOT
    out = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS, str(path)],
        cwd=root, capture_output=True, text=True, timeout=300, preexec_fn=_limit_memory,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def _one_uint8_tensor(model_bytes: bytes, **config) -> bytes:
    """Weights: one uint8 tensor with as many elements as the smallest model its (changed)
    description allows, (src+tgt)*emb + tgt*hidden + (emb+hidden)*hidden: what the size
    check of the earlier loader let through before it built the described model."""
    header, _ = split_file(model_bytes)
    meta = dict(header["__metadata__"])
    cfg = {**json.loads(meta["model_config"]), **config}
    meta["model_config"] = json.dumps(cfg)
    emb, hidden, sv, tv = cfg["emb"], cfg["hidden"], cfg["src_vocab"], cfg["tgt_vocab"]
    n = (sv + tv) * emb + tv * hidden + (emb + hidden) * hidden
    return st_save({"w": torch.zeros(n, dtype=torch.uint8)}, metadata=meta)


@pytest.mark.parametrize(
    "config, code",
    [
        # 4.9 MB of weights describing 150 M parameters (600 MB, it was built, then refused)
        (dict(emb=1565, hidden=1565, layers=2, rnn="lstm"), "damaged"),
        # every size within its limit, together 18 M parameters (72 MB)
        (
            dict(emb=512, hidden=512, layers=2, rnn="lstm", luong_input_feeding=True),
            "too_many_parameters",
        ),
    ],
    ids=["4.9MB-for-150M", "within-sizes-over-cap"],
)
def test_crafted_file_is_refused_without_the_memory_it_describes(
    tmp_path, model_bytes, config, code
):
    path = tmp_path / "crafted.safetensors"
    path.write_bytes(_one_uint8_tensor(model_bytes, **config))
    assert path.stat().st_size < checkpoint.MAX_FILE_BYTES  # passes the size check
    result = _peak_rss_of_load(path)
    assert result["grew_mb"] < 40, result  # the file is read (5 MB); no model is built
    assert result["code"] == code


def test_file_declaring_12_billion_parameters_is_refused_by_its_size(tmp_path, model_bytes):
    """199 MB of uint8 weights describing 12 B parameters: refused from its size alone (the
    body is a sparse file: never read, never on disk)."""
    header, _ = split_file(model_bytes)
    meta = dict(header["__metadata__"])
    meta["model_config"] = json.dumps({**json.loads(meta["model_config"]), "emb": 9970,
                                       "hidden": 9970, "layers": 2, "rnn": "lstm"})  # fmt: skip
    n = 199_000_000
    raw = json.dumps({"__metadata__": meta, "w": {"dtype": "U8", "shape": [n],
                                                  "data_offsets": [0, n]}}).encode()  # fmt: skip
    raw += b" " * (-len(raw) % 8)
    path = tmp_path / "huge.safetensors"
    with path.open("wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw)
        f.truncate(8 + len(raw) + n)
    result = _peak_rss_of_load(path)
    assert result["code"] == "too_big" and result["grew_mb"] < 40, result


def test_every_check_before_building_names_the_limit(model_bytes):
    # a description within the limits, weights of another kind: refused from the header,
    # before the tensors are read
    data = _one_uint8_tensor(model_bytes)
    refused_model(data, "do not fit", "missing", "unexpected", "'w'")


# --- metadata nested too deeply ----------------------------------------------------------


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


# Deeper than Python's recursion limit (json.loads raises RecursionError), within the count
# of values of each part (checkpoint_meta: 2,048 in the header); 100,000 deep is 100,000
# lists, over every count. (A model description has at most 1,000 characters:
# test_hostile_checkpoint_meta.py.)
DEEP = _deep(1500)


@pytest.mark.parametrize("entry", ["meta", "src_tokenizer", "tgt_tokenizer"])
@pytest.mark.parametrize("depth, words", [(1500, ["nested too deeply"]), (100_000, ["values"])])
def test_metadata_nested_deeply_is_refused_cleanly(model_bytes, entry, depth, words):
    def change(header):
        header["__metadata__"][entry] = _deep(depth)

    refused_model(with_header(model_bytes, change), *words)


@pytest.mark.parametrize("depth, words", [(1500, ["nested too deeply"]), (100_000, ["values"])])
def test_header_nested_deeply_is_refused_cleanly(model_bytes, depth, words):
    (n,) = struct.unpack("<Q", model_bytes[:8])
    raw = b'{"a": ' + _deep(depth).encode() + b"}"
    raw += b" " * (-len(raw) % 8)
    data = struct.pack("<Q", len(raw)) + raw + model_bytes[8 + n :]
    refused_model(data, *words)


def test_nested_metadata_through_the_command_line_is_one_line_exit_2(tmp_path, model_bytes, capsys):
    from seq2seq_core.cli.commands import main

    def change(header):
        header["__metadata__"]["meta"] = DEEP

    path = tmp_path / "deep.safetensors"
    path.write_bytes(with_header(model_bytes, change))
    assert main(["translate", str(path), "a b"]) == 2
    err = capsys.readouterr().err
    clear_message(err.strip(), ["deep.safetensors", "nested too deeply"])


# --- metadata of the wrong types -----------------------------------------------------------

WRONG_META = [
    {"corpus": ["reverse"]},
    {"train_config": []},
    {"seed": "abc"},
    {"corpus": "reverse", "train_config": {"seed": "abc", "epochs": [1], "lr": "fast"}},
    {"card": {"corpus": ["reverse"]}, "history": "long", "epochs": -3, "train_seconds": "x"},
    {"card": [], "history": [1, "a", None], "seed": 2**70, "train_config": {"seed": True}},
    {"note": json.loads("[" * 30 + "]" * 30), "max_len": True, "best_epoch": "last"},
    {"max_len": 10**30, "epochs": 2.0, "history": [{"epoch": True}, {"epoch": 1, "step": []}]},
    {"max_len": 1001, "train_config": {"max_len": 1.5e3, "tokenizer": "w" * 301}},
]


@pytest.mark.parametrize("meta", WRONG_META, ids=range(len(WRONG_META)))
def test_metadata_of_the_wrong_types_is_left_out(model_bytes, meta):
    tr = checkpoint.from_bytes(with_meta(model_bytes, meta))
    kept = tr.meta
    assert isinstance(kept.get("corpus", ""), str)
    assert isinstance(kept.get("train_config", {}), dict)
    seed = kept.get("train_config", {}).get("seed", 0)
    assert isinstance(seed, int) and not isinstance(seed, bool) and 0 <= seed <= limits.MAX_SEED
    assert isinstance(kept.get("seed", 0), int) and 0 <= kept.get("seed", 0) <= limits.MAX_SEED
    card = kept.get("card", {})
    assert isinstance(card, dict) and isinstance(card.get("corpus", ""), str)
    assert all(isinstance(h, dict) for h in kept.get("history", []))
    assert "note" not in kept  # an entry the app does not know: left out
    assert "max_len" not in kept and "max_len" not in kept.get("train_config", {})
    assert checkpoint.from_bytes(checkpoint.to_bytes(tr)).meta == kept  # it saves again


def test_metadata_that_fits_is_kept(model_bytes):
    meta = {"corpus": "thirty.tsv", "seed": 3, "epochs": 2, "train_seconds": 1.5,
            "train_config": {"seed": 7, "epochs": 2, "tokenizer": "word", "unknown": 1},
            "history": [{"epoch": 1, "valid_exact_match": 0.5}], "max_len": 80}  # fmt: skip
    tr = checkpoint.from_bytes(with_meta(model_bytes, {**meta, "note": "한국어"}))
    assert tr.meta == {**meta, "train_config": {"seed": 7, "epochs": 2, "tokenizer": "word"}}
    assert tr.max_len == 80


# --- weights that are not numbers ------------------------------------------------------------


@pytest.mark.parametrize(
    "value, words",
    [
        (float("nan"), ["not numbers", "NaN"]),
        (float("inf"), ["infinite"]),
        (float("-inf"), ["infinite"]),
        (1e30, ["1e+30", "far below"]),
        (-2e4, ["-2e+04", "far below"]),
    ],
)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float16])
def test_weights_that_are_not_finite_or_absurd_are_refused(model_bytes, value, words, dtype):
    if dtype == torch.float16 and abs(value) > 65504:
        value = float("inf") if value > 0 else float("-inf")  # what float16 holds of it
        words = ["infinite"]
    header, _ = split_file(model_bytes)
    tensors = _state_dict()
    key = sorted(tensors)[-1]
    tensors = {k: v.to(dtype) for k, v in tensors.items()}
    tensors[key].view(-1)[1] = value
    refused_model(st_save(tensors, metadata=header["__metadata__"]), "weight", key, *words)


def test_float16_weights_still_load(model_bytes):
    header, _ = split_file(model_bytes)
    tensors = {k: v.half() for k, v in _state_dict().items()}
    tr = checkpoint.from_bytes(st_save(tensors, metadata=header["__metadata__"]))
    assert tr.trace("a b c").output_ids


@pytest.mark.parametrize("meta", WRONG_META[:4], ids=range(4))
def test_experiments_page_with_an_uploaded_model_of_wrong_metadata(model_bytes, meta):
    """Each experiments tab opens with such a model as the session's own (it used to raise
    `unhashable type: 'list'` or `'list' object has no attribute 'get'`)."""

    from streamlit.testing.v1 import AppTest

    from seq2seq_core.data.corpus import Corpus
    from ui import state
    from ui.state import resources
    from ui.text.i18n import t

    tr = checkpoint.from_bytes(with_meta(model_bytes, meta))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"))
    at.default_timeout = 60
    at.run()
    at.switch_page("ui/pages/experiments.py").run()
    at.session_state[state.OWN_MODEL] = tr
    at.session_state[state.OWN_MODEL_NAME] = ""
    at.session_state[state.CORPUS] = Corpus(pairs=toy_pairs(30))
    at.session_state[state.CORPUS_NAME] = "reverse"  # the name its metadata may claim
    at.run()
    at.sidebar.selectbox(key=state.MODEL).set_value(resources.OWN).run()
    assert not at.exception, at.exception
    for tab in ("exp_tab_exposure", "exp_tab_beam", "exp_tab_sampling", "exp_tab_quiz"):
        at.session_state["exp_tab"] = t(tab, "en")
        at.run()
        assert not at.exception, (tab, at.exception)
