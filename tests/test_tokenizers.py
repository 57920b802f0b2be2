import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seq2seq_core.tokenizers import (
    EOS_ID,
    KINDS,
    PAD_ID,
    SOS_ID,
    UNK_ID,
    normalize,
    tokenizer_from_state,
    train_tokenizer,
)

TEXTS = [
    "I go to school.",
    "나는 학교에 간다.",
    "She reads a book in the library.",
    "저는 어제 도서관에서 책을 읽었어요.",
    "Hello, world!",
] * 4  # 20 pairs' worth of one side


@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_on_normalized_text(kind):
    tok = train_tokenizer(kind, TEXTS, vocab_size=60)
    for text in [*TEXTS, "  I   go\tto school. ", "학교에 간다."]:
        ids = tok.encode(text)
        assert len(ids) == len(tok.pieces(text))
        assert tok.decode(ids) == normalize(text)


@pytest.mark.parametrize("kind", KINDS)
def test_specials_have_fixed_ids_and_names(kind):
    tok = train_tokenizer(kind, TEXTS, vocab_size=60)
    names = [tok.id_to_piece(i) for i in (PAD_ID, UNK_ID, SOS_ID, EOS_ID)]
    assert names == ["<pad>", "<unk>", "<sos>", "<eos>"]
    assert tok.decode([SOS_ID, *tok.encode("I go"), EOS_ID, PAD_ID]) == "I go"


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_characters_become_unk(kind):
    tok = train_tokenizer(kind, TEXTS, vocab_size=60)
    ids = tok.encode("I go ☃")
    assert UNK_ID in ids
    assert "<unk>" in tok.decode(ids)


@pytest.mark.parametrize("kind", ["sentencepiece-unigram", "sentencepiece-bpe"])
@pytest.mark.parametrize("texts", [TEXTS, ["a single sentence"], ["same"] * 30, [""]])
def test_sentencepiece_never_fails_on_a_tiny_corpus(kind, texts):
    tok = train_tokenizer(kind, texts, vocab_size=8000)
    assert 4 < tok.vocab_size < 8000
    for text in texts:
        assert tok.decode(tok.encode(text)) == normalize(text)


@pytest.mark.parametrize("kind", KINDS)
def test_training_is_deterministic_and_state_round_trips(kind):
    a = train_tokenizer(kind, TEXTS, vocab_size=50)
    b = train_tokenizer(kind, TEXTS, vocab_size=50)
    assert a.to_state() == b.to_state()
    back = tokenizer_from_state(json.loads(json.dumps(a.to_state())))
    assert back.vocab() == a.vocab()
    assert all(back.encode(t) == a.encode(t) for t in TEXTS)


@pytest.mark.parametrize(
    "state",
    [{}, {"kind": "morse"}, {"kind": "word"}, {"kind": "word", "vocab": ["a"]},
     {"kind": "sentencepiece-unigram", "model": "not base64!"},
     {"kind": "sentencepiece-bpe", "model": "aGVsbG8="}, "nope"],
)  # fmt: skip
def test_bad_state_is_a_value_error(state):
    with pytest.raises(ValueError):
        tokenizer_from_state(state)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="tokenizer must be"):
        train_tokenizer("bytes", TEXTS)


def test_vocab_size_caps_char_and_word():
    assert train_tokenizer("char", TEXTS, vocab_size=10).vocab_size == 10
    assert train_tokenizer("word", TEXTS, vocab_size=7).vocab_size == 7


ALPHABET = sorted({c for t in TEXTS for c in t})
WORDS = sorted({w for t in TEXTS for w in t.split()})


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=[*ALPHABET, " ", "\t"], max_size=40))
def test_round_trip_property_characters(text):
    for kind in ("char", "sentencepiece-unigram", "sentencepiece-bpe"):
        tok = _TOKS[kind]
        assert tok.decode(tok.encode(text)) == normalize(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12))
def test_round_trip_property_words(words):
    text = "  ".join(words)
    assert _TOKS["word"].decode(_TOKS["word"].encode(text)) == normalize(text)


_TOKS = {kind: train_tokenizer(kind, TEXTS, vocab_size=80) for kind in KINDS}


@pytest.mark.parametrize("text", ["", "\x00\x07", "😀" * 50, "a" * 10_000, "e\u0301"])
def test_encode_never_raises(text):
    for tok in _TOKS.values():
        tok.decode(tok.encode(text))


def test_normalize_is_idempotent_and_composes():
    assert normalize("e\u0301") == "\u00e9"
    assert normalize(" a \u00a0 b\x07 ") == "a b"
    assert normalize(normalize(" x\t\ty ")) == "x y"
