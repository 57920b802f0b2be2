import io
import json
import random
import re
import unicodedata

import pytest
import sentencepiece as spm
from hypothesis import given, settings
from hypothesis import strategies as st

from seq2seq_core.data.tokenizer_state import tokenizer_from_state
from seq2seq_core.data.tokenizers import (
    EOS_ID,
    KINDS,
    PAD_ID,
    SOS_ID,
    UNK_ID,
    SentencePieceTokenizer,
    normalize,
    piece_label,
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


@pytest.mark.parametrize("kind", ["char", "word"])
def test_unknown_characters_become_unk(kind):
    tok = train_tokenizer(kind, TEXTS, vocab_size=60)
    ids = tok.encode("I go ☃")
    assert UNK_ID in ids
    assert "<unk>" in tok.decode(ids)


SP_KINDS = ["sentencepiece-unigram", "sentencepiece-bpe"]
UNSEEN = "저는 漢 집에 넓 ☃ 😀"  # 漢, 넓, ☃, 😀 are in no training text


@pytest.mark.parametrize("kind", SP_KINDS)
def test_sentencepiece_spells_unseen_characters_in_bytes(kind):
    """Byte fallback: a character never seen in training round-trips instead of <unk>."""
    tok = train_tokenizer(kind, TEXTS, vocab_size=60)
    ids = tok.encode(UNSEEN)
    assert UNK_ID not in ids
    assert tok.decode(ids) == UNSEEN
    assert len(tok.pieces(UNSEEN)) == len(ids)
    assert {"<0xE6>", "<0xBC>", "<0xA2>"} <= set(tok.pieces("漢"))  # 漢 = E6 BC A2 in UTF-8


@pytest.mark.parametrize("kind", ["char", "word"])
def test_unk_keeps_the_spaces_around_it(kind):
    tok = train_tokenizer(kind, TEXTS, vocab_size=200)
    assert tok.decode(tok.encode("저는 漢 책을")) == "저는 <unk> 책을"


def _sentencepiece_without_byte_fallback(kind: str) -> SentencePieceTokenizer:
    """A SentencePiece model trained as this app did before byte fallback (as shipped)."""
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([normalize(t) for t in TEXTS]), model_writer=buf,
        model_type=kind.split("-")[1], vocab_size=48, character_coverage=1.0,
        normalization_rule_name="identity", add_dummy_prefix=True,
        remove_extra_whitespaces=False, pad_id=PAD_ID, unk_id=UNK_ID, bos_id=SOS_ID,
        eos_id=EOS_ID, pad_piece="<pad>", unk_piece="<unk>", bos_piece="<sos>",
        eos_piece="<eos>", num_threads=1, minloglevel=2,
    )  # fmt: skip
    return SentencePieceTokenizer(buf.getvalue(), kind, 48)


@pytest.mark.parametrize("kind", SP_KINDS)
def test_unk_keeps_its_spaces_in_an_older_sentencepiece_model(kind):
    tok = _sentencepiece_without_byte_fallback(kind)
    ids = tok.encode("저는 漢 책을")
    assert UNK_ID in ids
    assert tok.decode(ids) == "저는 <unk> 책을"  # was "저는 <unk>책을"
    assert tok.decode(tok.encode("漢 저는")) == "<unk> 저는"


@pytest.mark.parametrize("kind", SP_KINDS)
def test_decode_is_sentencepiece_decode_when_there_is_no_unk(kind):
    """Older models translate as before: without <unk>, decode is SentencePiece's own."""
    for tok in (_sentencepiece_without_byte_fallback(kind), train_tokenizer(kind, TEXTS, 80)):
        rng = random.Random(0)
        for _ in range(300):
            ids = [rng.randrange(4, tok.vocab_size) for _ in range(rng.randrange(0, 9))]
            assert tok.decode(ids) == tok.sp.decode(ids), [tok.id_to_piece(i) for i in ids]


TYPED = "say <eos> then <pad> or <sos> and <unk> .<eos>"  # literal text, as in tutorial files


@pytest.mark.parametrize("kind", KINDS)
def test_typed_special_tokens_are_ordinary_text(kind):
    """The text "<eos>" is text: it round-trips and never becomes a special id."""
    tok = train_tokenizer(kind, [*TEXTS, TYPED, "<pad> <eos> <sos> <unk>"], vocab_size=200)
    for text in (TYPED, "<eos>", "<pad> <sos>", "I go <eos> to school."):
        ids = tok.encode(text)
        assert not {PAD_ID, UNK_ID, SOS_ID, EOS_ID} & set(ids), (text, tok.pieces(text))
        assert tok.decode(ids) == text
        assert tok.decode([SOS_ID, *ids, EOS_ID, PAD_ID]) == text


@pytest.mark.parametrize("kind", SP_KINDS)
def test_typed_special_tokens_unseen_in_training_are_still_text(kind):
    tok = train_tokenizer(kind, TEXTS, vocab_size=60)
    assert not {PAD_ID, UNK_ID, SOS_ID, EOS_ID} & set(tok.encode(TYPED))
    assert tok.decode(tok.encode(TYPED)) == TYPED


def test_special_pieces_keep_their_ids_by_name():
    tok = train_tokenizer("word", [TYPED], vocab_size=200)
    assert tok.piece_to_id("<pad>") != PAD_ID  # the word, which this corpus has
    assert train_tokenizer("word", TEXTS, 200).piece_to_id("<eos>") == EOS_ID  # no such word


@pytest.mark.parametrize(
    ("piece", "label"),
    [("<0x3C>", "<"), ("<0xE6>", "0xE6"), ("<0x0A>", "0x0A"), ("▁집", "▁집"), (" ", "␣"),
     ("<eos>", "<eos>"), ("<0xZZ>", "<0xZZ>")],
)  # fmt: skip
def test_piece_label_shows_byte_pieces_as_the_byte(piece, label):
    assert piece_label(piece) == label


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
@given(st.text(alphabet=[*ALPHABET, " ", "\t", "\u2581"], max_size=40))
def test_round_trip_property_characters(text):
    """Any text of these characters, SentencePiece's own "▁" (U+2581) among them, whether
    the tokenizer saw a "▁" in training or not (the characters' tokenizer must have)."""
    toks = [_TOKS[kind] for kind in SP_KINDS] + list(_TOKS_SEEING_THE_MARK.values())
    for tok in toks:
        assert tok.decode(tok.encode(text)) == normalize(text), (tok.kind, tok.pieces(text))


MARK = "\u2581"  # SentencePiece's word-start mark, typed as text
MARKED = ["a▁b", "▁", "▁▁▁", "▁I go", "I go▁", "I ▁ go", "▁ ▁", " ▁school▁ ", "I▁▁go to school."]


@pytest.mark.parametrize(
    ("kind", "corpus"), [(k, "with") for k in KINDS] + [(k, "without") for k in SP_KINDS]
)
def test_a_literal_word_start_mark_round_trips(kind, corpus):
    """A "▁" in the text stays a "▁" (it came back a space: "a▁b" -> "a b"), in runs, at the
    start and end, next to spaces; SentencePiece whether it saw "▁" in training or not (the
    characters' and words' tokenizers have <unk> for what they never saw)."""
    texts = TEXTS if corpus == "without" else [*TEXTS, *MARKED]
    tok = train_tokenizer(kind, texts, vocab_size=200)
    for text in MARKED:
        assert MARK in text
        ids = tok.encode(text)
        assert tok.decode(ids) == normalize(text), tok.pieces(text)
        assert tok.encode_batch([text, "I go"]) == [ids, tok.encode("I go")]
        assert tok.decode([SOS_ID, *ids, EOS_ID]) == normalize(text)


@pytest.mark.parametrize("kind", SP_KINDS)
def test_a_literal_mark_is_shown_as_itself(kind):
    """Unseen in training, "▁" is spelled in its own UTF-8 bytes (E2 96 81); seen, it is a
    piece that the views label "▁"."""
    unseen = train_tokenizer(kind, TEXTS, vocab_size=60)
    assert unseen.pieces("a▁b")[-4:] == ["<0xE2>", "<0x96>", "<0x81>", "b"]
    seen = train_tokenizer(kind, [*TEXTS, "x▁y"] * 3, vocab_size=60)
    labels = [piece_label(p) for p in seen.pieces("x▁y")]
    assert "".join(labels).replace(MARK, "") == "xy"  # the word start, the literal mark
    assert "".join(labels).count(MARK) == 2 and UNK_ID not in seen.encode("x▁y")


@pytest.mark.parametrize("kind", SP_KINDS)
def test_text_without_the_mark_is_tokenized_as_sentencepiece_does(kind):
    tok = train_tokenizer(kind, TEXTS, vocab_size=60)
    for text in [*TEXTS, UNSEEN, TYPED, "  I   go\tto school. "]:
        assert tok.encode(text) == tok.sp.encode(normalize(text))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12))
def test_round_trip_property_words(words):
    text = "  ".join(words)
    assert _TOKS["word"].decode(_TOKS["word"].encode(text)) == normalize(text)


_TOKS = {kind: train_tokenizer(kind, TEXTS, vocab_size=80) for kind in KINDS}
_TOKS_SEEING_THE_MARK = {
    kind: train_tokenizer(kind, [*TEXTS, "I▁go ▁"], vocab_size=80) for kind in ("char", *SP_KINDS)
}


@pytest.mark.parametrize("text", ["", "\x00\x07", "😀" * 50, "a" * 10_000, "e\u0301"])
def test_encode_never_raises(text):
    for tok in _TOKS.values():
        tok.decode(tok.encode(text))


def test_normalize_is_idempotent_and_composes():
    assert normalize("e\u0301") == "\u00e9"
    assert normalize(" a \u00a0 b\x07 ") == "a b"
    assert normalize(normalize(" x\t\ty ")) == "x y"


def _normalize_by_the_rule(text: str) -> str:
    """The rule of `normalize`, written out character by character (its slow path)."""
    kept = "".join(
        " " if c.isspace() else c
        for c in text
        if c.isspace()
        or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")
        or c in "\u200c\u200d"
        or "\U000e0020" <= c <= "\U000e007f"
    )
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", kept)).strip()


def test_the_fast_path_for_printable_text_follows_the_rule():
    # every 7th code point of the BMP and of the supplementary planes' start, between
    # letters, plus mixed strings: printable ones take the fast path, the rest the slow one
    chars = [chr(i) for i in range(0, 0x30000, 7) if not 0xD800 <= i < 0xE000]
    chars += ["\u200c", "\u200d", "\U000e0041", "\u0301", "\u3000", "\x1c", "\x85", "\u2028"]
    chars += [chr(i) for i in range(0x80)]  # every ASCII character, controls included
    for c in chars:
        for text in (f"a {c}b ", f" {c}e\u0301", c):
            assert normalize(text) == _normalize_by_the_rule(text), hex(ord(c))
    rng = random.Random(0)
    for _ in range(3000):
        pool = chars if rng.random() < 0.5 else [chr(i) for i in range(0x80)]
        text = "".join(rng.choice(pool + list("ab  é한")) for _ in range(rng.randint(0, 12)))
        assert normalize(text) == _normalize_by_the_rule(text), ascii(text)
