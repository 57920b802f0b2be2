"""Hostile and odd inputs: each one ends in a clear outcome, never a traceback.

- Corpus files give a usable `Corpus` (the right pairs, skipped lines with their reasons)
  or a `CorpusError` whose one-sentence message names the problem.
- Checkpoints give a working `Translator` or a `CheckpointError`; nothing in a file runs.
- Odd text decoded by tiny translators gets an answer, and the trace stays consistent.

Caps are read from the modules (`CorpusLimits()`, `checkpoint.MAX_*`, `MAX_SRC_LEN`).
"""

from __future__ import annotations

import gzip
import io
import json
import math
import pickle
import random
import re
import struct
import unicodedata
import zipfile

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from safetensors.torch import save as st_save

from seq2seq_core import checkpoint
from seq2seq_core.checkpoint import CheckpointError
from seq2seq_core.corpus import (
    Corpus,
    CorpusError,
    CorpusLimits,
    parse_corpus,
    parse_parallel,
    read_corpus_file,
)
from seq2seq_core.search import MAX_SRC_LEN, default_max_len
from seq2seq_core.tokenizers import EOS_ID, SOS_ID, UNK_ID, normalize, train_tokenizer
from seq2seq_core.translator import build_translator
from tests.conftest import CONFIGS, tiny_translator, toy_pairs

LIMITS = CorpusLimits()  # the documented default caps


def _clear(message: str, words) -> str:
    """A message for a teacher: one line, no traceback, and it names the problem."""
    assert message and "\n" not in message and "Traceback" not in message, message
    for word in words:
        assert word.lower() in message.lower(), f"{word!r} not in {message!r}"
    return message


def refused(data: bytes, *words: str, filename: str | None = None) -> str:
    with pytest.raises(CorpusError) as info:
        parse_corpus(data, filename)
    return _clear(str(info.value), words)


def reasons(corpus: Corpus) -> list[tuple[int, str]]:
    return [(s.line_no, s.reason) for s in corpus.skipped]


def tsv(pairs) -> bytes:
    return "".join(f"{s}\t{t}\n" for s, t in pairs).encode()


# --- corpus files: nothing usable -------------------------------------------------------


@pytest.mark.parametrize(
    "data, words",
    [
        (b"\n" * 50, ["empty"]),
        (b" \t \r\n\t\r\n  \r", ["empty"]),
        (b"\x0b\x0c \n", ["empty"]),
        (b"\xef\xbb\xbf", ["no sentence pairs"]),  # Notepad's empty UTF-8 file: a BOM only
        (b"\xef\xbb\xbf \r\n\t\r\n", ["no sentence pairs"]),
        (" \n\t\n".encode("utf-16"), ["no sentence pairs"]),
    ],
    ids=["newlines", "crlf-tabs-spaces", "vt-ff", "bom-only", "bom-whitespace", "utf16-blank"],
)
def test_empty_and_whitespace_only_files(data, words):
    refused(data, *words)


def _random_bytes_without_nul(n: int) -> bytes:
    return random.Random(0).randbytes(n).replace(b"\x00", b"\xff")


@pytest.mark.parametrize(
    "data, words",
    [
        (bytes(range(256)) * 16, ["binary", "NUL"]),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(64), ["binary", "NUL"]),
        (b"a\tb\n" * 10 + b"\x00", ["binary", "NUL"]),  # one stray NUL at the very end
        ("a\tb\n".encode("utf-16-le"), ["binary", "NUL"]),  # UTF-16 without its BOM
        (_random_bytes_without_nul(4096), ["not a text file"]),
        (gzip.compress(b"a\tb\n" * 100, mtime=0), ["gzip"]),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)), ["PNG image"]),
        (b"\xff\xd8\xff\xe0" + bytes(range(1, 256)), ["JPEG image"]),
        (b"GIF89a" + bytes(range(1, 256)), ["GIF image"]),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ["Microsoft Office"]),
    ],
    ids=[
        "all-bytes",
        "elf",
        "trailing-nul",
        "utf16-no-bom",
        "random",
        "gzip",
        "png",
        "jpeg",
        "gif",
        "ole",
    ],
)
def test_binary_files_are_refused(data, words):
    refused(data, *words)


def _zip(compression: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        z.writestr("pairs.tsv", "I go.\t저는 가요.\n" * 20)
    return buf.getvalue()


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_zip_archive_renamed_to_txt(tmp_path, compression):
    data = _zip(compression)  # stored: the sentences are readable inside, still refused
    refused(data, "ZIP archive", "not a text file", filename="pairs.txt")
    path = tmp_path / "pairs.txt"
    path.write_bytes(data)
    with pytest.raises(CorpusError) as info:
        read_corpus_file(path)
    _clear(str(info.value), ["ZIP"])


MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R /Size 4 >>\n%%EOF\n"
)


@pytest.mark.parametrize("filename", ["pairs.txt", "pairs.csv", None])
def test_minimal_pdf_is_refused(filename):
    refused(MINIMAL_PDF, "PDF document", "not a text file", filename=filename)


# --- corpus files: odd but usable -------------------------------------------------------


def test_lines_without_a_separator_name_the_first_five_lines():
    msg = refused(b"one\ntwo\nthree\nfour\nfive\nsix\nseven\n", "No usable", "no tab")
    assert "(lines 1, 2, 3, 4, 5)" in msg and "6" not in msg
    refused(b"one\ntwo\n", "no comma", filename="words.csv")


def test_lines_without_a_separator_among_good_lines_are_skipped():
    c = parse_corpus("I go.\t저는 가요.\nno separator\nYou eat.\t너는 먹어.\n   \nwords\n".encode())
    assert c.pairs == [("I go.", "저는 가요."), ("You eat.", "너는 먹어.")]
    no_tab = "no tab between source and target"
    assert reasons(c) == [(2, no_tab), (5, no_tab)]
    assert c.blank_lines == 1
    c = parse_corpus(b"one,1\nno comma\ntwo,2\n", "n.csv")
    assert c.pairs == [("one", "1"), ("two", "2")]
    assert reasons(c) == [(2, "no comma between source and target")]


@pytest.mark.parametrize(
    "text",
    [
        "Hello.\t안녕하세요.",
        "Hello.\t안녕하세요.\n",
        "Hello.\t안녕하세요.\r\n",
        "Hello.\t안녕하세요.\r",
        "\ufeffHello.\t안녕하세요.\n",
        "\n\n  Hello.  \t  안녕하세요. \n\n",
    ],
    ids=["no-newline", "lf", "crlf", "cr", "bom", "padded"],
)
def test_a_single_pair(text):
    c = parse_corpus(text.encode())
    assert c.pairs == [("Hello.", "안녕하세요.")]
    assert not c.skipped and c.duplicates == 0 and c.header is None
    c = parse_corpus(text.encode("utf-16"))
    assert c.pairs == [("Hello.", "안녕하세요.")]


def test_a_single_csv_pair_and_a_header_alone():
    c = parse_corpus('"Hello, you.",안녕.'.encode(), "one.csv")
    assert c.pairs == [("Hello, you.", "안녕.")]
    refused(b"source\ttarget\n", "no sentence pairs")


def test_ten_thousand_duplicates_keep_one_pair_and_are_counted():
    c = parse_corpus(b"I go.\tJe vais.\n" * 10_000)
    assert c.pairs == [("I go.", "Je vais.")]
    assert c.duplicates == 9_999 and not c.skipped and c.blank_lines == 0
    assert "1 pairs read, 0 lines skipped, 9999 duplicates" in c.summary()


def test_duplicates_are_found_after_normalization():
    c = parse_corpus("café\tcafe\ncafe\u0301\tcafe\n  café \t  cafe \n".encode())
    assert c.pairs == [("café", "cafe")] and c.duplicates == 2


@pytest.mark.parametrize("fmt, sep", [("tsv", "\t"), ("csv", ",")])
def test_a_line_of_100000_characters_among_good_lines(fmt, sep):
    long = "x" * 100_000
    lines = [f"a{sep}b", f"{long}{sep}y", f"c{sep}d", f"e{sep}{long}", f"f{sep}g"]
    c = parse_corpus(("\n".join(lines) + "\n").encode(), f"pairs.{fmt}")
    assert c.format == fmt
    assert c.pairs == [("a", "b"), ("c", "d"), ("f", "g")]
    why = f"sentence has 100000 characters (cap {LIMITS.max_chars})"
    assert reasons(c) == [(2, why), (4, why)]


# "짜요." and "감사" are valid UTF-8 whose bytes also happen to be valid CP949: a file whose
# UTF-8 lines are all like that used to be decoded as CP949 as a whole, into nonsense.
UTF8_LINES = [("It is salty.", "짜요."), ("Thanks.", "감사")]
CP949_LINES = [("I go.", "저는 가요."), ("You eat.", "너는 먹어.")]


def test_utf8_and_cp949_lines_in_one_file():
    utf8, cp949 = tsv(UTF8_LINES), tsv(CP949_LINES).decode().encode("cp949")
    assert utf8.decode("cp949")  # the trap: the UTF-8 part alone is valid CP949 too
    for data, pairs in [
        (utf8 + cp949, [*UTF8_LINES, *CP949_LINES]),
        (cp949 + utf8, [*CP949_LINES, *UTF8_LINES]),
    ]:
        c = parse_corpus(data)
        assert c.pairs == pairs and not c.skipped
        assert c.encoding == "mixed (utf-8/cp949)"


def test_cp949_file_is_still_cp949():
    data = tsv([("Hello.", "안녕하세요."), ("ok", "ok"), *CP949_LINES]).decode().encode("cp949")
    c = parse_corpus(data)
    assert c.pairs == [("Hello.", "안녕하세요."), ("ok", "ok"), *CP949_LINES]
    assert c.encoding == "cp949"


def test_parallel_files_in_two_encodings():
    c = parse_parallel(b"It is salty.\nThanks.\n", "짜요.\n감사해요.\n".encode("cp949"))
    assert c.pairs == [("It is salty.", "짜요."), ("Thanks.", "감사해요.")]
    assert c.encoding == "utf-8/cp949"


@pytest.mark.parametrize(
    "data",
    [b"a\x00b\tc\n", b"\x00", b"a\tb\n\x00\x00\x00\x00", b"a\tb\x00\x00\nc\td\n"],
    ids=["inside", "alone", "tail", "padding"],
)
def test_nul_bytes_mean_a_binary_file(data):
    refused(data, "binary", "NUL")
    with pytest.raises(CorpusError, match="NUL"):
        parse_parallel(data, b"x\n")


def test_nul_characters_in_utf16_text_are_dropped():
    c = parse_corpus("a\x00b\tc\x00\n".encode("utf-16"))
    assert c.pairs == [("ab", "c")]


ENGLAND = "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
EMOJI = ["👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "1️⃣", "🇰🇷", ENGLAND, "🙂🙃"]


def test_emoji_round_trip_exactly():
    pairs = [(f"{e} ok", f"좋아 {e}") for e in EMOJI]
    assert all(unicodedata.is_normalized("NFC", s + t) for s, t in pairs)
    assert parse_corpus(tsv(pairs)).pairs == pairs
    assert parse_corpus(tsv(pairs).decode().encode("utf-16")).pairs == pairs
    src, tgt = ("".join(f"{x}\n" for x in side).encode() for side in zip(*pairs, strict=True))
    assert parse_parallel(src, tgt).pairs == pairs
    for kind in ("char", "sentencepiece-unigram"):  # and on through the tokenizers
        tok = train_tokenizer(kind, [t for _, t in pairs], vocab_size=200)
        for _, t in pairs:
            assert tok.decode(tok.encode(t)) == t


@pytest.mark.parametrize(
    "raw, nfc",
    [
        ("cafe\u0301", "café"),
        ("\u1112\u1161\u11ab\u1100\u1173\u11af", "한글"),  # conjoining jamo -> syllables
        ("\u212b", "\u00c5"),  # ANGSTROM SIGN -> A with ring
        ("q\u0307\u0323", "q\u0323\u0307"),  # no precomposed form: marks reordered
        ("e\u200b\u0301", "é"),  # dropped zero-width space, then composed
        ("e\x01\u0301", "é"),  # dropped control character, then composed
    ],
    ids=["acute", "jamo", "angstrom", "reorder", "zwsp", "control"],
)
def test_combining_characters_come_out_nfc(raw, nfc):
    c = parse_corpus(f"{raw} x\t{raw}\n".encode())
    assert c.pairs == [(f"{nfc} x", nfc)]
    assert unicodedata.is_normalized("NFC", nfc) and normalize(nfc) == nfc


def test_right_to_left_text_keeps_its_logical_order():
    pairs = [
        ("Hello.", "مرحبا."),
        ("שלום עולם", "Hello world"),
        ("Welcome.", "مَرْحَبًا بِكُمْ"),  # Arabic with its vowel marks
        ("I want.", "می\u200cخواهم."),  # Persian: the zero-width non-joiner is spelling
        ("123 apples", "123 תפוחים"),
    ]
    assert all(unicodedata.is_normalized("NFC", s + t) for s, t in pairs)
    assert parse_corpus(tsv(pairs)).pairs == pairs
    assert parse_corpus(tsv(pairs), "rtl.csv").pairs == pairs  # tabs win over the name
    # marks that only steer display (RLM, bidi isolates) are dropped, as documented
    c = parse_corpus("\u200fשלום\u200f\tHi\n\u2067مرحبا\u2069\tHello\n".encode())
    assert c.pairs == [("שלום", "Hi"), ("مرحبا", "Hello")]


# --- corpus files: the documented caps, at and just over ------------------------------


def _padded(head: bytes, size: int) -> bytes:
    """`head` then lines of spaces (blank lines, cheap to parse) up to exactly `size` bytes."""
    pad = size - len(head)
    return head + (b" " * 999 + b"\n") * (pad // 1000) + b" " * (pad % 1000)


def test_byte_cap_at_and_just_over(tmp_path):
    head = tsv([("I go.", "저는 가요.")])
    at = _padded(head, LIMITS.max_bytes)
    assert len(at) == LIMITS.max_bytes
    assert parse_corpus(at).pairs == [("I go.", "저는 가요.")]
    refused(at + b" ", "over the limit", "MB", "smaller corpus")
    with pytest.raises(CorpusError, match="over the limit"):
        parse_parallel(b"a\n", _padded(b"b\n", LIMITS.max_bytes + 1))

    path = tmp_path / "at.tsv"
    path.write_bytes(at)
    assert len(read_corpus_file(path).pairs) == 1
    big = tmp_path / "big.tsv"
    with big.open("wb") as f:
        f.truncate(LIMITS.max_bytes + 1)  # sparse: refused from its size, never read
    with pytest.raises(CorpusError) as info:
        read_corpus_file(big)
    _clear(str(info.value), ["big.tsv", "over the limit", "MB"])


def test_pair_cap_at_and_just_over():
    n = LIMITS.max_pairs
    data = b"".join(b"%d\t%d\n" % (i, i) for i in range(n))
    c = parse_corpus(data + b"0\t0\n")  # a duplicate does not count
    assert len(c.pairs) == n and c.duplicates == 1
    refused(data + b"one more\tpair\n", f"more than {n:,} sentence pairs", "smaller corpus")


def test_sentence_length_cap_at_and_just_over():
    m = LIMITS.max_chars
    rows = [
        ("a" * m, "ok"),
        ("b" * (m + 1), "ok"),
        ("ok", "가" * m),  # characters, not bytes
        ("ok", "나" * (m + 1)),
        ("e\u0301" * m, "ok"),  # counted after NFC: m characters
        ("  " + "c" * m + "  ", "ok"),  # counted after stripping
        ("🙂" * m, "ok"),
    ]
    c = parse_corpus(tsv(rows))
    kept = [("a" * m, "ok"), ("ok", "가" * m), ("é" * m, "ok"), ("c" * m, "ok"), ("🙂" * m, "ok")]
    assert c.pairs == kept
    over = f"sentence has {m + 1} characters (cap {m})"
    assert reasons(c) == [(2, over), (4, over)]


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
    # nothing silently dropped: every line is a pair, a skip, a duplicate, blank or the header
    counted = len(c.pairs) + len(c.skipped) + c.duplicates + c.blank_lines
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
    b"%PDF",
]
ODD_BYTES = st.lists(st.one_of(st.binary(max_size=24), st.sampled_from(BYTE_PIECES)), max_size=80)
ODD_TEXT = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(PIECES)), max_size=80)
FILENAMES = st.sampled_from([None, "pairs.tsv", "pairs.csv", "pairs.txt"])


def _byte_line_count(data: bytes) -> int:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _line_count(data.decode("utf-16"))
    return _line_count(data.decode("latin-1"))  # one character a byte: same line breaks


@settings(max_examples=150, derandomize=True, deadline=None)
@given(chunks=ODD_BYTES, filename=FILENAMES)
def test_random_bytes_give_a_corpus_or_a_clear_corpus_error(chunks, filename):
    data = b"".join(chunks)
    try:
        c = parse_corpus(data, filename)
    except CorpusError as e:
        _clear(str(e), [])
    else:
        _check_corpus(c, _byte_line_count(data))


@settings(max_examples=150, derandomize=True, deadline=None)
@given(chunks=ODD_TEXT, encoding=st.sampled_from(["utf-8", "utf-16", "cp949"]), filename=FILENAMES)
def test_random_text_with_tabs_and_newlines(chunks, encoding, filename):
    text = "".join(chunks)
    data = text.encode(encoding, errors="replace")  # "?" for what CP949 cannot hold
    try:
        c = parse_corpus(data, filename)
    except CorpusError as e:
        _clear(str(e), [])
    else:
        _check_corpus(c, _line_count(text.removeprefix("\ufeff") if encoding == "utf-8" else text))


@settings(max_examples=100, derandomize=True, deadline=None)
@given(src=ODD_TEXT, tgt=ODD_TEXT)
def test_random_parallel_files(src, tgt):
    src_text, tgt_text = "".join(src), "".join(tgt)
    try:
        c = parse_parallel(src_text.encode(), tgt_text.encode())
    except CorpusError as e:
        _clear(str(e), [])
        return
    lines = re.split(r"\r\n|\r|\n", src_text.removeprefix("\ufeff"))
    while lines and lines[-1] == "":
        lines.pop()
    assert c.pairs
    for side in (x for pair in c.pairs for x in pair):
        assert side and normalize(side) == side
    assert len(c.pairs) + len(c.skipped) + c.duplicates + c.blank_lines == len(lines)


# --- checkpoints ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model_bytes() -> bytes:
    return checkpoint.to_bytes(tiny_translator())


def _split(data: bytes) -> tuple[dict, bytes]:
    (n,) = struct.unpack("<Q", data[:8])
    return json.loads(data[8 : 8 + n]), data[8 + n :]


def _join(header: dict, body: bytes) -> bytes:
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + body


def _with_header(data: bytes, change) -> bytes:
    header, body = _split(data)
    change(header)
    return _join(header, body)


def _with_model_config(data: bytes, **changes) -> bytes:
    def change(header):
        cfg = json.loads(header["__metadata__"]["model_config"])
        cfg.update(changes)
        header["__metadata__"]["model_config"] = json.dumps(cfg)

    return _with_header(data, change)


def refused_model(data: bytes, *words: str, name: str = "model.safetensors") -> str:
    with pytest.raises(CheckpointError) as info:
        checkpoint.from_bytes(data, name=name)
    return _clear(str(info.value), [name, *words])


class _Payload:
    """Unpickling this calls open(path, "w"): it would create the marker file."""

    def __init__(self, path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_payload_under_a_safetensors_name_is_refused_and_never_run(tmp_path, protocol):
    control = tmp_path / "control"
    pickle.loads(pickle.dumps(_Payload(control), protocol=protocol)).close()
    assert control.exists()  # the payload is live: unpickling it really runs it

    marker = tmp_path / "pwned"
    path = tmp_path / "model.safetensors"
    path.write_bytes(pickle.dumps({"model": _Payload(marker)}, protocol=protocol))
    with pytest.raises(CheckpointError) as info:
        checkpoint.load(path)
    # protocols 0 and 1 have no magic number: they fail as a header that makes no sense
    words = ["pickle", "refused"] if protocol >= 2 else ["not a valid model file"]
    _clear(str(info.value), ["model.safetensors", *words])
    assert not marker.exists()


@pytest.mark.parametrize("zip_format", [True, False], ids=["zip", "legacy"])
def test_torch_save_with_a_payload_is_refused_and_never_run(tmp_path, zip_format):
    marker = tmp_path / "pwned"
    path = tmp_path / "model.safetensors"
    payload = {"weight": torch.zeros(2), "extra": _Payload(marker)}
    torch.save(payload, path, _use_new_zipfile_serialization=zip_format)
    with pytest.raises(CheckpointError) as info:
        checkpoint.load(path)
    _clear(str(info.value), ["pickle", "refused", ".safetensors"])
    assert not marker.exists()


def _lie(kind: str):
    def change(header):
        names = sorted(k for k in header if k != "__metadata__")
        first, second = header[names[0]], header[names[1]]
        start, end = first["data_offsets"]
        if kind == "end past the file":
            first["data_offsets"] = [start, end + 10**6]
        elif kind == "reversed offsets":
            first["data_offsets"] = [end, start]
        elif kind == "overlapping tensors":
            second["data_offsets"] = list(first["data_offsets"])
        elif kind == "offset 2**64-1":
            first["data_offsets"] = [0, 2**64 - 1]
        elif kind == "shape larger than its bytes":
            first["shape"] = [d * 2 for d in first["shape"]]
        elif kind == "shape smaller than its bytes":
            first["shape"] = [1]
        elif kind == "negative size":
            first["shape"] = [-1]
        elif kind == "unknown dtype":
            first["dtype"] = "F128"
        elif kind == "integer dtype":
            first["dtype"] = "I32"
        else:
            raise AssertionError(kind)

    return change


@pytest.mark.parametrize(
    "kind, words",
    [
        ("end past the file", ["not a valid safetensors model file"]),
        ("reversed offsets", ["not a valid safetensors model file"]),
        ("overlapping tensors", ["not a valid safetensors model file"]),
        ("offset 2**64-1", ["not a valid safetensors model file"]),
        ("shape larger than its bytes", ["not a valid safetensors model file"]),
        ("shape smaller than its bytes", ["not a valid safetensors model file"]),
        ("negative size", ["not a valid safetensors model file"]),
        ("unknown dtype", ["not a valid safetensors model file"]),
        ("integer dtype", ["weight", "has type", "int32"]),
    ],
)
def test_header_that_lies_about_tensors(model_bytes, kind, words):
    refused_model(_with_header(model_bytes, _lie(kind)), *words)


def test_bytes_after_the_last_tensor(model_bytes):
    refused_model(model_bytes + b"\x00" * 8, "not a valid safetensors model file")


@pytest.mark.parametrize("declared", ["2**64-1", "past the end", "cap+1", "zero"])
def test_declared_header_length(model_bytes, declared):
    rest = model_bytes[8:]
    if declared == "2**64-1":
        data, words = struct.pack("<Q", 2**64 - 1) + rest, ["header is corrupt"]
    elif declared == "past the end":
        data, words = struct.pack("<Q", len(rest) + 1) + rest, ["truncated"]
    elif declared == "cap+1":  # the file really is that long: refused by the cap itself
        cap = checkpoint.MAX_HEADER_BYTES
        data, words = struct.pack("<Q", cap + 1) + b" " * (cap + 1) + rest, ["header is corrupt"]
    else:
        data, words = struct.pack("<Q", 0) + rest, ["not a valid"]
    refused_model(data, *words)


@pytest.mark.parametrize("keep", ["0", "1", "7", "8", "9", "half header", "header only", "-1"])
def test_truncated_file(model_bytes, keep):
    (n,) = struct.unpack("<Q", model_bytes[:8])
    cut = {"half header": 8 + n // 2, "header only": 8 + n, "-1": len(model_bytes) - 1}
    data = model_bytes[: cut.get(keep) or int(keep)]
    words = ["too short"] if len(data) < 8 else ["not a"]
    refused_model(data, *words)


def test_file_too_large_or_unreadable(tmp_path):
    huge = tmp_path / "huge.safetensors"
    with huge.open("wb") as f:
        f.truncate(checkpoint.MAX_FILE_BYTES + 1)  # sparse: refused from its size, never read
    with pytest.raises(CheckpointError) as info:
        checkpoint.load(huge)
    _clear(str(info.value), ["huge.safetensors", "MB", "at most"])
    with pytest.raises(CheckpointError) as info:
        checkpoint.load(tmp_path)  # a folder: used to escape as IsADirectoryError
    _clear(str(info.value), ["cannot read"])


def test_safetensors_file_that_is_not_one_of_our_models():
    refused_model(st_save({"w": torch.zeros(2)}), "not a model saved by this app")


def _state_dict() -> dict[str, torch.Tensor]:
    tr = tiny_translator()
    return {k: v.detach().clone().contiguous() for k, v in tr.model.state_dict().items()}


@pytest.mark.parametrize("change", ["extra row", "transposed", "missing", "unexpected"])
def test_weights_that_do_not_fit_the_config(model_bytes, change):
    header, _ = _split(model_bytes)
    tensors = _state_dict()
    key = next(k for k, v in tensors.items() if v.dim() == 2 and v.shape[0] != v.shape[1])
    if change == "extra row":
        tensors[key] = torch.cat([tensors[key], tensors[key][:1]])
        words = ["weight", key, "shape", "expected"]
    elif change == "transposed":
        tensors[key] = tensors[key].t().contiguous()
        words = ["weight", key, "shape", "expected"]
    elif change == "missing":
        del tensors[key]
        words = ["do not fit", "missing", key]
    else:
        tensors["decoder.extra.weight"] = torch.zeros(3)
        words = ["do not fit", "unexpected", "decoder.extra.weight"]
    refused_model(st_save(tensors, metadata=header["__metadata__"]), *words)


def _other_translator():
    """A model built for another vocabulary: the toy task plus three more words."""
    pairs = [*toy_pairs(), ("x y z", "z y x"), ("z a", "a z")]
    options = dict(emb=8, hidden=12, attention="general", bidirectional=True)
    return build_translator(pairs, options, "word", vocab_size=100, seed=0)


def test_tokenizer_of_another_vocabulary_inside_the_file(model_bytes):
    other = _other_translator()
    assert other.src_tok.vocab_size != checkpoint.from_bytes(model_bytes).src_tok.vocab_size

    def swap(header):
        header["__metadata__"]["src_tokenizer"] = json.dumps(other.src_tok.to_state())

    refused_model(_with_header(model_bytes, swap), "tokenizers do not match", "vocabulary")


def test_description_of_another_model_with_these_weights(model_bytes):
    other_header, _ = _split(checkpoint.to_bytes(_other_translator()))

    def swap(header):
        header["__metadata__"] = other_header["__metadata__"]

    refused_model(_with_header(model_bytes, swap), "shape", "expected")


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("layers", 1.5, ["layers", "int"]),  # used to escape as a TypeError from torch
        ("bidirectional", "yes", ["bidirectional", "bool"]),  # used to load, then crash
        ("emb", True, ["emb", "int"]),
        ("hidden", 12.0, ["hidden", "whole number"]),
        ("dropout", "0.1", []),
        ("rnn", "transformer", ["rnn must be one of"]),
    ],
)
def test_damaged_model_description(model_bytes, field, value, words):
    data = _with_model_config(model_bytes, **{field: value})
    refused_model(data, "damaged description of its model", *words)


def test_description_of_a_huge_model_is_refused_before_building_it(model_bytes):
    # a few KB of weights, described as a model of about 100 GB: refused from the description
    # alone (checkpoint.min_parameters), so nothing that size is ever allocated
    data = _with_model_config(model_bytes, emb=100_000, hidden=100_000)
    refused_model(data, "larger than the weights")


@pytest.mark.parametrize(
    "bad", [7, None, ["nested"], {"a": 1}], ids=["int", "null", "list", "dict"]
)
def test_vocabulary_entries_that_are_not_strings(model_bytes, bad):
    vocab = checkpoint.from_bytes(model_bytes).tgt_tok.vocab()
    vocab[-1] = bad  # same size, so only the entry itself is wrong

    def change(header):
        header["__metadata__"]["tgt_tokenizer"] = json.dumps({"kind": "word", "vocab": vocab})

    refused_model(_with_header(model_bytes, change), "damaged", "tokenizer")


# --- decoding odd text ------------------------------------------------------------------

DECODERS = {
    "word-lstm-feeding": ("word", CONFIGS[3]),
    "char-bahdanau": ("char", CONFIGS[4]),
    "spm-dot": ("sentencepiece-unigram", CONFIGS[1]),
}
HOSTILE_TEXTS = {
    "empty": "",
    "whitespace": " \t\r\n\u3000 ",
    "unknown-only": "☃ ✈ zzz qqq ###",
    "10000-words": ("a b c d " * 1250)[:10_000],
    "10000-chars": "ab" * 5_000,
    "control-nul": "a\x00 b\x01\x07\x1b[31m c\x7f\u200b d\x00",
    "emoji": f"👍🏽 a 👨‍👩‍👧 b {ENGLAND} c",
    "rtl": "שלום a مرحبا b",
}


@pytest.fixture(scope="module", params=list(DECODERS), ids=list(DECODERS))
def odd_translator(request):
    kind, config = DECODERS[request.param]
    return tiny_translator(config, tokenizer=kind)


def _check_trace(tr, trace, text: str) -> None:
    norm = normalize(text)
    full = tr.src_tok.encode(norm)
    assert trace.src_text == norm
    assert trace.truncated == (len(full) > MAX_SRC_LEN)
    assert trace.src_ids == (full[:MAX_SRC_LEN] or [UNK_ID])  # empty -> one <unk>
    assert len(trace.src_pieces) == len(trace.src_ids)
    assert 1 <= len(trace.steps) <= default_max_len(len(trace.src_ids))
    assert trace.steps[0].input_id == SOS_ID
    for prev, step in zip(trace.steps, trace.steps[1:], strict=False):
        assert step.input_id == prev.chosen_id
    for step in trace.steps:
        assert not step.forced
        assert step.chosen_id == step.argmax_id == step.topk_ids[0] == int(np.argmax(step.probs))
        assert np.isfinite(step.probs).all() and abs(float(step.probs.sum()) - 1) < 1e-4
        if trace.has_attention:
            assert step.attn_weights.shape == (len(trace.src_ids),)
    assert (trace.stop_reason == "eos") == (trace.steps[-1].chosen_id == EOS_ID)
    assert EOS_ID not in trace.output_ids
    assert trace.output_text == tr.tgt_tok.decode(trace.output_ids)
    json.loads(trace.to_json())  # the app's JSON view of the trace survives it too


@pytest.mark.parametrize("text", list(HOSTILE_TEXTS.values()), ids=list(HOSTILE_TEXTS))
def test_odd_text_is_decoded_and_the_trace_stays_consistent(odd_translator, text):
    tr = odd_translator
    trace = tr.trace(text)
    _check_trace(tr, trace, text)
    assert tr.translate([text, "a b c"])[0] == trace.output_text  # batched greedy agrees

    beam = tr.beam(text, k=3)
    scores = [h.score for h in beam.hypotheses]
    assert beam.hypotheses and all(math.isfinite(s) for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert tr.beam(text, k=1).hypotheses[0].ids == trace.output_ids  # k = 1 is greedy

    # the reference is scored token by token without a cap, so keep it to the 1,000
    # characters the app's text boxes allow
    reference = text[:1000]
    scored = tr.score(text, reference)
    assert [s.gold_id for s in scored.steps] == [*tr.tgt_tok.encode(reference), EOS_ID]
    assert all(math.isfinite(s.nll) and s.nll >= -1e-6 for s in scored.steps)
    assert math.isclose(scored.total_nll, sum(s.nll for s in scored.steps), rel_tol=1e-6)


def test_many_odd_texts_in_one_batch(odd_translator):
    texts = list(HOSTILE_TEXTS.values())
    assert odd_translator.translate(texts) == [odd_translator.trace(t).output_text for t in texts]
    assert odd_translator.translate([]) == []
