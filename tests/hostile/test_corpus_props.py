"""Corpus files from random bytes and random text (hypothesis): whatever comes in, the
outcome is a consistent `Corpus` or a clear `CorpusError`, never a traceback.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from seq2seq_core.data.corpus import (
    Corpus,
    CorpusError,
    parse_corpus,
    parse_parallel,
)
from seq2seq_core.data.tokenizers import normalize
from tests.support.hostile import LIMITS, clear_message
from ui.text.engine_messages import corpus_error

# --- corpus files: properties -----------------------------------------------------------


def _line_count(text: str) -> int:
    """Lines as the parser counts them: LF, CRLF or CR; the newline ending the last line
    does not open another."""
    parts = re.split(r"\r\n|\r|\n", text)
    if parts[-1] == "":
        parts.pop()
    return len(parts)


def _check_corpus(c: Corpus, n_lines: int) -> None:
    assert c.pairs and len(set(c.pairs)) == len(c.pairs)
    for side in (x for pair in c.pairs for x in pair):
        assert side and normalize(side) == side and unicodedata.is_normalized("NFC", side)
        assert len(side) <= LIMITS.max_chars
    numbers = [s.line_no for s in c.skipped]
    assert numbers == sorted(numbers) and all(1 <= no <= n_lines for no in numbers)
    assert all(s.reason and "\n" not in s.reason for s in c.skipped)
    # nothing silently dropped: every line is a pair, a skip, a duplicate, blank, the header
    # or the continuation of a CSV record's quoted field
    counted = len(c.pairs) + len(c.skipped) + c.duplicates + c.blank_lines + c.continued_lines
    assert counted + (c.header is not None) == n_lines


PIECES = ["\t", "\n", "\r", "\r\n", ",", '"', " ", "a", "가", "\u0301", "\u200b", "\ufeff"]
PIECES += ["🙂", "\u200d", "\x01", "\x85", "\u2028"]
BYTE_PIECES = [
    b"\t",
    b"\n",
    b"\r\n",
    b",",
    b'"',
    "가".encode(),
    "가".encode("cp949"),
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xff\xfe\x00\x00",
    b"%PDF",
    b"\x00",
    "a\t가\n".encode("utf-16-le"),
    "a\t가\n".encode("utf-32-be"),
    "私\t駅\n".encode("cp932"),
    "我\t車\n".encode("cp950"),
]
ODD_BYTES = st.lists(st.one_of(st.binary(max_size=24), st.sampled_from(BYTE_PIECES)), max_size=80)
ODD_TEXT = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(PIECES)), max_size=80)
FILENAMES = st.sampled_from([None, "pairs.tsv", "pairs.csv", "pairs.txt"])
ENCODINGS = ["utf-8", "utf-16", "utf-32", "utf-16-le", "utf-32-be"]  # with and without BOM
ENCODINGS += ["cp949", "cp932", "euc_jp", "gbk", "cp950", "koi8_r"]


def _byte_line_count(data: bytes, encoding: str) -> int:
    if encoding.startswith(("utf-16", "utf-32")):
        return _line_count(data.decode(encoding))
    return _line_count(data.decode("latin-1"))  # one character a byte: same line breaks


def parsed_or_refused(parse, *args):
    """The Corpus `parse(*args)` gives, or None after checking its refusal reads clearly (in
    English and in Korean)."""
    try:
        return parse(*args)
    except CorpusError as e:
        clear_message(str(e), [])
        clear_message(corpus_error(e, "ko"), [])
        return None


@settings(max_examples=150, derandomize=True, deadline=None)
@given(chunks=ODD_BYTES, filename=FILENAMES)
def test_random_bytes_give_a_corpus_or_a_clear_corpus_error(chunks, filename):
    data = b"".join(chunks)
    c = parsed_or_refused(parse_corpus, data, filename)
    if c is not None:
        _check_corpus(c, _byte_line_count(data, c.encoding))


@settings(max_examples=150, derandomize=True, deadline=None)
@given(chunks=ODD_TEXT, encoding=st.sampled_from(ENCODINGS), filename=FILENAMES)
def test_random_text_with_tabs_and_newlines(chunks, encoding, filename):
    text = "".join(chunks)
    data = text.encode(encoding, errors="replace")  # "?" for what the encoding cannot hold
    c = parsed_or_refused(parse_corpus, data, filename)
    if c is not None:
        _check_corpus(c, _line_count(text.removeprefix("\ufeff") if encoding == "utf-8" else text))


@settings(max_examples=100, derandomize=True, deadline=None)
@given(src=ODD_TEXT, tgt=ODD_TEXT)
def test_random_parallel_files(src, tgt):
    src_text, tgt_text = "".join(src), "".join(tgt)
    c = parsed_or_refused(parse_parallel, src_text.encode(), tgt_text.encode())
    if c is None:
        return
    lines = re.split(r"\r\n|\r|\n", src_text.removeprefix("\ufeff"))
    while lines and lines[-1] == "":
        lines.pop()
    assert c.pairs
    for side in (x for pair in c.pairs for x in pair):
        assert side and normalize(side) == side
    assert len(c.pairs) + len(c.skipped) + c.duplicates + c.blank_lines == len(lines)
