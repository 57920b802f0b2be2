"""Tokenizers: text <-> token ids, one interface, three kinds.

- SentencePiece (Kudo & Richardson 2018), unigram (Kudo 2018) or BPE (Sennrich et al. 2016),
  trained in memory on the corpus; pieces keep SentencePiece's "▁" word-start mark.
- characters: every character is a token (the space too).
- words: whitespace-separated words.

Every kind is reversible on normalized text: `decode(encode(t)) == normalize(t)` when every
character of t was seen in training. The special tokens have the same ids everywhere:
`<pad>`=0, `<unk>`=1, `<sos>`=2, `<eos>`=3.
"""

from __future__ import annotations

import base64
import io
import re
import unicodedata
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Sequence
from typing import Any

import sentencepiece as spm

PAD, UNK, SOS, EOS = "<pad>", "<unk>", "<sos>", "<eos>"
PAD_ID, UNK_ID, SOS_ID, EOS_ID = 0, 1, 2, 3
SPECIALS = (PAD, UNK, SOS, EOS)
KINDS = ("sentencepiece-unigram", "sentencepiece-bpe", "char", "word")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFC, control characters dropped, whitespace runs collapsed to one space, stripped."""
    text = "".join(" " if c.isspace() else c for c in text if c.isspace() or _printable(c))
    # NFC after the drop: "e<U+200B><U+0301>" must become "é", not stay decomposed
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text).strip()


def _printable(c: str) -> bool:
    # kept format characters: the zero-width joiner and non-joiner (emoji sequences; Persian
    # and Indic spelling) and emoji tag characters (the flags of England, Scotland, Wales)
    return (
        unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")
        or c in "\u200c\u200d"
        or "\U000e0020" <= c <= "\U000e007f"
    )


class Tokenizer(ABC):
    kind: str

    def normalize(self, text: str) -> str:
        return normalize(text)

    @abstractmethod
    def encode(self, text: str) -> list[int]:
        """Ids of the normalized text; no `<sos>`/`<eos>`; unknown -> `<unk>`."""

    def encode_batch(self, texts: Sequence[str]) -> list[list[int]]:
        return [self.encode(t) for t in texts]

    def pieces(self, text: str) -> list[str]:
        """The tokens as the tokenizer sees them, one per id of `encode`."""
        return [self.id_to_piece(i) for i in self.encode(text)]

    @abstractmethod
    def decode(self, ids: Sequence[int]) -> str:
        """Text of ids; `<pad>`, `<sos>`, `<eos>` are skipped, `<unk>` is shown as "<unk>"."""

    @abstractmethod
    def id_to_piece(self, i: int) -> str: ...

    @abstractmethod
    def piece_to_id(self, piece: str) -> int: ...

    @property
    @abstractmethod
    def vocab_size(self) -> int: ...

    def vocab(self) -> list[str]:
        return [self.id_to_piece(i) for i in range(self.vocab_size)]

    @abstractmethod
    def to_state(self) -> dict[str, Any]:
        """JSON-serializable description; `tokenizer_from_state` inverts it."""


class _TableTokenizer(Tokenizer):
    """A tokenizer with an explicit vocabulary list (characters or words)."""

    def __init__(self, itos: Sequence[str]) -> None:
        if tuple(itos[:4]) != SPECIALS:
            raise ValueError("vocabulary must start with <pad> <unk> <sos> <eos>")
        if not all(isinstance(s, str) for s in itos):
            raise ValueError("every vocabulary entry must be a string")
        self.itos = list(itos)
        self.stoi = {s: i for i, s in enumerate(self.itos)}

    @staticmethod
    def _split(text: str) -> list[str]:
        raise NotImplementedError

    @staticmethod
    def _join(tokens: list[str]) -> str:
        raise NotImplementedError

    def encode(self, text: str) -> list[int]:
        get = self.stoi.get
        return [get(tok, UNK_ID) for tok in self._split(self.normalize(text))]

    def decode(self, ids: Sequence[int]) -> str:
        toks = [self.itos[i] if 0 <= i < len(self.itos) else UNK for i in ids]
        return self._join([t for t in toks if t not in (PAD, SOS, EOS)])

    def id_to_piece(self, i: int) -> str:
        return self.itos[i] if 0 <= i < len(self.itos) else UNK

    def piece_to_id(self, piece: str) -> int:
        return self.stoi.get(piece, UNK_ID)

    @property
    def vocab_size(self) -> int:
        return len(self.itos)

    def to_state(self) -> dict[str, Any]:
        return {"kind": self.kind, "vocab": self.itos}

    @classmethod
    def train(cls, texts: Sequence[str], vocab_size: int):
        counts = Counter(tok for t in texts for tok in cls._split(normalize(t)))
        ranked = sorted(counts, key=lambda tok: (-counts[tok], tok))
        return cls([*SPECIALS, *[t for t in ranked if t not in SPECIALS][: max(0, vocab_size - 4)]])


class CharTokenizer(_TableTokenizer):
    kind = "char"

    @staticmethod
    def _split(text: str) -> list[str]:
        return list(text)

    @staticmethod
    def _join(tokens: list[str]) -> str:
        return "".join(tokens)


class WordTokenizer(_TableTokenizer):
    kind = "word"

    @staticmethod
    def _split(text: str) -> list[str]:
        return text.split(" ") if text else []

    @staticmethod
    def _join(tokens: list[str]) -> str:
        return " ".join(tokens)


class SentencePieceTokenizer(Tokenizer):
    def __init__(self, model_proto: bytes, kind: str, requested_vocab_size: int = 0) -> None:
        self.kind = kind
        self.model_proto = model_proto
        self.requested_vocab_size = requested_vocab_size
        self.sp = spm.SentencePieceProcessor(model_proto=model_proto)

    def encode(self, text: str) -> list[int]:
        return self.sp.encode(self.normalize(text)) if text else []

    def encode_batch(self, texts: Sequence[str]) -> list[list[int]]:
        return self.sp.encode([self.normalize(t) for t in texts])

    def decode(self, ids: Sequence[int]) -> str:
        out, run = [], []
        for i in ids:
            if i == UNK_ID:
                out.append(self.sp.decode(run))
                out.append(UNK)
                run = []
            elif i not in (PAD_ID, SOS_ID, EOS_ID) and 0 <= i < self.vocab_size:
                run.append(i)
        out.append(self.sp.decode(run))
        return "".join(out)

    def id_to_piece(self, i: int) -> str:
        return self.sp.id_to_piece(i) if 0 <= i < self.vocab_size else UNK

    def piece_to_id(self, piece: str) -> int:
        return self.sp.piece_to_id(piece)

    @property
    def vocab_size(self) -> int:
        return self.sp.get_piece_size()

    def to_state(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "model": base64.b64encode(self.model_proto).decode("ascii"),
            "requested_vocab_size": self.requested_vocab_size,
        }


def _train_sentencepiece(
    kind: str, texts: Sequence[str], vocab_size: int
) -> SentencePieceTokenizer:
    """Train in memory; the vocabulary size is clipped to what the corpus allows."""
    lines = [normalize(t) for t in texts]
    lines = [t for t in _frequent_chars_only(lines, vocab_size) if t] or ["."]
    chars = len({c for t in lines for c in t.replace(" ", "▁")}) + 1
    size = max(vocab_size, chars + len(SPECIALS))
    model_type = "bpe" if kind.endswith("bpe") else "unigram"
    for _ in range(12):
        buf = io.BytesIO()
        try:
            spm.SentencePieceTrainer.train(
                sentence_iterator=iter(lines),
                model_writer=buf,
                model_type=model_type,
                vocab_size=size,
                character_coverage=1.0,
                normalization_rule_name="identity",
                add_dummy_prefix=True,
                remove_extra_whitespaces=False,
                pad_id=PAD_ID,
                unk_id=UNK_ID,
                bos_id=SOS_ID,
                eos_id=EOS_ID,
                pad_piece=PAD,
                unk_piece=UNK,
                bos_piece=SOS,
                eos_piece=EOS,
                num_threads=1,
                minloglevel=2,
            )
            return SentencePieceTokenizer(buf.getvalue(), kind, vocab_size)
        except RuntimeError as e:
            match = re.search(r"<= (\d+)", str(e))
            smaller = int(match.group(1)) if match else int(size * 0.7)
            if smaller >= size:
                smaller = size - 1
            size = max(smaller, len(SPECIALS) + 1)
    raise ValueError("could not train a SentencePiece model on this corpus")


def _frequent_chars_only(lines: list[str], vocab_size: int) -> list[str]:
    """The lines, without the characters that would not fit in `vocab_size` (the least
    frequent ones; they become `<unk>` when encoded). SentencePiece keeps every character
    it sees (its character_coverage cannot go under 0.98), so a corpus of 99,000 distinct
    characters made a 99,000-piece vocabulary whatever size was asked (issue 16)."""
    counts = Counter(c for t in lines for c in t if c != " ")
    keep = max(vocab_size - len(SPECIALS) - 2, 1)  # room for "▁" and one merge at least
    if len(counts) <= keep:
        return lines
    kept = {c for c, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:keep]}
    return [_SPACES.sub(" ", "".join(c for c in t if c in kept or c == " ")).strip() for t in lines]


def train_tokenizer(kind: str, texts: Sequence[str], vocab_size: int = 1000) -> Tokenizer:
    """Train a tokenizer of `kind` (one of KINDS) on `texts`; a tiny corpus never fails."""
    if kind == "char":
        return CharTokenizer.train(texts, vocab_size)
    if kind == "word":
        return WordTokenizer.train(texts, vocab_size)
    if kind in ("sentencepiece-unigram", "sentencepiece-bpe"):
        return _train_sentencepiece(kind, texts, vocab_size)
    raise ValueError(f"tokenizer must be one of {', '.join(KINDS)}, not {kind!r}")


def tokenizer_from_state(state: dict[str, Any]) -> Tokenizer:
    """Rebuild a tokenizer from `to_state()`; a bad state raises ValueError."""
    if not isinstance(state, dict):
        raise ValueError("tokenizer state must be an object")
    kind = state.get("kind")
    try:
        if kind == "char":
            return CharTokenizer(list(state["vocab"]))
        if kind == "word":
            return WordTokenizer(list(state["vocab"]))
        if kind in ("sentencepiece-unigram", "sentencepiece-bpe"):
            proto = base64.b64decode(state["model"], validate=True)
            return SentencePieceTokenizer(proto, kind, int(state.get("requested_vocab_size", 0)))
    except (KeyError, TypeError, ValueError, RuntimeError) as e:
        raise ValueError(f"damaged {kind} tokenizer ({e})") from None
    raise ValueError(f"unknown tokenizer kind {kind!r}")
