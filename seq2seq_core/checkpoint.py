"""Checkpoints: one safetensors file, no pickle anywhere.

Layout: the model's tensors (float32) under their state-dict names, and in the file's
metadata header (string -> string) the JSON of:
  format ("seq2seq-classroom"), format_version, model_config, src_tokenizer, tgt_tokenizer
  (SentencePiece model bytes as base64) and meta (training story).

Loading reads bytes, checks them before anything is parsed (a pickle or a zip-based
PyTorch `.pt` file is refused by its first bytes, a header length larger than the file or
than 16 MB is refused), lets safetensors check tensor offsets, then checks that every
tensor has the shape the config asks for. Nothing in a file is ever executed.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load as st_load
from safetensors.torch import save as st_save

from .config import ConfigError, ModelConfig
from .model import Seq2Seq
from .tokenizers import tokenizer_from_state
from .translator import Translator

FORMAT = "seq2seq-classroom"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_HEADER_BYTES = 16 * 1024 * 1024


# Why a file is not a model, by code: CheckpointError(code, **params). The UI says the same
# codes in Korean (ui/text/engine_messages.py); the CLI prints these.
MESSAGES = {
    "too_big": "{name} is {mb:.0f} MB; models here are at most 200 MB",
    "cannot_read": "cannot read {path}: {why}",
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
    "too_small": "{name} describes a model larger than the weights it holds",
    "weights_mismatch": "{name}: its weights do not fit its model description (missing "
    "{missing}, unexpected {extra})",
    "weight_shape": "{name}: weight {key} has shape {shape}, expected {expected}",
    "weight_type": "{name}: weight {key} has type {dtype}",
    "no_shipped": "no shipped model named {name!r}",
}


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
        "src_tokenizer": json.dumps(tr.src_tok.to_state()),
        "tgt_tokenizer": json.dumps(tr.tgt_tok.to_state()),
        "meta": json.dumps(tr.meta, ensure_ascii=False, default=_jsonable),
    }
    return st_save(tensors, metadata=metadata)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"not JSON-serializable: {type(value).__name__}")


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
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CheckpointError("too_big", name=path.name, mb=size / 1e6)
        data = path.read_bytes()  # a directory or an unreadable file fails here, not in stat
    except OSError as e:
        raise CheckpointError("cannot_read", path=str(path), why=e.strerror or str(e)) from None
    return from_bytes(data, name=path.name)


def _check_bytes(data: bytes, name: str) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise CheckpointError("too_big", name=name, mb=len(data) / 1e6)
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
        tensors = st_load(data)
        header = json.loads(data[8 : 8 + struct.unpack("<Q", data[:8])[0]])
    except Exception as e:  # safetensors raises its own error types and OverflowError
        raise CheckpointError("not_safetensors", name=name, detail=str(e)) from None
    meta = header.get("__metadata__") or {}
    if meta.get("format") != FORMAT:
        raise CheckpointError("not_ours", name=name)
    if meta.get("format_version") != str(FORMAT_VERSION):
        raise CheckpointError(
            "version", name=name, found=meta.get("format_version"), wanted=FORMAT_VERSION
        )
    try:
        cfg = ModelConfig.from_dict(json.loads(meta["model_config"]))
        src_tok = tokenizer_from_state(json.loads(meta["src_tokenizer"]))
        tgt_tok = tokenizer_from_state(json.loads(meta["tgt_tokenizer"]))
        extra = json.loads(meta.get("meta", "{}"))
    except (KeyError, TypeError, ValueError, ConfigError) as e:
        raise CheckpointError("damaged", name=name, detail=str(e)) from None
    _check_config_types(cfg, name)
    if (src_tok.vocab_size, tgt_tok.vocab_size) != (cfg.src_vocab, cfg.tgt_vocab):
        raise CheckpointError("vocab_mismatch", name=name)
    if min_parameters(cfg) > sum(t.numel() for t in tensors.values()):
        # a few bytes describing a model of billions of weights: refuse before allocating it
        raise CheckpointError("too_small", name=name)
    model = Seq2Seq(cfg)
    _check_tensors(model, tensors, name)
    model.load_state_dict(tensors)
    model.eval()
    return Translator(model, src_tok, tgt_tok, extra if isinstance(extra, dict) else {})


def min_parameters(cfg: ModelConfig) -> int:
    """A lower bound on the parameter count of `Seq2Seq(cfg)`, from the tensors every
    configuration has: both embeddings, the output layer (from at least `hidden` inputs) and
    the encoder RNN's input and recurrent weights of one gate."""
    return (
        (cfg.src_vocab + cfg.tgt_vocab) * cfg.emb
        + cfg.tgt_vocab * cfg.hidden
        + (cfg.emb + cfg.hidden) * cfg.hidden
    )


_FIELD_TYPES = {"int": (int,), "bool": (bool,), "float": (int, float), "str": (str,)}


def _check_config_types(cfg: ModelConfig, name: str) -> None:
    """ModelConfig checks ranges, not JSON types: `"layers": 1.5` or `"bidirectional": "yes"`
    would pass it and fail later inside torch."""
    for f in fields(ModelConfig):
        value, allowed = getattr(cfg, f.name), _FIELD_TYPES.get(f.type)
        if allowed is None:
            continue
        if not isinstance(value, allowed) or (isinstance(value, bool) and f.type != "bool"):
            detail = f"{f.name} must be of type {f.type}, not {value!r}"
            raise CheckpointError("damaged", name=name, detail=detail)


def _check_tensors(model: Seq2Seq, tensors: dict[str, torch.Tensor], name: str) -> None:
    expected = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    missing = sorted(set(expected) - set(tensors))
    extra = sorted(set(tensors) - set(expected))
    if missing or extra:
        raise CheckpointError("weights_mismatch", name=name, missing=missing[:3], extra=extra[:3])
    for key, shape in expected.items():
        if tuple(tensors[key].shape) != shape:
            found = tuple(tensors[key].shape)
            raise CheckpointError("weight_shape", name=name, key=key, shape=found, expected=shape)
        if tensors[key].dtype not in (torch.float32, torch.float16, torch.bfloat16):
            raise CheckpointError("weight_type", name=name, key=key, dtype=tensors[key].dtype)
