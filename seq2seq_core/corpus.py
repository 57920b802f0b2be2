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
    "FILE_KINDS",
    "MESSAGES",
    "REASONS",
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
    (b"PK\x03\x04", "zip"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"\x1f\x8b", "gzip"),
    (b"\xd0\xcf\x11\xe0", "office"),
]
FILE_KINDS = {
    "zip": "a ZIP archive (or a .docx/.xlsx document)",
    "pdf": "a PDF document",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "gzip": "a gzip archive",
    "office": "an old Microsoft Office document",
}
# What a teacher reads, by code: CorpusError(code, **params) and SkippedLine.code. The UI
# translates by the same codes (ui/text/engine_messages.py); the CLI prints these.
MESSAGES = {
    "too_big": "The file is {size}, over the limit of {limit}. Use a smaller corpus.",
    "empty": "The file is empty.",
    "not_text_kind": "This looks like {kind_text}, not a text file of sentence pairs.",
    "bad_utf16": "The file starts like UTF-16 text but is not valid UTF-16.",
    "binary": "This is a binary file (it contains NUL bytes), not a text file.",
    "not_text": "This is not a text file: most lines are neither UTF-8 nor CP949 text.",
    "line_counts": "The source file has {src} lines and the target file {tgt}: parallel files "
    "must have one line for each other's line.",
    "too_many_pairs": "The file has more than {max_pairs:,} sentence pairs; a classroom model "
    "trains on fewer. Use a smaller corpus.",
    "no_pairs": "The file has no sentence pairs.",
    "nothing_usable": "No usable sentence pair was found: {reason} (lines {lines}). Each line "
    "needs a source sentence, a tab (or a comma in a .csv file), and its translation.",
    "file_too_big": "{name} is {size}, over the limit of {limit}. Use a smaller corpus.",
    "cannot_read": "Cannot read {path}: {why}",
}
REASONS = {
    "bad_encoding": "not valid UTF-8 or CP949 text",
    "no_tab": "no tab between source and target",
    "bad_csv": "not a valid CSV line ({error})",
    "no_comma": "no comma between source and target",
    "empty_source": "source is empty",
    "empty_target": "target is empty",
    "too_long": "sentence has {length} characters (cap {cap})",
}
_HEADER_WORDS = {
    "source", "target", "src", "tgt", "input", "output", "english", "korean", "en", "ko",
    "de", "fr", "es", "ja", "zh", "eng", "kor", "text", "translation", "sentence",
    "원문", "번역", "번역문", "영어", "한국어", "입력", "출력",
}  # fmt: skip


class CorpusError(ValueError):
    """A corpus that cannot be used; str(e) is one clear sentence for a teacher, made from
    MESSAGES[code] and params (kept, so that a UI can say it in another language)."""

    def __init__(self, code: str, **params) -> None:
        self.code, self.params = code, params
        super().__init__(MESSAGES[code].format(**params))


@dataclass(frozen=True)
class CorpusLimits:
    max_bytes: int = 5_000_000
    max_pairs: int = 50_000
    max_chars: int = 300


@dataclass
class SkippedLine:
    """A line not used: its number, and why (`reason`, REASONS[code] with params)."""

    line_no: int
    reason: str
    code: str = ""
    params: dict = field(default_factory=dict)


def _skipped(line_no: int, code: str, **params) -> SkippedLine:
    return SkippedLine(line_no, REASONS[code].format(**params), code, params)


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
        raise CorpusError("too_big", size=_size(len(data)), limit=_size(limits.max_bytes))
    if not data.strip():
        raise CorpusError("empty")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise CorpusError("not_text_kind", kind=kind, kind_text=FILE_KINDS[kind])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _LINE_BREAK.split(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            raise CorpusError("bad_utf16") from None
    if b"\x00" in data:
        raise CorpusError("binary")
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
        raise CorpusError("not_text")
    return lines, "mixed (utf-8/cp949)" if len(used) > 1 else next(iter(used), "utf-8")


def _looks_like_header(fields: list[str]) -> bool:
    return len(fields) >= 2 and all(f.strip().lower() in _HEADER_WORDS for f in fields[:2])


def _rows(
    lines: list[str | None], fmt: str
) -> list[tuple[int, list[str] | None, SkippedLine | None]]:
    """(line number, fields, None) for every non-blank line, or (number, None, why not)."""
    rows = []
    for no, line in enumerate(lines, start=1):
        if line is None:
            rows.append((no, None, _skipped(no, "bad_encoding")))
        elif not line.strip():
            continue
        elif fmt == "tsv":
            fields = line.split("\t")
            ok = len(fields) >= 2
            rows.append((no, fields if ok else None, None if ok else _skipped(no, "no_tab")))
        else:
            try:
                fields = next(csv.reader([line]), [])
            except csv.Error as e:
                rows.append((no, None, _skipped(no, "bad_csv", error=str(e))))
                continue
            ok = len(fields) >= 2
            rows.append((no, fields if ok else None, None if ok else _skipped(no, "no_comma")))
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
        raise CorpusError("line_counts", src=len(src_lines), tgt=len(tgt_lines))
    rows, blank = [], 0
    for no, (s, t) in enumerate(zip(src_lines, tgt_lines, strict=True), start=1):
        if s is None or t is None:
            rows.append((no, None, _skipped(no, "bad_encoding")))
        elif not s.strip() and not t.strip():
            blank += 1
        else:
            rows.append((no, [s, t], None))
    encoding = src_enc if src_enc == tgt_enc else f"{src_enc}/{tgt_enc}"
    corpus = _collect(rows, limits, "parallel", encoding)
    corpus.blank_lines = blank
    return corpus


def _collect(rows, limits: CorpusLimits, fmt: str, encoding: str) -> Corpus:
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    skipped: list[SkippedLine] = []
    duplicates = 0
    for no, fields, why_not in rows:
        if fields is None:
            skipped.append(why_not)
            continue
        src, tgt = normalize_text(fields[0]), normalize_text(fields[1])
        if not src or not tgt:
            skipped.append(_skipped(no, "empty_source" if not src else "empty_target"))
            continue
        longest = max(len(src), len(tgt))
        if longest > limits.max_chars:
            skipped.append(_skipped(no, "too_long", length=longest, cap=limits.max_chars))
            continue
        if (src, tgt) in seen:
            duplicates += 1
            continue
        seen.add((src, tgt))
        pairs.append((src, tgt))
        if len(pairs) > limits.max_pairs:
            raise CorpusError("too_many_pairs", max_pairs=limits.max_pairs)
    if not pairs:
        raise _why_nothing(skipped)
    return Corpus(pairs, skipped, duplicates, encoding, fmt)


def _why_nothing(skipped: list[SkippedLine]) -> CorpusError:
    if not skipped:
        return CorpusError("no_pairs")
    reason, _ = Counter(s.reason for s in skipped).most_common(1)[0]
    first = next(s for s in skipped if s.reason == reason)
    lines = ", ".join([str(s.line_no) for s in skipped if s.reason == reason][:5])
    return CorpusError("nothing_usable", reason=reason, lines=lines, skipped=first)


def read_corpus_file(path: str | os.PathLike, limits: CorpusLimits = CorpusLimits()) -> Corpus:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise CorpusError(
                "file_too_big", name=path.name, size=_size(size), limit=_size(limits.max_bytes)
            )
        data = path.read_bytes()
    except OSError as e:
        raise CorpusError("cannot_read", path=str(path), why=e.strerror or str(e)) from None
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
