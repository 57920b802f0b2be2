"""A checkpoint's metadata: the entries this app writes, each measured before it is parsed,
and the training story (its "meta") kept only where it has the types and bounds the app reads.

A file's metadata is whatever its author wrote, and `json.loads` would build all of it
before anyone looked: 16 MB of empty lists under an unknown key cost 400 MB per session
that loaded it. So an entry this app never writes is refused, and each one it writes is a
text of at most METADATA_BOUNDS characters holding at most that many values
(`bounded_json`, which also refuses a key twice, NaN and 41-digit integers, and nesting
deeper than Python's recursion limit) before it is parsed; the header itself holds at most
MAX_HEADER_VALUES values, and no text longer than the longest entry may be.

`clean_meta` then keeps each known entry of the story that fits and leaves out the rest,
entries it does not know included: `{"corpus": ["reverse"]}`, `"train_config": []`,
`"seed": "abc"` or `"max_len": true` used to load, then crash the experiments page
(`unhashable type: 'list'`) or decode 2,010 steps. The story is informative: the model
still loads without what was left out.
"""

from __future__ import annotations

import math
from dataclasses import fields
from typing import Any

from seq2seq_core import limits
from seq2seq_core.checkpoints import bounded_json
from seq2seq_core.config import ConfigError, TrainConfig
from seq2seq_core.training.events import EpochEvent

# A file saved here stays far below these (`checkpoint.to_bytes` leaves out the history's
# samples, then the history, to keep under them): the shipped models' stories are 4,700 to
# 47,000 characters, about 100 values per epoch with three samples, 35 without; their
# headers 250-320 values (a model has at most 38 tensors, of 14 values each); a tokenizer
# is a SentencePiece model (8 values) or a vocabulary of at most MAX_VOCAB entries.
MAX_STORY_CHARS = 1_000_000
MAX_STORY_VALUES = 60_000
MAX_HEADER_VALUES = 2048
MAX_TOKENIZER_CHARS = 3_000_000  # MAX_VOCAB words of 300 characters (a corpus's longest)
METADATA_BOUNDS = {  # entry: (characters, values) at most
    "format": (100, 0),
    "format_version": (100, 0),
    "model_config": (1000, 64),
    "src_tokenizer": (MAX_TOKENIZER_CHARS, 2 * limits.MAX_VOCAB + 16),
    "tgt_tokenizer": (MAX_TOKENIZER_CHARS, 2 * limits.MAX_VOCAB + 16),
    "meta": (MAX_STORY_CHARS, MAX_STORY_VALUES),
}
PARTS = {  # how the messages name each part of a header
    "header": "its header",
    "header_text": "a text in its header",
    "format": "its format name",
    "format_version": "its format version",
    "model_config": "its model description",
    "src_tokenizer": "its source tokenizer",
    "tgt_tokenizer": "its target tokenizer",
    "meta": "its training story (meta)",
}
MAX_NAME = 300  # characters of a name (corpus, tokenizer kind) kept
MAX_TEXT = 1000  # characters of a text kept (a sample, a piece), as budget.MAX_TEXT_CHARS
MAX_ITEMS = 100  # items of a list or table in a card, or samples of an epoch (TrainConfig's)
MAX_CARD_DEPTH = 3  # a shipped model's card: card -> scores -> numbers
NON_FINITE = ("NaN", "Infinity", "-Infinity")  # how trace.jsonable writes a non-finite loss


class MetadataError(Exception):
    """A header over a bound: `code` is one of checkpoint.MESSAGES, which says it with
    `params` and the file's name."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code, self.params = code, params
        super().__init__(code)


def parse(text: str, part: str) -> Any:
    """`text`, the header ("header") or one of its metadata entries, parsed within its
    bound; MetadataError over it, ValueError when it is not strict JSON."""
    cap = MAX_HEADER_VALUES if part == "header" else METADATA_BOUNDS[part][1]
    longest = 2 * MAX_TOKENIZER_CHARS if part == "header" else None  # "\"" is 2 characters
    try:
        return bounded_json.loads(text, cap, longest)
    except bounded_json.JsonBoundError as e:
        if e.code == "too_deep":
            raise MetadataError("too_deep") from None
        if e.code == "too_long":  # a text of the header, before it is parsed
            raise _over("too_long", "header_text", size=e.params["size"], cap=longest) from None
        if e.code == "too_many_values":
            raise _over("too_many_values", part, cap=cap) from None
        raise


def _over(code: str, part: str, **params: Any) -> MetadataError:
    """A part of the header over its bound; the messages name the part (PARTS)."""
    return MetadataError(code, part=PARTS[part], part_code=part, **params)


def check_metadata(meta: dict[str, Any]) -> None:
    """Only the entries this app writes, each a text within its length (MetadataError)."""
    for key, value in meta.items():
        if key not in METADATA_BOUNDS:
            raise MetadataError("unknown_entry", key=key[:40])
        if not isinstance(value, str):
            detail = f"its metadata entry {key!r} is not a text"
            raise MetadataError("not_safetensors", detail=detail)
        cap = METADATA_BOUNDS[key][0]
        if len(value) > cap:
            raise _over("too_long", key, size=len(value), cap=cap)


def story_fits(text: str) -> bool:
    """True when a story's JSON text is within its bounds (what `checkpoint.to_bytes` writes)."""
    if len(text) > MAX_STORY_CHARS:
        return False
    try:
        bounded_json.check_size(text, MAX_STORY_VALUES)
    except bounded_json.JsonBoundError:
        return False
    return True


def clean_meta(meta: Any) -> dict[str, Any]:
    """The known entries of `meta` that fit (a dict; anything else gives {})."""
    if not isinstance(meta, dict):
        return {}
    out: dict[str, Any] = {}
    for key, check in _KNOWN.items():
        kept = check(meta[key]) if key in meta else None
        if kept is not None:
            out[key] = kept
    return out


def _whole(value: Any, low: int, high: int) -> int | None:
    return value if limits.check_range("", value, low, high) is None else None


def _seed(value: Any) -> int | None:
    return _whole(value, 0, limits.MAX_SEED)


def _epochs(value: Any) -> int | None:
    return _whole(value, 0, limits.MAX_EPOCHS)


def _length_limit(value: Any) -> int | None:
    return _whole(value, limits.MIN_LENGTH_LIMIT, limits.MAX_LENGTH_LIMIT)


def _number(value: Any) -> float | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    return value if ok and math.isfinite(value) else None


def _seconds(value: Any) -> float | None:
    return value if _number(value) is not None and value >= 0 else None


def _name(value: Any) -> str | None:
    return value[:MAX_NAME] if isinstance(value, str) else None


def _text(value: Any) -> str | None:
    return value[:MAX_TEXT] if isinstance(value, str) else None


def _train_config(value: Any) -> dict[str, Any] | None:
    """The fields of a TrainConfig that are valid one by one (an older file may lack some or
    hold fields this version does not know: those are left out)."""
    if not isinstance(value, dict):
        return None
    known = {f.name for f in fields(TrainConfig)}
    out = {}
    for key, item in value.items():
        if key not in known or (isinstance(item, str) and len(item) > MAX_NAME):
            continue
        try:
            TrainConfig(**{key: item})
        except (ConfigError, TypeError, ValueError):
            continue
        out[key] = item
    return out


def _loss(value: Any) -> float | str | None:
    """A number, or a non-finite one as trace.jsonable writes it."""
    return (
        value
        if (isinstance(value, str) and value in NON_FINITE) or _number(value) is not None
        else None
    )


def _sample(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    texts = {key: _text(value.get(key)) for key in ("source", "reference", "hypothesis")}
    return texts if None not in texts.values() else None


def _list_of(check, most: int):
    def kept(value: Any) -> list | None:
        if not isinstance(value, list):
            return None
        items = [check(item) for item in value[:most]]
        return [item for item in items if item is not None]

    return kept


# One history entry: EpochEvent.to_dict() without its attention array, field by field.
_EPOCH_CHECKS = {
    "int": lambda value: _whole(value, 0, 10**12),
    "float": _loss,
    "str": _name,
    "list[str]": _list_of(_text, limits.MAX_LENGTH_LIMIT + 1),
    "list[Sample]": _list_of(_sample, MAX_ITEMS),
}
_EPOCH_FIELDS = {
    f.name: _EPOCH_CHECKS[f.type] for f in fields(EpochEvent) if f.type in _EPOCH_CHECKS
}


def _epoch(value: Any) -> dict[str, Any] | None:
    """The fields of one epoch's entry that fit; None without an epoch number."""
    if not isinstance(value, dict):
        return None
    out = {}
    for key, check in _EPOCH_FIELDS.items():
        kept = check(value[key]) if key in value else None
        if kept is not None:
            out[key] = kept
    return out if "epoch" in out else None


def _plain(value: Any, depth: int = 0) -> Any:
    """`value` as bounded plain data: finite numbers, texts, true and false, and lists and
    tables of at most MAX_ITEMS items, MAX_CARD_DEPTH deep; the rest (null too) is left
    out (None)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _text(value)
    if depth >= MAX_CARD_DEPTH or not isinstance(value, (list, tuple, dict)):
        return _number(value)
    if not isinstance(value, dict):  # a tuple: a list once saved
        items = (_plain(item, depth + 1) for item in value[:MAX_ITEMS])
        return [item for item in items if item is not None]
    items = list(value.items())[:MAX_ITEMS]
    pairs = ((str(k)[:MAX_NAME], _plain(v, depth + 1)) for k, v in items)
    return {k: v for k, v in pairs if v is not None}


def _card(value: Any) -> dict[str, Any] | None:
    """A shipped model's card (copied into its file): a table whose corpus is a name."""
    if not isinstance(value, dict):
        return None
    card = _plain(value)
    if not isinstance(card.get("corpus", ""), str):
        del card["corpus"]
    return card


_KNOWN = {
    "seed": _seed,
    "corpus": _name,
    "max_len": _length_limit,
    "epochs": _epochs,
    "best_epoch": _epochs,
    "train_seconds": _seconds,
    "train_config": _train_config,
    "history": _list_of(_epoch, limits.MAX_EPOCHS),
    "card": _card,
}
