import datetime as dt
import re

import pytest

from seq2seq_core.data.corpora import BUILTIN_CORPORA, builtin_names, load_builtin, write_tsv
from seq2seq_core.data.corpora.en_ko import (
    COMPANIONS,
    DESTINATIONS,
    INTRANSITIVE,
    MOTION,
    TIMES,
    VERBS,
    en_ko_splits,
    has_batchim,
    load_en_ko_phrases,
    particle,
)
from seq2seq_core.data.corpora.synthetic import DATE_FORMATS, number_words


@pytest.mark.parametrize("name", builtin_names())
def test_every_corpus_is_deterministic_with_disjoint_splits(name):
    splits = {s: load_builtin(name, s) for s in ("train", "valid", "test")}
    assert splits["train"] == load_builtin(name, "train")
    assert all(splits.values())
    assert not set(splits["train"]) & set(splits["valid"])
    assert not set(splits["train"]) & set(splits["test"])
    if name != "en-ko-phrases":
        assert not set(splits["valid"]) & set(splits["test"])
        assert len(set(splits["train"])) == len(splits["train"])
    info = BUILTIN_CORPORA[name]
    assert info.title_en and info.title_ko and info.description_ko


def test_sizes():
    assert [len(load_builtin("reverse", s)) for s in ("train", "valid", "test")] == [
        10_000,
        500,
        500,
    ]
    assert len(load_builtin("en-ko", "train")) >= 4000
    assert 150 <= len(load_builtin("en-ko-phrases", "all")) <= 300


def test_reverse_pairs():
    for src, tgt in load_builtin("reverse", "test"):
        words = src.split()
        assert tgt.split() == words[::-1]
        assert 3 <= len(words) <= 15 and all(1 <= int(w) <= 20 for w in words)


@pytest.mark.parametrize(
    "n, words",
    [(0, "zero"), (10, "ten"), (11, "eleven"), (19, "nineteen"), (20, "twenty"),
     (21, "twenty one"), (100, "one hundred"), (101, "one hundred one"), (110, "one hundred ten"),
     (1000, "one thousand"), (1001, "one thousand one"), (1204, "one thousand two hundred four"),
     (10000, "ten thousand"), (100000, "one hundred thousand"),
     (999999, "nine hundred ninety nine thousand nine hundred ninety nine")],
)  # fmt: skip
def test_number_words(n, words):
    assert number_words(n) == words


def test_number_pairs_agree():
    for src, tgt in load_builtin("numbers", "valid"):
        assert number_words(int(src)) == tgt


def test_date_pairs_name_the_right_weekday():
    day = dt.date(2020, 3, 3)
    shown = [f(day) for f in DATE_FORMATS]
    assert "Tuesday, 3 March 2020" in shown and "03/03/20" in shown
    assert "march 3rd 2020" in shown and "2020년 3월 3일" in shown
    for src, tgt in load_builtin("dates", "test"):
        day = dt.date.fromisoformat(tgt)
        for weekday in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                        "Sunday"):  # fmt: skip
            if weekday.lower() in src.lower():
                assert day.strftime("%A") == weekday


def test_registry_errors(tmp_path):
    with pytest.raises(ValueError, match="built-in corpora"):
        load_builtin("klingon")
    with pytest.raises(ValueError, match="splits"):
        load_builtin("reverse", "dev")
    path = tmp_path / "r.tsv"
    write_tsv([("a b", "b a"), ("c", "c")], path)
    assert path.read_text(encoding="utf-8") == "a b\tb a\nc\tc\n"


@pytest.mark.parametrize(
    "word, kind, expected",
    [("학교", "object", "학교를"), ("책", "object", "책을"), ("사과", "object", "사과를"),
     ("빵", "object", "빵을"), ("선생님", "topic", "선생님은"), ("선생님", "subject", "선생님이"),
     ("저", "topic", "저는"), ("민수", "subject", "민수가"), ("빵", "and", "빵과"),
     ("우유", "and", "우유와")],
)  # fmt: skip
def test_particles_follow_the_final_consonant(word, kind, expected):
    assert particle(word, kind) == expected


def test_batchim():
    assert has_batchim("책") and not has_batchim("사과") and not has_batchim("abc")


ALL_FORMS = {form for v in [*VERBS, *MOTION, *INTRANSITIVE] for form in v.ko}


def test_en_ko_sentences_are_sov_with_right_particles_and_tenses():
    pairs = [p for split in en_ko_splits().values() for p in split]
    long = sum(len(en.split()) > 8 for en, _ in pairs)
    assert long / len(pairs) >= 0.2
    objects = {ko for v in VERBS for _, ko in v.objects}
    for en, ko in pairs:
        body = ko[:-1]
        assert ko[-1] in ".?" and en[-1] == ko[-1]
        assert any(body.endswith(" " + form) for form in ALL_FORMS), ko  # the verb is last
        for word, part in re.findall(r"(\S+)(을|를) ", ko):
            if word in objects:
                assert particle(word, "object") == word + part
        if "yesterday" in en or "last week" in en:
            assert "will" not in en.split() and "Will" not in en
        if "tomorrow" in en or "next week" in en:
            assert "will" in en.lower().split()
    for _, ko_dest in DESTINATIONS:
        assert ko_dest.endswith("에")
    assert all(part in ("매일", "매일 아침", "주말마다") for _, part in TIMES["present"])
    assert all(c[1] for c in COMPANIONS)


def test_phrases_file():
    pairs = load_en_ko_phrases()
    assert 150 <= len(pairs) <= 300 and len(set(pairs)) == len(pairs)
    assert all(re.search("[가-힣]", ko) and re.search("[A-Za-z]", en) for en, ko in pairs)
