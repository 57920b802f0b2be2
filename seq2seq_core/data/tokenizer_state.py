"""A tokenizer saved in a model file (`Tokenizer.to_state()`), read back within bounds.

The state comes from an uploaded file, so it is checked before anything is built from it:
its kind and entries, a vocabulary's length and entries, and a SentencePiece model's size and
number of pieces, counted from its bytes before SentencePiece reads it.
"""

from __future__ import annotations

import base64
from typing import Any

from seq2seq_core import limits
from seq2seq_core.data.tokenizers import (
    KINDS,
    CharTokenizer,
    SentencePieceTokenizer,
    Tokenizer,
    WordTokenizer,
)

# What a saved tokenizer may be (a model file's, read before its model is built): a vocabulary
# of at most MAX_VOCAB entries of at most MAX_PIECE_CHARS characters (the longest text the
# engine reads; a corpus sentence has at most 300), or a SentencePiece model of at most
# MAX_SP_MODEL_BYTES (one of 8,000 pieces is about 150 KB; a piece has at most 16
# characters) and MAX_VOCAB pieces.
MAX_PIECE_CHARS = 1000
MAX_SP_MODEL_BYTES = 1_000_000
_STATE_KEYS = {"char": {"vocab"}, "word": {"vocab"}}
_STATE_KEYS |= {k: {"model", "requested_vocab_size"} for k in KINDS[:2]}


def tokenizer_from_state(state: dict[str, Any]) -> Tokenizer:
    """Rebuild a tokenizer from `to_state()`; a bad state raises ValueError."""
    if not isinstance(state, dict):
        raise ValueError("tokenizer state must be an object")
    kind = state.get("kind")
    if kind not in _STATE_KEYS:
        raise ValueError(f"unknown tokenizer kind {str(kind)[:40]!r}")
    unknown = sorted(set(state) - _STATE_KEYS[kind] - {"kind"})
    if unknown:
        raise ValueError(f"{kind} tokenizer with unknown entries {unknown[:3]}")
    try:
        if kind in ("char", "word"):
            cls = CharTokenizer if kind == "char" else WordTokenizer
            return cls(_saved_vocab(state["vocab"]))
        proto = base64.b64decode(state["model"], validate=True)
        requested = state.get("requested_vocab_size", 0)
        if why := limits.check_range("requested vocabulary size", requested, 0, limits.MAX_VOCAB):
            raise ValueError(why)
        return SentencePieceTokenizer(_saved_model(proto), kind, requested)
    except (KeyError, TypeError, ValueError, RuntimeError) as e:
        raise ValueError(f"damaged {kind} tokenizer ({str(e)[:200]})") from None


def _saved_vocab(vocab: Any) -> list[str]:
    if not isinstance(vocab, list) or len(vocab) > limits.MAX_VOCAB:
        raise ValueError(f"the vocabulary must be a list of at most {limits.MAX_VOCAB:,} entries")
    if any(isinstance(s, str) and len(s) > MAX_PIECE_CHARS for s in vocab):
        raise ValueError(f"a vocabulary entry is over {MAX_PIECE_CHARS:,} characters long")
    return vocab


def _saved_model(proto: bytes) -> bytes:
    """`proto` when it is small enough and has at most MAX_VOCAB pieces, counted from its
    bytes before SentencePiece reads it (608,000 pieces in 9.6 MB took it 2.5 s and 52 MB)."""
    if len(proto) > MAX_SP_MODEL_BYTES:
        raise ValueError(
            f"the SentencePiece model is {len(proto):,} bytes; at most {MAX_SP_MODEL_BYTES:,}"
        )
    if (pieces := _count_pieces(proto)) > limits.MAX_VOCAB:
        raise ValueError(
            f"the SentencePiece model has {pieces:,} pieces; at most {limits.MAX_VOCAB:,}"
        )
    return proto


def _count_pieces(proto: bytes) -> int:
    """The `pieces` (field 1) of a SentencePiece ModelProto, read from its protobuf wire
    format: each top-level field is a varint key (field number << 3 | wire type), then a
    varint (type 0), 8 bytes (1), a varint length and that many bytes (2) or 4 bytes (5)."""
    count = at = 0
    while at < len(proto):
        key, at = _varint(proto, at)
        wire = key & 7
        if wire == 0:
            _, at = _varint(proto, at)
        elif wire == 2:
            length, at = _varint(proto, at)
            at += length
            count += key >> 3 == 1
        elif wire in (1, 5):
            at += 8 if wire == 1 else 4
        else:
            raise ValueError("the SentencePiece model is not a protocol buffer")
    return count


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while at < len(data) and shift < 64:
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if not byte & 0x80:
            return value, at
    raise ValueError("the SentencePiece model is not a protocol buffer")
