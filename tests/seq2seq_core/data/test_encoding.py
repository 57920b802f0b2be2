"""Corpus files in every encoding a classroom meets (issue 23, "Corpus files"): each is read
into exactly its sentences with the encoding named, or refused for its real reason.

Files are built here from known sentences (tests/support/corpus_samples.py), each paired with its
English, both ways round: 48 lines.
"""

from __future__ import annotations

import ast

import pytest

from seq2seq_core.data import corpus
from seq2seq_core.data import encoding as corpus_encoding
from seq2seq_core.data import errors as corpus_errors
from seq2seq_core.data.corpus import CorpusError, parse_corpus, parse_parallel
from tests.support.corpus_samples import ENGLISH, JAPANESE, pairs
from tests.support.hostile import refused
from tests.support.paths import REPO_ROOT
from ui.text.engine_messages import corpus_error


def _both_ways(lang: str) -> list[tuple[str, str]]:
    forward = pairs(lang)
    return forward + [(t, s) for s, t in forward]


def _tsv(rows: list[tuple[str, str]]) -> str:
    return "".join(f"{s}\t{t}\n" for s, t in rows)


def _read(rows: list[tuple[str, str]], encoding: str, name: str) -> None:
    c = parse_corpus(_tsv(rows).encode(encoding))
    assert (c.encoding, c.skipped, c.pairs) == (name, [], rows)


# --- legacy encodings -------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, encoding, name",
    [
        ("ja", "shift_jis", "cp932"),
        ("ja", "cp932", "cp932"),
        ("ja", "euc_jp", "euc_jp"),
        ("ja", "iso2022_jp", "iso2022_jp"),
        ("zh-hans", "gb2312", "gbk"),
        ("zh-hans", "gbk", "gbk"),
        ("zh-hans", "gb18030", "gbk"),
        ("zh-hant", "big5", "cp950"),
        ("zh-hant", "cp950", "cp950"),
        ("ko", "euc_kr", "cp949"),
        ("ko", "cp949", "cp949"),
        ("ru", "koi8_r", "koi8-r"),
        ("ru", "cp1251", "cp1251"),
        ("ru", "iso8859_5", "iso8859-5"),
        ("fr", "cp1252", "cp1252"),
        ("fr", "latin-1", "cp1252"),
        ("de", "cp1252", "cp1252"),
        ("de", "latin-1", "cp1252"),
    ],
)
def test_legacy_files_are_read_and_named(lang, encoding, name):
    _read(_both_ways(lang), encoding, name)


@pytest.mark.parametrize(
    "lang, encoding, name",
    [
        ("ja", "shift_jis", "cp932"),
        ("ja", "euc_jp", "euc_jp"),
        ("zh-hans", "gb2312", "gbk"),
        ("zh-hant", "big5", "cp950"),
        ("ko", "euc_kr", "cp949"),
        ("ru", "koi8_r", "koi8-r"),
    ],
)
def test_three_line_files_are_read_and_named(lang, encoding, name):
    _read(pairs(lang)[:3], encoding, name)


@pytest.mark.parametrize("encoding, name", [("koi8_r", "koi8-r"), ("cp1251", "cp1251")])
@pytest.mark.parametrize("ru", ["Я хожу в школу каждый день.", "Где вокзал?", "Моя мама врач."])
def test_one_line_of_russian_is_read_in_its_code_page(ru, encoding, name):
    # KOI8-R read as Windows-1251 is as clean for the detector, but in capitals: "С ИПЦХ"
    _read([("Hello.", ru)], encoding, name)


def test_shift_jis_that_is_also_valid_windows_1252_is_japanese():
    # sentences without 。 whose Shift-JIS bytes are all valid Windows-1252: such a file
    # was read as Windows-1252, every Japanese sentence garbled ("‚Ç‚¤‚à‚ ...")
    rows = []
    for en, ja in zip(ENGLISH, JAPANESE, strict=True):
        sjis = ja.removesuffix("。").encode("shift_jis")
        if _valid(sjis, "cp1252"):
            rows += [(en, ja.removesuffix("。")), (ja.removesuffix("。"), en)]
    assert len(rows) >= 20 and _valid(_tsv(rows).encode("shift_jis"), "cp1252")  # the trap
    _read(rows, "shift_jis", "cp932")


def _valid(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def test_characters_only_gb18030_or_big5_hkscs_have_name_them():
    simplified = [*pairs("zh-hans"), ("My name is Liu Yan.", "我叫刘䶮。")]  # 䶮: not in GBK
    _read(simplified, "gb18030", "gb18030")
    traditional = [*pairs("zh-hant"), ("I have eaten.", "我食咗飯。")]  # 咗: HKSCS only
    _read(traditional, "big5hkscs", "big5hkscs")


def test_chinese_that_reads_as_common_hangul_is_chinese():
    rows = [("Open the window please.", "请打开窗户。")]
    data = _tsv(rows).encode("gbk")
    hangul = data.decode("cp949")  # the trap: five common Hangul syllables of KS X 1001
    assert sum("가" <= c <= "힣" and len(c.encode("euc_kr")) == 2 for c in hangul) == 5
    c = parse_corpus(data)
    assert (c.encoding, c.pairs) == ("gbk", rows)


@pytest.mark.parametrize(
    "rows, trap",
    [
        (
            [("It’s John’s book.", "C’est le livre de Jean."), ("Don’t.", "Ne fais pas ça.")],
            "cp932",
        ),
        ([("My mother is a doctor.", "Meine Mutter ist Ärztin.")], "cp950"),
        ([("I’m here.", "Ich bin hier."), ("We’re late.", "Wir sind spät.")], "cp932"),
    ],
    ids=["apostrophes-as-kanji", "capital-umlaut-as-hanzi", "english-apostrophes"],
)
def test_windows_1252_is_not_read_as_japanese_or_chinese(rows, trap):
    data = _tsv(rows).encode("cp1252")
    assert _valid(data, trap)  # the trap: valid there, as common kanji or hanzi
    c = parse_corpus(data)
    assert (c.encoding, c.pairs) == ("cp1252", rows)


def test_utf8_lines_mixed_with_shift_jis_lines():
    rows = pairs("ja")
    data = _tsv(rows[:12]).encode() + _tsv(rows[12:]).encode("cp932")
    c = parse_corpus(data)
    assert (c.encoding, c.skipped, c.pairs) == ("mixed (utf-8/cp932)", [], rows)


def test_parallel_files_in_big5_and_koi8_r():
    zh, ru = (pairs(lang) for lang in ("zh-hant", "ru"))
    src = "".join(f"{t}\n" for _, t in zh).encode("big5")
    tgt = "".join(f"{t}\n" for _, t in ru).encode("koi8_r")
    c = parse_parallel(src, tgt)
    assert c.encoding == "cp950/koi8-r"
    assert c.pairs == [(a, b) for (_, a), (_, b) in zip(zh, ru, strict=True)]


def test_a_shift_jis_file_without_tabs_is_refused_for_the_tabs():
    rows = [(s.replace(",", ""), t) for s, t in pairs("ja")]  # no comma: not a CSV
    lines = [f"{rows[0][0]}\t{rows[0][1]}"] + [f"{s} {t}" for s, t in rows[1:]] * 3
    data = ("\n".join(lines) + "\n").encode("cp932")
    assert len(lines) == 70
    msg = refused(data, "69 of 70 lines", "no tab")
    assert "(lines 2, 3, 4, 5, 6)" in msg


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
        b"0000\t\x0000\n0",  # UTF-8 with a NUL: UTF-16-LE 〰〰\t〰《, its line break lost
    ],
    ids=["odd-length", "surrogate", "controls", "both-halves", "line-break-lost"],
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


def _engine_imports(module: str) -> set[str]:
    """The seq2seq_core modules `module` imports anywhere in its file (in functions too)."""
    tree = ast.parse((REPO_ROOT / "seq2seq_core" / "data" / f"{module}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.add(node.module or "")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("seq2seq_core"):
            found.add(node.module.removeprefix("seq2seq_core").lstrip("."))
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("seq2seq_core.") for a in node.names}
    return found


@pytest.mark.parametrize("module", ["encoding", "cjk", "errors"])
def test_the_lower_corpus_layers_do_not_import_the_reader_above_them(module):
    assert "data.corpus" not in _engine_imports(module)


def test_the_error_of_the_lower_layer_is_the_one_the_reader_exports():
    with pytest.raises(corpus.CorpusError) as info:
        corpus_encoding.decode(b"\x00\x00\xfe\xff\x00\x00\x00a\x00")
    assert info.value.code == "bad_bom" and corpus.MESSAGES is corpus_errors.MESSAGES
