"""Checkpoints: one safetensors file, no pickle anywhere.

Layout: the model's tensors (float32) under their state-dict names, and in the file's
metadata header (string -> string) the JSON of:
  format ("seq2seq-classroom"), format_version, model_config, src_tokenizer, tgt_tokenizer
  (SentencePiece model bytes as base64) and meta (training story).

Loading reads bytes and checks them in order, each step before anything larger is built:
1. the bytes (of a path: only a regular file, and at most MAX_FILE_BYTES + 1 bytes read):
   a pickle or a zip-based PyTorch `.pt` file is refused by its first bytes; a file over
   `limits.MAX_CHECKPOINT_BYTES` or a header over `limits.MAX_HEADER_BYTES` too;
2. the header (JSON, parsed in Python): measured before it is parsed, and each metadata
   entry too (`checkpoint_meta`: only the entries this app writes, each a text of bounded
   length holding a bounded number of values, not too deep, strict JSON). The model
   description must be a valid ModelConfig within the limits (parameter count included),
   and every tensor entry must have the name, dtype and shape that config needs, known
   from `model.parameter_shapes` (the model built on the "meta" device, no memory);
3. only then the tensors (safetensors checks offsets), which must be finite and below
   MAX_ABS_WEIGHT; then the model is built and filled;
4. the training story (meta) is kept only where it has the types the app reads
   (`checkpoint_meta.clean_meta`). Nothing in a file is ever executed.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load as st_load
from safetensors.torch import save as st_save

from seq2seq_core import limits
from seq2seq_core.checkpoints.meta import (
    MetadataError,
    check_metadata,
    clean_meta,
    parse,
    story_fits,
)
from seq2seq_core.config import ConfigError, ModelConfig
from seq2seq_core.data.tokenizer_state import tokenizer_from_state
from seq2seq_core.files import TooLarge, read_regular
from seq2seq_core.model.seq2seq import Seq2Seq, parameter_shapes
from seq2seq_core.translator import Translator

FORMAT = "seq2seq-classroom"
FORMAT_VERSION = 1
MAX_FILE_BYTES = limits.MAX_CHECKPOINT_BYTES
MAX_HEADER_BYTES = limits.MAX_HEADER_BYTES
# A trained weight is a few units at most (gradient clipping keeps it so); one of 1e4 or more
# (or NaN, or infinite) would give NaN or 100% probabilities downstream.
MAX_ABS_WEIGHT = 1e4
# safetensors' dtype names, as torch says them; weights may be stored as the first three
WEIGHT_DTYPES = {"F32": "float32", "F16": "float16", "BF16": "bfloat16"}
OTHER_DTYPES = {"F64": "float64", "I64": "int64", "I32": "int32", "I16": "int16", "I8": "int8"}
OTHER_DTYPES |= {"U64": "uint64", "U32": "uint32", "U16": "uint16", "U8": "uint8"}
OTHER_DTYPES |= {"BOOL": "bool", "F8_E4M3": "float8_e4m3fn", "F8_E5M2": "float8_e5m2"}


# Why a file is not a model, by code: CheckpointError(code, **params). The UI says the same
# codes in Korean (ui/text/engine_messages.py); the CLI prints these.
MESSAGES = {
    "too_big": "{name} is {mb:.1f} MB; model files here are at most {cap_mb:.1f} MB",
    "cannot_read": "cannot read {path}: {why}",
    "read_too_big": "reading {name} gave more than {cap_mb:.1f} MB, the limit of model files "
    "(it holds more than its size said, or grew while it was read)",
    "pickle": "{name} is a pickle-based PyTorch (.pt) checkpoint; loading it could run code, "
    "so it is refused. Use a .safetensors model saved by this app.",
    "too_short": "{name} is not a model file (too short)",
    "bad_header": "{name} is not a valid model file: it is truncated or its header is corrupt",
    "not_safetensors": "{name} is not a valid safetensors model file ({detail})",
    "not_ours": "{name} is a safetensors file, but not a model saved by this app",
    "version": "{name} has checkpoint format version {found!r}; this version of the app reads "
    "version {wanted}",
    "damaged": "{name} has a damaged description of its model ({detail})",
    "vocab_mismatch": "{name}: the tokenizers do not match the model's vocabulary sizes",
    "too_many_parameters": "{name} describes a model of {count:,} parameters; models here "
    "have at most {cap:,}",
    "too_deep": "{name} is not a valid model file: its header is nested too deeply",
    "too_many_values": "{name}: {part} holds more than {cap:,} values (lists, tables, texts, "
    "numbers); a model file saved here holds far fewer, so it is refused",
    "too_long": "{name}: {part} is {size:,} characters long; a model file saved here has at "
    "most {cap:,}, so it is refused",
    "unknown_entry": "{name}: its metadata holds an entry {key!r} that this app never "
    "writes, so it is refused",
    "weights_mismatch": "{name}: its weights do not fit its model description (missing "
    "{missing}, unexpected {extra})",
    "weight_shape": "{name}: weight {key} has shape {shape}, expected {expected}",
    "weight_type": "{name}: weight {key} has type {dtype}; weights are float32, float16 or "
    "bfloat16",
    "weight_not_finite": "{name}: weight {key} holds {count:,} values that are not numbers "
    "(NaN) or infinite; a model trained here never has them, so the file is refused",
    "weight_too_large": "{name}: weight {key} holds a value of {value:.3g}; trained weights are "
    "far below {cap:g}, so the file is refused",
    "no_shipped": "no shipped model named {name!r}",
}


_CAP_MB = MAX_FILE_BYTES / 1e6


class CheckpointError(ValueError):
    """A file that cannot be loaded as a model; the message says why, in one sentence, made
    from MESSAGES[code] and params (kept, so that a UI can say it in another language)."""

    def __init__(self, code: str, **params) -> None:
        self.code, self.params = code, params
        super().__init__(MESSAGES[code].format(**params))


def to_bytes(tr: Translator) -> bytes:
    """The checkpoint file's bytes (used for downloads and by `save`)."""
    tensors = {k: v.detach().contiguous().float() for k, v in tr.model.state_dict().items()}
    metadata = {
        "format": FORMAT,
        "format_version": str(FORMAT_VERSION),
        "model_config": json.dumps(tr.cfg.to_dict()),
        "src_tokenizer": json.dumps(tr.src_tok.to_state(), ensure_ascii=False),
        "tgt_tokenizer": json.dumps(tr.tgt_tok.to_state(), ensure_ascii=False),
    }
    # the story as a load keeps it (checkpoint_meta), whole if it fits within its bounds
    for meta in _leaner(clean_meta(tr.meta)):
        metadata["meta"] = json.dumps(meta, ensure_ascii=False, allow_nan=False)
        if story_fits(metadata["meta"]) and _header_bytes(metadata, len(tensors)) <= (
            MAX_HEADER_BYTES
        ):
            break
    return st_save(tensors, metadata=metadata)


def _leaner(meta: dict[str, Any]):
    """The training story, then without the history's samples, then without the history,
    then nothing."""
    yield meta
    history = meta.get("history")
    if isinstance(history, list):
        drop = ("samples", "attention_src", "attention_out")
        lean = [
            {k: v for k, v in h.items() if k not in drop} for h in history if isinstance(h, dict)
        ]
        yield {**meta, "history": lean}
    yield {k: v for k, v in meta.items() if k != "history"}
    yield {}


def _header_bytes(metadata: dict[str, str], n_tensors: int) -> int:
    """About the size of the safetensors header (metadata, and ~200 bytes per tensor entry)."""
    return len(json.dumps(metadata, ensure_ascii=False).encode()) + 200 * n_tensors


def save(tr: Translator, path: str | os.PathLike) -> Path:
    """Write atomically: a half-written file never takes the place of a good one."""
    path = Path(path)
    data = to_bytes(tr)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load(path: str | os.PathLike) -> Translator:
    """A model file: only a regular file (a directory, FIFO, device or socket is refused
    before it is read), and at most MAX_FILE_BYTES + 1 of its bytes (files.read_regular)."""
    path = Path(path)
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except TooLarge as e:
        if e.size is None:  # its status said less than it held (/proc, a growing file)
            raise CheckpointError("read_too_big", name=path.name, cap_mb=_CAP_MB) from None
        raise CheckpointError("too_big", name=path.name, mb=e.size / 1e6, cap_mb=_CAP_MB) from None
    except OSError as e:  # a file that is not regular says so in its message
        raise CheckpointError("cannot_read", path=str(path), why=e.strerror or str(e)) from None
    return from_bytes(data, name=path.name)


def _check_bytes(data: bytes, name: str) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise CheckpointError("too_big", name=name, mb=len(data) / 1e6, cap_mb=_CAP_MB)
    if (
        data[:2] in (b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05")
        or data[:4] == b"PK\x03\x04"
    ):
        raise CheckpointError("pickle", name=name)
    if len(data) < 8:
        raise CheckpointError("too_short", name=name)
    (header_len,) = struct.unpack("<Q", data[:8])
    if header_len > MAX_HEADER_BYTES or 8 + header_len > len(data):
        raise CheckpointError("bad_header", name=name)


def from_bytes(data: bytes, name: str = "the file") -> Translator:
    """Load a Translator from checkpoint bytes; any problem raises CheckpointError."""
    _check_bytes(data, name)
    try:
        header = _read_header(data, name)
        cfg, src_tok, tgt_tok, extra = _read_description(header, name)
    except MetadataError as e:  # a bound of checkpoint_meta
        raise CheckpointError(e.code, name=name, **e.params) from None
    _check_entries(header, parameter_shapes(cfg), name)  # before any tensor is read
    try:
        tensors = st_load(data)
    except Exception as e:  # safetensors raises its own error types and OverflowError
        raise CheckpointError("not_safetensors", name=name, detail=str(e)) from None
    _check_values(tensors, name)
    model = Seq2Seq(cfg)
    model.load_state_dict(tensors)
    model.eval()
    return Translator(model, src_tok, tgt_tok, extra)


def _read_header(data: bytes, name: str) -> dict[str, Any]:
    """The safetensors header: JSON of {tensor name: {dtype, shape, data_offsets}} and
    "__metadata__" (our description, string -> string)."""
    (header_len,) = struct.unpack("<Q", data[:8])
    try:
        header = parse(str(memoryview(data)[8 : 8 + header_len], "utf-8"), "header")
    except ValueError as e:  # not UTF-8, not JSON, or not strict JSON
        raise CheckpointError("not_safetensors", name=name, detail=str(e)) from None
    if not isinstance(header, dict):
        raise CheckpointError("not_safetensors", name=name, detail="its header is not a table")
    for key, entry in header.items():
        if key != "__metadata__" and not _is_entry(entry):
            detail = f"entry {key[:40]!r} is not a tensor description"
            raise CheckpointError("not_safetensors", name=name, detail=detail)
    return header


def _is_entry(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("dtype"), str)
        and isinstance(entry.get("shape"), list)
        and all(isinstance(d, int) and not isinstance(d, bool) for d in entry["shape"])
    )


def _read_description(header: dict[str, Any], name: str):
    """(ModelConfig, source tokenizer, target tokenizer, meta) from the header's metadata."""
    meta = header.get("__metadata__")
    meta = meta if isinstance(meta, dict) else {}
    if meta.get("format") != FORMAT:
        raise CheckpointError("not_ours", name=name)
    if meta.get("format_version") != str(FORMAT_VERSION):
        found = meta.get("format_version")
        found = found[:20] if isinstance(found, str) else found
        raise CheckpointError("version", name=name, found=found, wanted=FORMAT_VERSION)
    check_metadata(meta)
    try:
        model_config = parse(meta["model_config"], "model_config")
        if not isinstance(model_config, dict):
            raise TypeError("the model description is not a table")
        cfg = ModelConfig.from_dict(model_config)
        src_tok = tokenizer_from_state(parse(meta["src_tokenizer"], "src_tokenizer"))
        tgt_tok = tokenizer_from_state(parse(meta["tgt_tokenizer"], "tgt_tokenizer"))
        extra = parse(meta.get("meta", "{}"), "meta")
    except ConfigError as e:
        if e.code == "too_many_parameters":
            raise CheckpointError("too_many_parameters", name=name, **e.params) from None
        raise CheckpointError("damaged", name=name, detail=str(e)) from None
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise CheckpointError("damaged", name=name, detail=str(e)[:200]) from None
    if (src_tok.vocab_size, tgt_tok.vocab_size) != (cfg.src_vocab, cfg.tgt_vocab):
        raise CheckpointError("vocab_mismatch", name=name)
    return cfg, src_tok, tgt_tok, clean_meta(extra)


def _check_entries(header: dict[str, Any], expected: dict[str, tuple[int, ...]], name: str) -> None:
    """Every tensor the config needs, with its shape and a float dtype, and nothing else."""
    entries = {k: v for k, v in header.items() if k != "__metadata__"}
    missing = sorted(set(expected) - set(entries))
    extra = sorted(k[:60] for k in set(entries) - set(expected))
    if missing or extra:
        raise CheckpointError("weights_mismatch", name=name, missing=missing[:3], extra=extra[:3])
    for key, shape in expected.items():
        found = tuple(entries[key]["shape"])
        if found != shape:
            found = found if len(found) <= 8 else (*found[:8], "...")
            raise CheckpointError("weight_shape", name=name, key=key, shape=found, expected=shape)
        dtype = entries[key]["dtype"]
        if dtype not in WEIGHT_DTYPES:
            dtype = OTHER_DTYPES.get(dtype, dtype[:20])
            raise CheckpointError("weight_type", name=name, key=key, dtype=dtype)


def _check_values(tensors: dict[str, torch.Tensor], name: str) -> None:
    """Weights must be finite and below MAX_ABS_WEIGHT (NaN or 1e30 would load, then give
    "probability nan%" on every page)."""
    for key, tensor in tensors.items():
        values = tensor.float()
        bad = int((~torch.isfinite(values)).sum())
        if bad:
            raise CheckpointError("weight_not_finite", name=name, key=key, count=bad)
        if values.numel() and float(values.abs().max()) >= MAX_ABS_WEIGHT:
            peak = float(values.reshape(-1)[values.abs().argmax()])  # with its sign
            raise CheckpointError(
                "weight_too_large", name=name, key=key, value=peak, cap=MAX_ABS_WEIGHT
            )
