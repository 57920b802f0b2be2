import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seq2seq_core.data.corpus import (
    CorpusError,
    CorpusLimits,
    parse_corpus,
    parse_parallel,
    read_corpus_file,
    split_pairs,
)

TSV = "I go.\t저는 가요.\nYou eat.\t너는 먹어.\n"


def test_tsv():
    c = parse_corpus(TSV.encode())
    assert c.pairs == [("I go.", "저는 가요."), ("You eat.", "너는 먹어.")]
    assert c.format == "tsv" and c.encoding == "utf-8" and not c.skipped


def test_anki_export_with_attribution_column():
    line = "Go.\t가.\tCC-BY 2.0 (France) Attribution: tatoeba.org #2877272 (CM) & #5735436\n"
    assert parse_corpus(line.encode()).pairs == [("Go.", "가.")]


def test_csv_with_quotes_and_header():
    data = 'source,target\n"Hello, Tom.","안녕, 톰."\n"He said ""hi"".",그가 인사했다.\n'
    c = parse_corpus(data.encode(), "pairs.csv")
    assert c.format == "csv" and c.header == ("source", "target")
    assert c.pairs == [("Hello, Tom.", "안녕, 톰."), ('He said "hi".', "그가 인사했다.")]


def test_csv_without_header():
    c = parse_corpus(b"one,1\ntwo,2\n", "n.csv")
    assert c.pairs == [("one", "1"), ("two", "2")] and c.header is None


def test_parallel_files():
    c = parse_parallel(b"a\nb\n", "가\n나\n".encode())
    assert c.pairs == [("a", "가"), ("b", "나")] and c.format == "parallel"
    with pytest.raises(CorpusError, match=r"2 lines.*3"):
        parse_parallel(b"a\nb\n", b"x\ny\nz\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp949", "euc-kr"])
def test_encodings(encoding):
    c = parse_corpus(TSV.encode(encoding))
    assert c.pairs[0] == ("I go.", "저는 가요.")


def test_mixed_encodings_are_read_line_by_line():
    data = "a\t가\n".encode() + "b\t나\n".encode("cp949") + b"c\t\xff\xfe\xfa\n"
    c = parse_corpus(data)
    assert c.pairs == [("a", "가"), ("b", "나")]
    assert c.encoding.startswith("mixed")
    assert [(s.line_no, s.reason) for s in c.skipped] == [(3, "not valid UTF-8 or CP949 text")]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings(newline):
    c = parse_corpus(TSV.replace("\n", newline).encode())
    assert len(c.pairs) == 2


def test_blank_lines_duplicates_and_skips_are_counted_with_line_numbers():
    data = (
        "a\tA\n\n  \na\tA\nno separator here\n\tempty source\nb\t\nlong\t" + "x" * 400 + "\nc\tC\n"
    )
    c = parse_corpus(data.encode())
    assert c.pairs == [("a", "A"), ("c", "C")]
    assert c.blank_lines == 2 and c.duplicates == 1
    reasons = {s.line_no: s.reason for s in c.skipped}
    assert reasons[5] == "no tab between source and target"
    assert reasons[6] == "source is empty" and reasons[7] == "target is empty"
    assert "400 characters" in reasons[8]
    assert "2 pairs read, 4 lines skipped, 1 duplicates" in c.summary()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"a\x00b\tc\n", "binary"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"%PDF-1.4 ...", "PDF"),
        (b"just some words\nwithout separators\n", "No usable sentence pair"),
    ],
)
def test_refusals(data, message):
    with pytest.raises(CorpusError, match=message):
        parse_corpus(data)


def test_caps():
    limits = CorpusLimits(max_bytes=100, max_pairs=3, max_chars=10)
    with pytest.raises(CorpusError, match="limit"):
        parse_corpus(b"a\tb\n" * 30, limits=limits)
    assert len(parse_corpus(b"a\tb\nc\td\ne\tf\n", limits=limits).pairs) == 3
    with pytest.raises(CorpusError, match="more than 3"):
        parse_corpus(b"a\tb\nc\td\ne\tf\ng\th\n", limits=limits)


def test_read_corpus_file(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_bytes(TSV.encode("utf-16"))
    assert len(read_corpus_file(path).pairs) == 2
    with pytest.raises(CorpusError, match="Cannot read"):
        read_corpus_file(tmp_path / "missing.tsv")


def test_split_is_seeded_disjoint_and_covering():
    pairs = [(str(i), str(i)) for i in range(100)]
    train, valid = split_pairs(pairs, 0.1, seed=3)
    assert (train, valid) == split_pairs(pairs, 0.1, seed=3)
    assert len(valid) == 10 and not set(train) & set(valid)
    assert sorted(train + valid) == sorted(pairs)
    assert split_pairs(pairs[:1]) == (pairs[:1], [])
    assert len(split_pairs(pairs[:3], 0.9)[1]) == 1


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_give_a_corpus_or_a_corpus_error(data):
    with contextlib.suppress(CorpusError):
        parse_corpus(data)


def test_cli_training_without_validation_pairs_says_there_are_none(tmp_path, capsys):
    from seq2seq_core.cli.commands import main

    path = tmp_path / "one.tsv"
    path.write_text("a b\tb a\n")  # one pair: nothing can be set aside to validate
    out = tmp_path / "m.safetensors"
    args = ["train", str(path), "--out", str(out), "--epochs", "1", "--hidden", "8"]
    assert main([*args, "--emb", "4", "--tokenizer", "word", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "0 validation pairs" in err and "no validation pairs" in err
    assert "valid loss" not in err and "valid exact match" not in err
    from seq2seq_core.checkpoints import checkpoint

    assert checkpoint.load(out).meta["history"][-1]["n_valid"] == 0  # the chart's cue


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_train_page_says_there_are_no_validation_pairs(lang):
    from ui.text.train import learned_text

    none, some = learned_text(0.75, 0.0, 0, lang), learned_text(0.75, 0.5, 4, lang)
    assert "75%" in none and " 0%" not in none and "*0%" not in none
    assert ("no validation pairs" if lang == "en" else "검증 문장 쌍이 없습니다") in none
    assert "50%" in some
