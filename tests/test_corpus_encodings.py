"""Corpus files in every encoding a classroom meets (issue 23, "Corpus files"): each is read
into exactly its sentences with the encoding named, or refused for its real reason.

Files are built here from known sentences (tests/corpus_samples.py), each paired with its
English, both ways round: 48 lines.
"""

from __future__ import annotations

import pytest

from seq2seq_core.corpus import CorpusError, parse_corpus, parse_parallel
from tests.corpus_samples import ENGLISH, JAPANESE, pairs
from tests.hostile_helpers import refused
from ui.text.engine_messages import corpus_error


def _both_ways(lang: str) -> list[tuple[str, str]]:
    forward = pairs(lang)
    return forward + [(t, s) for s, t in forward]


def _tsv(rows: list[tuple[str, str]]) -> str:
    return "".join(f"{s}\t{t}\n" for s, t in rows)


# --- UTF-16 and UTF-32 --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "zh-hant", "ko", "ru", "fr"])
@pytest.mark.parametrize(
    "encoding, bom, name",
    [
        ("utf-16-le", "", "utf-16-le"),
        ("utf-16-be", "", "utf-16-be"),
        ("utf-32-le", "", "utf-32-le"),
        ("utf-32-be", "", "utf-32-be"),
        ("utf-16-le", "\ufeff", "utf-16"),
        ("utf-16-be", "\ufeff", "utf-16"),
        ("utf-32-le", "\ufeff", "utf-32"),
        ("utf-32-be", "\ufeff", "utf-32"),
        ("utf-8", "\ufeff", "utf-8"),
    ],
)
def test_unicode_files_with_and_without_byte_order_mark(lang, encoding, bom, name):
    rows = _both_ways(lang)
    c = parse_corpus((bom + _tsv(rows)).encode(encoding))
    assert (c.encoding, c.skipped, c.pairs) == (name, [], rows)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_japanese_alone_in_utf16_without_bom(encoding):
    # no ASCII but the line breaks; 一 (U+4E00) puts a zero byte in the other half
    text = "".join(f"{ja}\n" for ja in JAPANESE)
    assert "一" in text
    c = parse_parallel("".join(f"{en}\n" for en in ENGLISH).encode(), text.encode(encoding))
    assert c.encoding == f"utf-8/{encoding}"
    assert c.pairs == list(zip(ENGLISH, JAPANESE, strict=True))


@pytest.mark.parametrize(
    "data",
    [
        "a\tb\n".encode("utf-16-le")[:-1],  # cut in the middle of a character
        b"\x00\xd8a\x00\t\x00b\x00\n\x00",  # a lone surrogate
        b"a\x00\x01\x00\x02\x00\x03\x00\t\x00\n\x00",  # control characters
        b"ab\x00\ncd\x00\te\x00",  # zero bytes in both halves (UTF-16-BE: 慢\n捤\t攀)
    ],
    ids=["odd-length", "surrogate", "controls", "both-halves"],
)
def test_nul_bytes_that_are_not_utf16_or_utf32_text_are_binary(data):
    refused(data, "binary", "NUL", "not UTF-16 or UTF-32")


@pytest.mark.parametrize(
    "data, name",
    [(b"\xff\xfea\x00\t", "UTF-16"), (b"\x00\x00\xfe\xff\x00\x00\x00a\x00", "UTF-32")],
    ids=["utf16-odd-length", "utf32-cut"],
)
def test_a_byte_order_mark_before_invalid_text_is_said(data, name):
    refused(data, "byte-order mark", f"not valid {name}")
    with pytest.raises(CorpusError) as info:
        parse_corpus(data)
    assert name in corpus_error(info.value, "ko") and "BOM" in corpus_error(info.value, "ko")
