"""Reading the parallel corpora teachers really have.

Accepted: TSV `source<TAB>target` (extra columns, as in Tatoeba/Anki exports, are
ignored), CSV with two columns (quoted fields, optional header row), and two parallel files
with one sentence a line. Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, and
CP949/EUC-KR (Korean Windows); a file mixing UTF-8 and CP949 lines is read line by line.
Line endings LF, CRLF and CR.

Nothing is silently dropped: blank lines are counted, duplicates are counted, and every
other line that is not used is reported with its line number and the reason. A file that
cannot be used at all raises `CorpusError` with one sentence for the teacher.

Default caps (`CorpusLimits`): 5 MB a file, 50,000 pairs, 300 characters a sentence
(a longer sentence is skipped and reported).
"""

from __future__ import annotations

import csv
import os
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .tokenizers import normalize as normalize_text

__all__ = [
    "Corpus",
    "CorpusError",
    "CorpusLimits",
    "SkippedLine",
    "normalize_text",
    "parse_corpus",
    "parse_parallel",
    "read_corpus_file",
    "split_pairs",
]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MAGIC = [
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx document)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
]
_HEADER_WORDS = {
    "source", "target", "src", "tgt", "input", "output", "english", "korean", "en", "ko",
    "de", "fr", "es", "ja", "zh", "eng", "kor", "text", "translation", "sentence",
    "원문", "번역", "번역문", "영어", "한국어", "입력", "출력",
}  # fmt: skip


class CorpusError(ValueError):
    """A corpus that cannot be used; str(e) is one clear sentence for a teacher."""


@dataclass(frozen=True)
class CorpusLimits:
    max_bytes: int = 5_000_000
    max_pairs: int = 50_000
    max_chars: int = 300


@dataclass
class SkippedLine:
    line_no: int
    reason: str


@dataclass
class Corpus:
    pairs: list[tuple[str, str]]
    skipped: list[SkippedLine] = field(default_factory=list)
    duplicates: int = 0
    encoding: str = "utf-8"
    format: str = "tsv"
    blank_lines: int = 0
    header: tuple[str, str] | None = None

    def summary(self) -> str:
        return (
            f"{len(self.pairs)} pairs read, {len(self.skipped)} lines skipped, "
            f"{self.duplicates} duplicates ({self.format}, {self.encoding})"
        )


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def _decode(data: bytes, limits: CorpusLimits) -> tuple[list[str | None], str]:
    """Bytes -> lines (None for a line that decodes in no accepted encoding), encoding name."""
    if len(data) > limits.max_bytes:
        raise CorpusError(
            f"The file is {_size(len(data))}, over the limit of {_size(limits.max_bytes)}. "
            "Use a smaller corpus."
        )
    if not data.strip():
        raise CorpusError("The file is empty.")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise CorpusError(f"This looks like {what}, not a text file of sentence pairs.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _LINE_BREAK.split(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            raise CorpusError("The file starts like UTF-16 text but is not valid UTF-16.") from None
    if b"\x00" in data:
        raise CorpusError("This is a binary file (it contains NUL bytes), not a text file.")
    try:
        return _LINE_BREAK.split(data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8 as a whole: decide line by line. Decoding the whole file as CP949 first
    # would turn its UTF-8 lines into nonsense whenever their bytes happen to be valid
    # CP949 ("짜요." is), which is common for short lines; CP949 lines are rarely valid UTF-8.
    return _decode_lines(data)


def _decode_lines(data: bytes) -> tuple[list[str | None], str]:
    lines: list[str | None] = []
    used = set()
    for raw in re.split(rb"\r\n|\r|\n", data.removeprefix(b"\xef\xbb\xbf")):
        for name in ("utf-8", "cp949"):
            try:
                lines.append(raw.decode(name))
                if not raw.isascii():  # an ASCII line says nothing about the encoding
                    used.add(name)
                break
            except UnicodeDecodeError:
                continue
        else:
            lines.append(None)
    if sum(line is None for line in lines) > len(lines) / 2:
        raise CorpusError("This is not a text file: most lines are neither UTF-8 nor CP949 text.")
    return lines, "mixed (utf-8/cp949)" if len(used) > 1 else next(iter(used), "utf-8")


def _looks_like_header(fields: list[str]) -> bool:
    return len(fields) >= 2 and all(f.strip().lower() in _HEADER_WORDS for f in fields[:2])


def _rows(lines: list[str | None], fmt: str) -> list[tuple[int, list[str] | None, str]]:
    """(line number, fields or None, reason) for every non-blank line."""
    rows = []
    for no, line in enumerate(lines, start=1):
        if line is None:
            rows.append((no, None, "not valid UTF-8 or CP949 text"))
        elif not line.strip():
            continue
        elif fmt == "tsv":
            fields = line.split("\t")
            rows.append(
                (no, fields if len(fields) >= 2 else None, "no tab between source and target")
            )
        else:
            try:
                fields = next(csv.reader([line]), [])
            except csv.Error as e:
                rows.append((no, None, f"not a valid CSV line ({e})"))
                continue
            rows.append(
                (no, fields if len(fields) >= 2 else None, "no comma between source and target")
            )
    return rows


def _detect_format(lines: list[str | None], filename: str | None) -> str:
    text_lines = [x for x in lines if x and x.strip()]
    tabs = sum("\t" in x for x in text_lines)
    if text_lines and tabs >= len(text_lines) / 2:
        return "tsv"
    if (filename or "").lower().endswith(".csv") or sum("," in x for x in text_lines) > tabs:
        return "csv"
    return "tsv"


def parse_corpus(
    data: bytes, filename: str | None = None, limits: CorpusLimits = CorpusLimits()
) -> Corpus:
    """Read a TSV or CSV corpus from bytes; raises CorpusError if nothing usable is in it."""
    lines, encoding = _decode(data, limits)
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    fmt = _detect_format(lines, filename)
    rows = _rows(lines, fmt)
    header = None
    if rows and rows[0][1] and _looks_like_header(rows[0][1]):
        header = (rows[0][1][0], rows[0][1][1])
        rows = rows[1:]
    corpus = _collect(rows, limits, fmt, encoding)
    corpus.blank_lines = sum(1 for x in lines if x is not None and not x.strip())
    corpus.header = header
    return corpus


def parse_parallel(src: bytes, tgt: bytes, limits: CorpusLimits = CorpusLimits()) -> Corpus:
    """Two files, one sentence a line, line i of one translating line i of the other."""
    src_lines, src_enc = _decode(src, limits)
    tgt_lines, tgt_enc = _decode(tgt, limits)
    while src_lines and src_lines[-1] == "":
        src_lines.pop()
    while tgt_lines and tgt_lines[-1] == "":
        tgt_lines.pop()
    if len(src_lines) != len(tgt_lines):
        raise CorpusError(
            f"The source file has {len(src_lines)} lines and the target file "
            f"{len(tgt_lines)}: parallel files must have one line for each other's line."
        )
    rows, blank = [], 0
    for no, (s, t) in enumerate(zip(src_lines, tgt_lines, strict=True), start=1):
        if s is None or t is None:
            rows.append((no, None, "not valid UTF-8 or CP949 text"))
        elif not s.strip() and not t.strip():
            blank += 1
        else:
            rows.append((no, [s, t], ""))
    encoding = src_enc if src_enc == tgt_enc else f"{src_enc}/{tgt_enc}"
    corpus = _collect(rows, limits, "parallel", encoding)
    corpus.blank_lines = blank
    return corpus


def _collect(rows, limits: CorpusLimits, fmt: str, encoding: str) -> Corpus:
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    skipped: list[SkippedLine] = []
    duplicates = 0
    for no, fields, reason in rows:
        if fields is None:
            skipped.append(SkippedLine(no, reason))
            continue
        src, tgt = normalize_text(fields[0]), normalize_text(fields[1])
        if not src or not tgt:
            skipped.append(SkippedLine(no, "source is empty" if not src else "target is empty"))
            continue
        longest = max(len(src), len(tgt))
        if longest > limits.max_chars:
            skipped.append(
                SkippedLine(no, f"sentence has {longest} characters (cap {limits.max_chars})")
            )
            continue
        if (src, tgt) in seen:
            duplicates += 1
            continue
        seen.add((src, tgt))
        pairs.append((src, tgt))
        if len(pairs) > limits.max_pairs:
            raise CorpusError(
                f"The file has more than {limits.max_pairs:,} sentence pairs; "
                "a classroom model trains on fewer. Use a smaller corpus."
            )
    if not pairs:
        raise CorpusError(_why_nothing(skipped, duplicates))
    return Corpus(pairs, skipped, duplicates, encoding, fmt)


def _why_nothing(skipped: list[SkippedLine], duplicates: int) -> str:
    if not skipped:
        return "The file has no sentence pairs."
    reason, _ = Counter(s.reason for s in skipped).most_common(1)[0]
    lines = ", ".join([str(s.line_no) for s in skipped if s.reason == reason][:5])
    return (
        f"No usable sentence pair was found: {reason} (lines {lines}). "
        "Each line needs a source sentence, a tab (or a comma in a .csv file), and its translation."
    )


def read_corpus_file(path: str | os.PathLike, limits: CorpusLimits = CorpusLimits()) -> Corpus:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise CorpusError(
                f"{path.name} is {_size(size)}, over the limit of {_size(limits.max_bytes)}. "
                "Use a smaller corpus."
            )
        data = path.read_bytes()
    except OSError as e:
        raise CorpusError(f"Cannot read {path}: {e.strerror or e}") from None
    return parse_corpus(data, path.name, limits)


def split_pairs(
    pairs: list[tuple[str, str]], valid_fraction: float = 0.1, seed: int = 0, min_valid: int = 1
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Seeded split into (train, valid); valid never takes more than half of the pairs."""
    if len(pairs) < 2:
        return list(pairs), []
    order = list(range(len(pairs)))
    random.Random(seed).shuffle(order)
    n_valid = min(max(min_valid, round(len(pairs) * valid_fraction)), len(pairs) // 2)
    valid = [pairs[i] for i in sorted(order[:n_valid])]
    train = [pairs[i] for i in sorted(order[n_valid:])]
    return train, valid
