"""Reading the parallel corpora teachers really have.

Accepted: TSV `source<TAB>target` (extra columns, as in Tatoeba/Anki exports, are
ignored), CSV with two columns (quoted fields, which may hold line breaks as RFC 4180 says;
optional header row), and two parallel files with one sentence a line. Encodings: UTF-8
(with or without BOM), UTF-16 and UTF-32 (with or without BOM), the East Asian encodings
(CP949, Shift-JIS, EUC-JP, ISO-2022-JP, GBK/GB18030, Big5), Windows-1252, KOI8-R and the
other Windows code pages, chosen as encoding.py explains; a file mixing UTF-8 lines
and lines in one other encoding is read line by line. Line endings LF, CRLF and CR.

Nothing is silently dropped: blank lines are counted, duplicates are counted, and every
other line that is not used is reported with its line number and the reason. A file that
cannot be used at all, or whose lines mostly cannot be read as pairs (see _MOSTLY), raises
`CorpusError` with one sentence for the teacher.

Default caps (`CorpusLimits`): 5 MB a file (of a path, at most 5 MB + 1 byte is ever read,
and only a regular file's), 50,000 pairs, 300 characters a sentence (a longer sentence is
skipped and reported).
"""

from __future__ import annotations

import csv
import os
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from seq2seq_core.data.encoding import check_kind, decode
from seq2seq_core.data.errors import FILE_KINDS, MESSAGES, CorpusError
from seq2seq_core.data.tokenizers import normalize as normalize_text
from seq2seq_core.files import TooLarge, read_regular

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

# Why a line is not used, by code: SkippedLine.code and its reason.
REASONS = {
    "bad_encoding": "not valid UTF-8 or {encoding} text",
    "no_tab": "no tab between source and target",
    "bad_csv": "not a valid CSV line ({error})",
    "no_comma": "no comma between source and target",
    "unclosed_quote": "a quoted field opens here and is never closed",
    "empty_source": "source is empty",
    "empty_target": "target is empty",
    "invisible_source": "source has only invisible characters (zero-width or combining marks)",
    "invisible_target": "target has only invisible characters (zero-width or combining marks)",
    "too_long": "sentence has {length} characters (cap {cap})",
}
# A file is refused when more than this share of its lines (pairs, skips, duplicates; not
# blank lines) cannot be read as a pair (no separator, broken CSV, not text): 69 of 70 lines
# without a tab means the separator is wrong (spaces instead of tabs, another delimiter), and
# training on the one pair left teaches nothing. Exactly half is still read (a short file
# with a few stray notes). Empty or too long sentences are the content's, not the format's:
# they are skipped and reported, never a reason to refuse the file.
_MOSTLY = 0.5
_FORMAT_CODES = {"no_tab", "no_comma", "bad_csv", "unclosed_quote", "bad_encoding"}
_HEADER_WORDS = {
    "source", "target", "src", "tgt", "input", "output", "english", "korean", "en", "ko",
    "de", "fr", "es", "ja", "zh", "eng", "kor", "text", "translation", "sentence",
    "원문", "번역", "번역문", "영어", "한국어", "입력", "출력",
}  # fmt: skip


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
    continued_lines: int = 0  # lines that continue a CSV record's quoted field

    def summary(self) -> str:
        return (
            f"{len(self.pairs)} pairs read, {len(self.skipped)} lines skipped, "
            f"{self.duplicates} duplicates ({self.format}, {self.encoding})"
        )


def _decode(data: bytes, limits: CorpusLimits) -> tuple[list[str | None], str]:
    """Bytes -> lines (None for a line that is not text), encoding name
    (corpus_encoding.py says how it is chosen)."""
    if len(data) > limits.max_bytes:
        raise CorpusError("too_big", **_sizes(len(data), limits.max_bytes))
    if not data.strip():
        raise CorpusError("empty")
    kind = check_kind(data)
    if kind:
        raise CorpusError("not_text_kind", kind=kind, kind_text=FILE_KINDS[kind])
    return decode(data)


def _sizes(size: int, limit: int) -> dict:
    """Sizes in bytes, so that 5,000,001 and 5,000,000 read differently (in MB both are
    "5.0 MB")."""
    return dict(size=size, limit=limit, limit_mb=f"{limit / 1e6:g}")


def _legacy(encoding: str) -> str:
    """ "CP949" of "mixed (utf-8/cp949)" or "cp949": the encoding a bad line is not valid in."""
    return encoding.removeprefix("mixed (utf-8/").removesuffix(")").upper()


def _looks_like_header(fields: list[str]) -> bool:
    return len(fields) >= 2 and all(f.strip().lower() in _HEADER_WORDS for f in fields[:2])


Row = tuple[int, "list[str] | None", "SkippedLine | None"]


def _rows(
    lines: list[str | None], fmt: str, encoding: str, max_chars: int
) -> tuple[list[Row], set[int]]:
    """(line number, fields, None) for every non-blank line or record, or (number, None, why
    not); and the numbers of the lines that continue a CSV record (a quoted field with line
    breaks, RFC 4180) after its first line."""
    rows: list[Row] = []
    continued: set[int] = set()
    i = 0
    while i < len(lines):
        no, line = i + 1, lines[i]
        i += 1
        if line is None:
            rows.append((no, None, _skipped(no, "bad_encoding", encoding=_legacy(encoding))))
        elif not line.strip():
            continue
        elif fmt == "tsv":
            fields = line.split("\t")
            ok = len(fields) >= 2
            rows.append((no, fields if ok else None, None if ok else _skipped(no, "no_tab")))
        else:
            fields, why_not, n_lines = _csv_record(lines, no - 1, 2 * max_chars + 1000)
            continued.update(range(no + 1, no + n_lines))
            i = no - 1 + n_lines
            rows.append((no, fields, why_not))
    return rows, continued


def _csv_record(
    lines: list[str | None], start: int, budget: int
) -> tuple[list[str] | None, SkippedLine | None, int]:
    """One CSV record from lines[start:]: (fields, None, lines used) or (None, why not, 1).
    A quoted field may hold line breaks, but not a None line nor more than `budget`
    characters: a quote that is never closed costs its own line, not the rest of the file."""
    no, line = start + 1, lines[start]
    if '"' not in line:  # no quoting: the csv module would split on commas too
        fields = line.split(",")
        return (fields, None, 1) if len(fields) >= 2 else (None, _skipped(no, "no_comma"), 1)
    fed = {"lines": 0, "ran_out": False}

    def feed():
        total = 0
        for j in range(start, len(lines)):  # by index: a slice would copy the rest each time
            line = lines[j]
            if line is None or (fed["lines"] and total > budget):
                break
            total += len(line)
            fed["lines"] += 1
            yield line + "\n"
        fed["ran_out"] = True  # the reader asked for more: a quote is still open

    try:
        fields = next(csv.reader(feed()), [])
    except csv.Error as e:
        return None, _skipped(no, "bad_csv", error=str(e)), 1
    if fed["ran_out"]:
        return None, _skipped(no, "unclosed_quote"), 1
    if len(fields) < 2:
        return None, _skipped(no, "no_comma"), fed["lines"]
    return fields, None, fed["lines"]


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
    rows, continued = _rows(lines, fmt, encoding, limits.max_chars)
    header = None
    if rows and rows[0][1] and _looks_like_header(rows[0][1]):
        header = (rows[0][1][0], rows[0][1][1])
        rows = rows[1:]
    corpus = _collect(rows, limits, fmt, encoding)
    blank = [no for no, x in enumerate(lines, 1) if x is not None and not x.strip()]
    corpus.blank_lines = len(set(blank) - continued)
    corpus.continued_lines = len(continued)
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
            enc = _legacy(src_enc if s is None else tgt_enc)
            rows.append((no, None, _skipped(no, "bad_encoding", encoding=enc)))
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
        why_empty = _why_empty(src, "source") or _why_empty(tgt, "target")
        if why_empty:
            skipped.append(_skipped(no, why_empty))
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
    total = len(pairs) + len(skipped) + duplicates
    misread = [s for s in skipped if s.code in _FORMAT_CODES]
    if len(misread) > _MOSTLY * total:
        raise _why_nothing(misread, total=total)
    return Corpus(pairs, skipped, duplicates, encoding, fmt)


def _why_empty(text: str, side: str) -> str | None:
    """ "empty_source", "invisible_source" (only zero-width characters, a lone combining mark,
    ...: nothing a reader sees), or None."""
    if not text:
        return f"empty_{side}"
    if not any(unicodedata.category(c)[0] in "LNPS" for c in text):
        return f"invisible_{side}"
    return None


def _why_nothing(skipped: list[SkippedLine], total: int = 0) -> CorpusError:
    """No pair at all ("nothing_usable"), or, with `total` (lines that are pairs, skips or
    duplicates), most of them skipped ("mostly_unusable"): the most common reason, with the
    first five of its lines."""
    if not skipped:
        return CorpusError("no_pairs")
    reason, _ = Counter(s.reason for s in skipped).most_common(1)[0]
    first = next(s for s in skipped if s.reason == reason)
    lines = ", ".join([str(s.line_no) for s in skipped if s.reason == reason][:5])
    if total:
        count = sum(s.reason == reason for s in skipped)
        return CorpusError(
            "mostly_unusable", count=count, total=total, reason=reason, lines=lines, skipped=first
        )
    return CorpusError("nothing_usable", reason=reason, lines=lines, skipped=first)


def read_corpus_file(path: str | os.PathLike, limits: CorpusLimits = CorpusLimits()) -> Corpus:
    """A corpus file: only a regular file (a directory, FIFO, device or socket is refused
    before it is read), and at most limits.max_bytes + 1 of its bytes (files.read_regular)."""
    path = Path(path)
    try:
        data = read_regular(path, limits.max_bytes)
    except TooLarge as e:
        if e.size is None:  # its status said less than it held (/proc, a growing file)
            sizes = _sizes(limits.max_bytes + 1, limits.max_bytes)
            raise CorpusError("read_too_big", name=path.name, **sizes) from None
        sizes = _sizes(e.size, limits.max_bytes)
        raise CorpusError("file_too_big", name=path.name, **sizes) from None
    except OSError as e:  # a file that is not regular says so in its message
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
