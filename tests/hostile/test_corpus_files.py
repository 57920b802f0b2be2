"""Hostile and odd corpus files: each ends in a usable `Corpus` (the right pairs, skipped
lines with their reasons) or a `CorpusError` whose one-sentence message names the problem.

Caps are read from the module (`CorpusLimits()`). Random inputs: test_hostile_corpus_props.py.
"""

from __future__ import annotations

import gzip
import io
import random
import unicodedata
import zipfile

import pytest

from seq2seq_core.data.corpus import (
    CorpusError,
    parse_corpus,
    parse_parallel,
    read_corpus_file,
)
from seq2seq_core.data.tokenizers import normalize, train_tokenizer
from tests.support.hostile import ENGLAND, LIMITS, clear_message, reasons, refused, tsv

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
    clear_message(str(info.value), ["ZIP"])


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
    clear_message(str(info.value), ["big.tsv", "over the limit", "MB"])


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
