"""Corpus files an attack found read wrongly (issue 16, "Corpus reading"): CSV records with
line breaks, Windows-1252 text, a wrong separator on most lines, sizes at the cap, and
sentences of invisible characters. Every file is generated here."""

from __future__ import annotations

import pytest

from seq2seq_core.data.corpus import CorpusError, parse_corpus, parse_parallel, read_corpus_file
from tests.support.hostile import LIMITS, clear_message, reasons, refused, tsv
from ui.text.engine_messages import corpus_error, skip_reason

# --- CSV records with line breaks inside quoted fields (RFC 4180) --------------------------


def test_quoted_fields_with_line_breaks_are_one_record():
    data = 'en,fr\n"Hello\nworld",Bonjour\nbye,"au\r\nrevoir"\nok,"d\'accord"\n'
    c = parse_corpus(data.encode(), "pairs.csv")
    assert c.pairs == [("Hello world", "Bonjour"), ("bye", "au revoir"), ("ok", "d'accord")]
    assert not c.skipped and c.continued_lines == 2


def test_line_numbers_after_a_multi_line_record_stay_right():
    data = 'a,"one\ntwo\nthree"\nno comma here\nb,B\n"x\ny",\nc,C\n'
    c = parse_corpus(data.encode(), "pairs.csv")
    assert c.pairs == [("a", "one two three"), ("b", "B"), ("c", "C")]
    assert reasons(c) == [(4, "no comma between source and target"), (6, "target is empty")]
    assert c.continued_lines == 3


def test_a_quote_never_closed_costs_its_own_line_only():
    lines = ["a,A", '"oops,B', *[f"w{i},W{i}" for i in range(8)]]
    c = parse_corpus(("\n".join(lines) + "\n").encode(), "pairs.csv")
    assert c.pairs == [("a", "A"), *[(f"w{i}", f"W{i}") for i in range(8)]]
    assert reasons(c) == [(2, "a quoted field opens here and is never closed")]
    assert skip_reason(c.skipped[0], "ko") != c.skipped[0].reason


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "it’s\tc’est\n",
        "“Go.”\t« Va. »\nit’s\tc’est\nÇa va?\tÇa va.\n",
        "Grüß dich.\tSalut.\nCafé\tcafé\n",
    ],
    ids=["apostrophes", "quotes-and-guillemets", "accents"],
)
def test_windows_1252_is_not_read_as_cp949(text):
    c = parse_corpus(text.encode("cp1252"))
    expected = [tuple(line.split("\t")) for line in text.splitlines()]
    assert c.pairs == expected and c.encoding == "cp1252"
    assert "cp1252" in c.summary()


def test_a_file_of_curly_quotes_is_text():
    c = parse_corpus("“”\t‘’\n".encode("cp1252"))
    assert c.pairs == [("“”", "‘’")] and c.encoding == "cp1252"


def test_windows_1252_lines_among_utf8_lines():
    data = "Hé.\t안녕.\n".encode() + "it’s\tc’est\n".encode("cp1252")
    c = parse_corpus(data)
    assert c.pairs == [("Hé.", "안녕."), ("it’s", "c’est")]
    assert c.encoding == "mixed (utf-8/cp1252)"


def test_parallel_files_in_cp949_and_windows_1252():
    src, tgt = "안녕하세요.\n감사합니다.\n".encode("cp949"), "Ça va.\nMerci.\n".encode("cp1252")
    c = parse_parallel(src, tgt)
    assert c.pairs == [("안녕하세요.", "Ça va."), ("감사합니다.", "Merci.")]
    assert c.encoding == "cp949/cp1252"


# --- a wrong separator on most lines --------------------------------------------------------


def _spaces_instead_of_tabs(n: int) -> bytes:
    good = "I go.\t저는 가요.\n"
    return (good + "".join(f"word{i} 단어{i}\n" for i in range(n - 1))).encode()


@pytest.mark.parametrize("filename", [None, "pairs.tsv", "pairs.txt"])
def test_most_lines_without_a_tab_is_refused_with_the_cause(filename):
    msg = refused(_spaces_instead_of_tabs(70), "69 of 70 lines", "no tab", filename=filename)
    assert "(lines 2, 3, 4, 5, 6)" in msg


def test_most_lines_without_a_comma_in_a_csv_is_refused():
    data = b"a,b\n" + b"".join(b"x%d;y%d\n" % (i, i) for i in range(9))
    refused(data, "9 of 10 lines", "no comma", filename="pairs.csv")


def test_the_refusal_is_said_in_korean():
    with pytest.raises(CorpusError) as info:
        parse_corpus(_spaces_instead_of_tabs(70))
    ko = corpus_error(info.value, "ko")
    assert "70줄 중 69줄" in ko and "탭이 없음" in ko


def test_half_the_lines_unusable_is_still_read():
    c = parse_corpus(b"a\tA\nnote\nb\tB\nanother note\n")
    assert c.pairs == [("a", "A"), ("b", "B")] and len(c.skipped) == 2


def test_empty_and_long_sentences_do_not_refuse_a_file():
    rows = [("a", "A"), ("", "B"), ("c", ""), ("d" * (LIMITS.max_chars + 1), "D")]
    assert parse_corpus(tsv(rows)).pairs == [("a", "A")]


# --- sizes at the cap say different numbers -------------------------------------------------


def test_size_over_the_cap_and_the_cap_read_differently(tmp_path):
    over = LIMITS.max_bytes + 1
    msg = refused(b" " * over, "over the limit")
    assert f"{over:,} bytes" in msg and f"{LIMITS.max_bytes:,} bytes" in msg
    path = tmp_path / "big.tsv"
    with path.open("wb") as f:
        f.truncate(over)
    with pytest.raises(CorpusError) as info:
        read_corpus_file(path)
    clear_message(str(info.value), [f"{over:,} bytes", f"{LIMITS.max_bytes:,} bytes"])
    assert f"{over:,}바이트" in corpus_error(info.value, "ko")


# --- sentences of invisible characters ------------------------------------------------------


@pytest.mark.parametrize(
    "invisible",
    ["\u200d", "\u200c\u200d", "\u200b\u200d", "\u0301", "\u0301\u0302", "\u200d\u0301 \u200c"],
    ids=["zwj", "zwnj-zwj", "zwsp-zwj", "combining", "two-marks", "mixed"],
)
def test_invisible_sentences_are_skipped_as_empty(invisible):
    data = tsv([("a", "A"), (invisible, "B"), ("c", invisible), ("d", "D")])
    c = parse_corpus(data)
    assert c.pairs == [("a", "A"), ("d", "D")]
    assert [(s.line_no, s.code) for s in c.skipped] == [
        (2, "invisible_source"),
        (3, "invisible_target"),
    ]
    assert all(skip_reason(s, "ko") != s.reason for s in c.skipped)


def test_visible_text_with_joiners_and_marks_is_kept():
    pairs = [("👨‍👩‍👧", "가족"), ("می\u200cخواهم", "I want"), ("e\u0301", "é")]
    assert parse_corpus(tsv(pairs)).pairs == [pairs[0], pairs[1], ("é", "é")]
