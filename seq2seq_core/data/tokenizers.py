"""Tokenizers: text <-> token ids, one interface, three kinds.

- SentencePiece (Kudo & Richardson 2018), unigram (Kudo 2018) or BPE (Sennrich et al. 2016),
  trained in memory on the corpus; pieces keep SentencePiece's "▁" word-start mark.
- characters: every character is a token (the space too).
- words: whitespace-separated words.

Every kind is reversible on normalized text: `decode(encode(t)) == normalize(t)` when every
character of t was seen in training; SentencePiece is trained with byte fallback, so a
character it never saw is spelled as its UTF-8 bytes (pieces `<0xE6>` ...) and round-trips too.
SentencePiece reads a "▁" in its input as a space; a literal "▁" (U+2581) of the text is
handed to it as LITERAL_MARK instead, and is spelled in its own UTF-8 bytes, or in a piece
learned from a corpus that had it; either decodes back to "▁" (`_escape`).
Where `<unk>` remains (a word or character never seen, or an older SentencePiece model without
byte fallback), the text around it keeps its spaces.

The special tokens have the same ids everywhere: `<pad>`=0, `<unk>`=1, `<sos>`=2, `<eos>`=3.
They are never produced from text: a corpus that contains the literal text `<eos>` (common in
tutorial files) gets it back as ordinary text, with ordinary ids.
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
_SKIPPED = (PAD_ID, SOS_ID, EOS_ID)  # ids that decode to nothing
_SPECIAL_IDS = {name: i for i, name in enumerate(SPECIALS)}
_BYTE_PIECE = re.compile(r"<0x([0-9A-F]{2})>")
WORD_START = "\u2581"  # SentencePiece's word-start mark "▁": a space inside its pieces
# What a literal "▁" of the text is to SentencePiece: a private-use character, which
# `normalize` drops from any text, so it can stand for nothing else. A model trained on text
# without "▁" never saw it: byte fallback spells it, and those bytes are swapped for the bytes
# of "▁" itself (`_literal_marks`). Text without "▁" is tokenized as it always was.
LITERAL_MARK = "\ue000"


def _escape(text: str) -> str:
    """Normalized text as SentencePiece must read it: a literal "▁" is LITERAL_MARK."""
    return text.replace(WORD_START, LITERAL_MARK) if WORD_START in text else text


def normalize(text: str) -> str:
    """NFC, control characters dropped, whitespace runs collapsed to one space, stripped."""
    if not text.isprintable():  # printable: no character to drop, no space but " " (fast)
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
        # text is looked up among the ordinary entries only: the word "<eos>" in a corpus is
        # an ordinary word (its own id, or <unk>), never the special id 3
        self.stoi = {s: i for i, s in enumerate(self.itos) if i >= len(SPECIALS)}

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
        kept = [i for i in ids if i not in _SKIPPED]  # by id: the word "<eos>" is kept
        return self._join([self.itos[i] if 0 <= i < len(self.itos) else UNK for i in kept])

    def id_to_piece(self, i: int) -> str:
        return self.itos[i] if 0 <= i < len(self.itos) else UNK

    def piece_to_id(self, piece: str) -> int:
        """The ordinary entry named `piece`, else the special of that name, else `<unk>`."""
        return self.stoi.get(piece, _SPECIAL_IDS.get(piece, UNK_ID))

    @property
    def vocab_size(self) -> int:
        return len(self.itos)

    def to_state(self) -> dict[str, Any]:
        return {"kind": self.kind, "vocab": self.itos}

    @classmethod
    def train(cls, texts: Sequence[str], vocab_size: int):
        counts = Counter(tok for t in texts for tok in cls._split(normalize(t)))
        ranked = sorted(counts, key=lambda tok: (-counts[tok], tok))
        return cls([*SPECIALS, *ranked[: max(0, vocab_size - len(SPECIALS))]])


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
        return self.encode_batch([text])[0] if text else []

    def encode_batch(self, texts: Sequence[str]) -> list[list[int]]:
        escaped = [_escape(self.normalize(t)) for t in texts]
        rows = self.sp.encode(escaped)
        return [
            self._literal_marks(ids) if LITERAL_MARK in t else ids
            for t, ids in zip(escaped, rows, strict=True)
        ]

    def _literal_marks(self, ids: list[int]) -> list[int]:
        """`ids` with each LITERAL_MARK spelled in byte pieces respelled in the bytes of the
        "▁" it stands for (what the token views show; `decode` reads either as "▁")."""
        mark, own = (
            [self.sp.piece_to_id(f"<0x{b:02X}>") for b in c.encode()]
            for c in (LITERAL_MARK, WORD_START)
        )
        if not all(self.sp.is_byte(i) for i in mark + own):  # no byte fallback: <unk>
            return ids
        out, i, n = [], 0, len(mark)
        while i < len(ids):
            if ids[i : i + n] == mark:  # 0xEE leads a character: never inside another one
                out += own
                i += n
            else:
                out.append(ids[i])
                i += 1
        return out

    def decode(self, ids: Sequence[int]) -> str:
        """Pieces joined, "▁" read as a space (the first one is the dummy prefix and dropped),
        byte pieces joined into UTF-8, `<unk>` written out with the spaces around it kept
        (SentencePiece's own decode would drop the space after it), LITERAL_MARK turned back
        into the literal "▁" it stands for."""
        parts, run, first = [], bytearray(), True
        for i in ids:
            if i in _SKIPPED or not 0 <= i < self.vocab_size or self.sp.is_control(i):
                continue
            at_start, first = first, False
            if self.sp.is_byte(i):
                run.append(int(self.sp.id_to_piece(i)[3:5], 16))
                continue
            parts.append(_utf8(run))
            run = bytearray()
            if i == UNK_ID:
                parts.append(UNK)
            else:
                piece = self.sp.id_to_piece(i)
                if at_start:  # the dummy prefix: the first piece's "▁" is no space
                    piece = piece.removeprefix(WORD_START)
                parts.append(piece.replace(WORD_START, " "))
        parts.append(_utf8(run))
        return "".join(parts).replace(LITERAL_MARK, WORD_START)

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


def _utf8(data: bytearray) -> str:
    """Bytes of byte pieces as text; each byte that starts no valid UTF-8 character becomes
    one U+FFFD, as in SentencePiece's own decode."""
    out, i = [], 0
    while i < len(data):
        for n in (1, 2, 3, 4):
            try:
                out.append(bytes(data[i : i + n]).decode("utf-8"))
                i += n
                break
            except UnicodeDecodeError:
                continue
        else:
            out.append("\ufffd")
            i += 1
    return "".join(out)


def piece_label(piece: str) -> str:
    """A piece as a person should see it: a byte piece `<0x3C>` of a printable ASCII byte
    is that character ("<"), another byte piece is its hex value ("0xE6": one byte of a
    character the tokenizer spells in UTF-8 bytes), a lone space is "␣", LITERAL_MARK is the
    literal "▁" it stands for; others unchanged."""
    match = _BYTE_PIECE.fullmatch(piece)
    if match:
        value = int(match.group(1), 16)
        return chr(value) if 0x21 <= value <= 0x7E else f"0x{match.group(1)}"
    return "␣" if piece == " " else piece.replace(LITERAL_MARK, WORD_START)


SP_MIN_VOCAB = 4 + 256 + 128  # specials, byte pieces, and room for real pieces


def _train_sentencepiece(
    kind: str, texts: Sequence[str], vocab_size: int
) -> SentencePieceTokenizer:
    """Train in memory; the vocabulary size is clipped to what the corpus allows."""
    lines = [_escape(normalize(t)) for t in texts]
    # Byte fallback spells an unseen character (and a typed "<eos>", whose "<" SentencePiece
    # will not learn) in UTF-8 bytes: 256 pieces of the vocabulary, so a SentencePiece
    # vocabulary has at least SP_MIN_VOCAB entries; above that the requested size holds.
    vocab_size = max(vocab_size, SP_MIN_VOCAB)
    lines = [t for t in _frequent_chars_only(lines, vocab_size - 256) if t] or ["."]
    chars = len({c for t in lines for c in t.replace(" ", WORD_START)}) + 1
    size = max(vocab_size, chars + len(SPECIALS) + 256)
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
                byte_fallback=True,
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
