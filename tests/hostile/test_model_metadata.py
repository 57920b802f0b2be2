"""Hostile model files, their metadata (issue 23): every entry of a file's header is measured
before it is parsed, parsed strictly, and kept only where it has the type and bounds the app
reads. The caps are read from `checkpoint_meta.*`, `bounded_json.*` and `tokenizer_state.*`.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import json
import struct
import time
import tracemalloc

import pytest

from seq2seq_core import limits
from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.checkpoints import meta as checkpoint_meta
from seq2seq_core.checkpoints.checkpoint import CheckpointError
from seq2seq_core.config import MAX_LEN
from seq2seq_core.data import tokenizer_state
from seq2seq_core.translator import Translator
from tests.support.model_files import refused_model, split_file, with_header, with_meta
from tests.support.models import tiny_translator

MB = 1024 * 1024


@pytest.fixture(scope="module")
def model_bytes() -> bytes:
    return checkpoint.to_bytes(tiny_translator())


@pytest.fixture(scope="module")
def sp_bytes() -> bytes:
    return checkpoint.to_bytes(tiny_translator(tokenizer="sentencepiece-unigram"))


def _with_metadata(data: bytes, **entries: str) -> bytes:
    return with_header(data, lambda header: header["__metadata__"].update(entries))


def _measured(load, data: bytes):
    """(what `load(data)` raised or returned, its peak of traced memory in bytes, its CPU
    seconds); the time is taken on a second run, without tracemalloc's overhead."""
    gc.collect()
    tracemalloc.start()
    try:
        outcome = load(data)
    except CheckpointError as e:
        outcome = e
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    start = time.process_time()
    with contextlib.suppress(CheckpointError):
        load(data)
    return outcome, peak, time.process_time() - start


# --- the files: millions of empty lists ----------------------------------------------


def _empty_lists(n: int) -> str:
    return '{"corpus": "reverse", "junk": [' + ",".join(["[]"] * n) + "]}"


def _empty_history(n: int) -> str:
    return '{"corpus": "reverse", "history": [' + ",".join(["{}"] * n) + "]}"


def _refused_cheaply(data: bytes, code: str) -> None:
    """Refused with `code`, having taken at most the memory of the header's text and its
    entries' texts (at most twice the header) and 1 MB more, and at most 1 s of CPU beyond
    loading a small model file."""
    _, _, normal = _measured(checkpoint.from_bytes, checkpoint.to_bytes(tiny_translator()))
    error, peak, seconds = _measured(checkpoint.from_bytes, data)
    assert isinstance(error, CheckpointError) and error.code == code, error
    header_bytes = struct.unpack("<Q", data[:8])[0]
    assert peak < 2 * header_bytes + MB, (peak / MB, header_bytes / MB)
    assert seconds < normal + 1.0, (seconds, normal)


def _story_is_refused_cheaply(model_bytes: bytes, story: str, code: str, words) -> None:
    data = _with_metadata(model_bytes, meta=story)
    _refused_cheaply(data, code)
    refused_model(data, *words)


@pytest.mark.parametrize("shape", [_empty_lists, _empty_history], ids=["lists", "history"])
def test_story_of_300000_empty_values_is_refused_before_it_is_parsed(model_bytes, shape):
    # the file, in little: under 1 MB, five times the values a story may hold
    story = shape(300_000)
    assert len(story) <= checkpoint_meta.MAX_STORY_CHARS
    cap = f"{checkpoint_meta.MAX_STORY_VALUES:,}"
    _story_is_refused_cheaply(model_bytes, story, "too_many_values", ["training story", cap])


@pytest.mark.full
@pytest.mark.parametrize("shape", [_empty_lists, _empty_history], ids=["lists", "history"])
def test_file_of_4_9_million_empty_values_is_refused_before_it_is_parsed(
    tmp_path, model_bytes, shape
):
    # the files: 16 MB, 4.9 million empty lists (414 -> 1,615 MB over three
    # sessions) or empty history entries (663 MB at the peak)
    path = tmp_path / "lists.safetensors"
    path.write_bytes(_with_metadata(model_bytes, meta=shape(4_900_000)))
    assert path.stat().st_size > 14 * MB
    _story_is_refused_cheaply(model_bytes, shape(4_900_000), "too_long", ["characters long"])
    with pytest.raises(CheckpointError, match="characters long"):
        checkpoint.load(path)


def test_header_of_a_million_empty_lists_is_refused_before_it_is_parsed(model_bytes):
    header, body = split_file(model_bytes)
    raw = json.dumps(header)[:-1] + ', "junk": [' + ",".join(["[]"] * 1_000_000) + "]}"
    raw += " " * (-len(raw) % 8)
    data = struct.pack("<Q", len(raw)) + raw.encode() + body
    _refused_cheaply(data, "too_many_values")
    refused_model(data, "its header", f"{checkpoint_meta.MAX_HEADER_VALUES:,}")


def test_vocabulary_of_400000_entries_is_refused_before_it_is_parsed(model_bytes):
    state = json.dumps({"kind": "word", "vocab": ["<pad>", "<unk>", "<sos>", "<eos>"]})
    vocab = state[:-2] + ', "a"' * 400_000 + "]}"  # 2 MB, within its length
    data = _with_metadata(model_bytes, tgt_tokenizer=vocab)
    _refused_cheaply(data, "too_many_values")
    refused_model(data, "target tokenizer", "values")


def test_entry_the_app_never_writes_is_refused(model_bytes):
    refused_model(_with_metadata(model_bytes, junk="[]"), "'junk'", "never writes")
    data = with_header(model_bytes, lambda h: h["__metadata__"].update(meta={"seed": 1}))
    refused_model(data, "'meta'", "not a text")


@pytest.mark.parametrize("entry", list(checkpoint_meta.METADATA_BOUNDS)[2:])
def test_entry_over_its_length_is_refused_before_it_is_parsed(model_bytes, entry):
    cap = checkpoint_meta.METADATA_BOUNDS[entry][0]
    header, _ = split_file(model_bytes)
    text = header["__metadata__"][entry]
    data = _with_metadata(model_bytes, **{entry: text + " " * (cap + 1 - len(text))})
    refused_model(data, checkpoint_meta.PARTS[entry], f"{cap + 1:,} characters", f"{cap:,}")
    assert checkpoint.from_bytes(_with_metadata(model_bytes, **{entry: text + " "}))


def test_long_text_in_the_header_is_refused_before_it_is_parsed(model_bytes):
    longest = 2 * checkpoint_meta.MAX_TOKENIZER_CHARS
    data = _with_metadata(model_bytes, meta=json.dumps({"corpus": "x" * longest}))
    _refused_cheaply(data, "too_long")
    refused_model(data, "a text in its header", f"{longest:,}")


# --- strict JSON -------------------------------------------------------------------------------


def _join_raw(raw: str, body: bytes) -> bytes:
    raw += " " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw.encode())) + raw.encode() + body


@pytest.mark.parametrize(
    "entry, text",
    [
        ("meta", '{"max_len": 60, "max_len": 1000}'),  # json.loads keeps the last one
        ("meta", '{"corpus": "a", "train_config": {"seed": 1, "seed": 2}}'),
        ("model_config", None),  # "emb" twice
        ("src_tokenizer", '{"kind": "word", "kind": "char", "vocab": []}'),
    ],
    ids=["story", "train-config", "model-config", "tokenizer"],
)
def test_key_written_twice_is_refused(model_bytes, entry, text):
    if text is None:
        header, _ = split_file(model_bytes)
        text = header["__metadata__"][entry][:-1] + ', "emb": 512}'
    refused_model(_with_metadata(model_bytes, **{entry: text}), "appears twice")


def test_tensor_or_metadata_entry_written_twice_is_refused(model_bytes):
    header, body = split_file(model_bytes)
    name = next(k for k in header if k != "__metadata__")
    raw = json.dumps(header)
    entry = json.dumps({name: header[name]})[1:-1]
    refused_model(_join_raw(raw[:-1] + ", " + entry + "}", body), "appears twice", name)
    twice = json.dumps(header["__metadata__"])[:-1] + ', "format": "seq2seq-classroom"}'
    raw = json.dumps({**header, "__metadata__": "@"}).replace('"@"', twice)
    refused_model(_join_raw(raw, body), "appears twice", "format")


@pytest.mark.parametrize(
    "story, words",
    [
        ('{"train_seconds": NaN}', ["NaN"]),
        ('{"train_seconds": Infinity}', ["Infinity"]),
        ('{"history": [{"epoch": 1, "elapsed": -1e999}]}', ["infinite"]),
        ('{"max_len": 1' + "0" * 4299 + "}", ["4,300 digits"]),  # 10**4299 used to load
        ('{"seed": ' + "9" * 41 + "}", ["41 digits"]),
    ],
    ids=["NaN", "Infinity", "1e999", "4300-digits", "41-digits"],
)
def test_numbers_json_does_not_allow_are_refused(model_bytes, story, words):
    refused_model(_with_metadata(model_bytes, meta=story), "damaged", *words)


def test_integer_of_4300_digits_in_a_tensor_shape_is_refused_in_one_short_line(model_bytes):
    header, body = split_file(model_bytes)
    name = next(k for k in header if k != "__metadata__")
    header[name]["shape"] = ["@"]
    data = _join_raw(json.dumps(header).replace('["@"]', "[1" + "0" * 4299 + "]"), body)
    assert len(refused_model(data, "4,300 digits")) < 300  # the shape used to be in it


# --- the training story: each entry its type and bounds -----------------------------------


@pytest.mark.parametrize(
    "value", [True, False, 0, 1, 1001, 10**30, -60, 60.0, "60", None, [60], {"max_len": 60}]
)
def test_length_limit_of_the_wrong_type_or_size_is_left_out(model_bytes, value):
    story = {"max_len": value, "train_config": {"max_len": value}}
    tr = checkpoint.from_bytes(with_meta(model_bytes, story))
    assert "max_len" not in tr.meta and "max_len" not in tr.meta["train_config"]
    assert tr.max_len == MAX_LEN
    text = " ".join(["a"] * 1000)
    assert len(tr.trace(text).steps) <= MAX_LEN + 1
    assert Translator(tr.model, tr.src_tok, tr.tgt_tok, story).max_len == MAX_LEN


def test_length_limit_within_the_limits_is_kept(model_bytes):
    for value in (limits.MIN_LENGTH_LIMIT, 80, limits.MAX_LENGTH_LIMIT):
        tr = checkpoint.from_bytes(with_meta(model_bytes, {"max_len": value}))
        assert tr.max_len == value
    tr = checkpoint.from_bytes(with_meta(model_bytes, {"train_config": {"max_len": 90}}))
    assert tr.max_len == 90  # an older file: its train config's


def _epoch(n: int, **fields) -> dict:
    return {"epoch": n, "step": 3 * n, "valid_exact_match": 0.5, "train_loss_per_token": 1.0,
            "samples": [{"source": "a", "reference": "b", "hypothesis": "c"}],
            "attention_src": ["a"], "attention_out": ["b"], "kind": "epoch", **fields}  # fmt: skip


def _without(entry: dict, *keys: str) -> dict:
    return {k: v for k, v in entry.items() if k not in keys}


LONG_SAMPLE = {"source": "s" * 5000, "reference": "r", "hypothesis": "h"}
CUT_SAMPLE = {"source": "s" * checkpoint_meta.MAX_TEXT, "reference": "r", "hypothesis": "h"}
CARD = {"corpus": "reverse", "example": {"source": "a"}, "list": list(range(500)), "n": None}
STORIES = {  # a story: what a load keeps of it
    "epochs": ({"best_epoch": True, "epochs": limits.MAX_EPOCHS + 1}, {}),
    "unknown": ({"best_epoch": 3, "epochs": 4, "note": "x", "scores": [1] * 1000},
                {"best_epoch": 3, "epochs": 4}),
    "history-cap": ({"history": [_epoch(n) for n in range(1, 601)]},
                    {"history": [_epoch(n) for n in range(1, limits.MAX_EPOCHS + 1)]}),
    "epoch-fields": ({"history": [_epoch(1, junk=[[]] * 100, valid_exact_match=[], step=True)]},
                     {"history": [_without(_epoch(1), "valid_exact_match", "step")]}),
    "epoch-number": ({"history": [{"step": 1}, {"epoch": "1"}, _epoch(2, elapsed="NaN")]},
                     {"history": [_epoch(2, elapsed="NaN")]}),
    "samples": ({"history": [_epoch(1, samples=[{"source": "a"}, "b", LONG_SAMPLE])]},
                {"history": [_epoch(1, samples=[CUT_SAMPLE])]}),
    "attention": ({"history": [_epoch(1, attention_src=["a", 3, ["b"]], attention_out="ab")]},
                  {"history": [_without(_epoch(1), "attention_out")]}),
    "train-config": ({"train_config": {"tokenizer": "w" * 301, "lr_schedule": "linear",
                                       "seed": 2**40}},
                     {"train_config": {"lr_schedule": "linear"}}),
    "long-names": ({"corpus": "c" * 5000, "card": {"corpus": 3, "test": {"x": [[[1]]]}}},
                   {"corpus": "c" * checkpoint_meta.MAX_NAME, "card": {"test": {"x": []}}}),
    "card": ({"card": CARD},
             {"card": {**_without(CARD, "n"), "list": list(range(checkpoint_meta.MAX_ITEMS))}}),
}  # fmt: skip


@pytest.mark.parametrize("story, kept", STORIES.values(), ids=STORIES.keys())
def test_story_entry_is_kept_only_where_it_fits(model_bytes, story, kept):
    tr = checkpoint.from_bytes(with_meta(model_bytes, story))
    assert tr.meta == kept
    assert checkpoint.from_bytes(checkpoint.to_bytes(tr)).meta == kept  # it saves again


def test_story_nested_too_deeply_is_refused(model_bytes):
    deep = "[" * 5000 + "]" * 5000  # Python's json stops at its recursion limit
    refused_model(_with_metadata(model_bytes, meta='{"card": ' + deep + "}"), "nested too deeply")


def test_saved_story_is_the_one_a_load_keeps_and_fits_its_bounds(model_bytes):
    tr = checkpoint.from_bytes(model_bytes)
    sample = {"source": "x" * 300, "reference": "y" * 300, "hypothesis": "z" * 300}
    history = [_epoch(n, samples=[sample] * 10) for n in range(1, limits.MAX_EPOCHS + 1)]
    tr.meta = {"corpus": "big.tsv", "note": "not saved", "history": history, "max_len": 80}
    story = json.loads(split_file(checkpoint.to_bytes(tr))[0]["__metadata__"]["meta"])
    assert "note" not in story and story["max_len"] == 80
    assert len(story["history"]) == limits.MAX_EPOCHS  # without its samples, to fit
    assert "samples" not in story["history"][0]
    assert checkpoint.from_bytes(checkpoint.to_bytes(tr)).meta == story


# --- tokenizers saved in the file ------------------------------------------------------------


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n >> 7 else 0))
        n >>= 7
        if not n:
            return bytes(out)


def _with_pieces(proto: bytes, n: int) -> bytes:
    """`proto` with n more pieces (ModelProto field 1: piece text, score), each one new."""
    extra = bytearray()
    for i in range(n):
        text = f"q{i}".encode()
        piece = b"\x0a" + _varint(len(text)) + text + b"\x15\x00\x00\x80\xbf"
        extra += b"\x0a" + _varint(len(piece)) + piece
    return proto + bytes(extra)


def _with_sp_state(data: bytes, **changes) -> bytes:
    state = json.loads(split_file(data)[0]["__metadata__"]["src_tokenizer"])
    return _with_metadata(data, src_tokenizer=json.dumps({**state, **changes}))


def test_sentencepiece_model_of_too_many_pieces_is_refused_before_it_is_read(sp_bytes):
    tr = checkpoint.from_bytes(sp_bytes)
    proto = _with_pieces(tr.src_tok.model_proto, limits.MAX_VOCAB + 1 - tr.src_tok.vocab_size)
    assert tokenizer_state._count_pieces(proto) == limits.MAX_VOCAB + 1
    data = _with_sp_state(sp_bytes, model=base64.b64encode(proto).decode())
    refused_model(data, "damaged", f"{limits.MAX_VOCAB + 1:,} pieces")


def test_sentencepiece_model_over_its_size_is_refused_before_it_is_read(sp_bytes):
    tr = checkpoint.from_bytes(sp_bytes)
    proto = tr.src_tok.model_proto
    proto += (
        b"\x22"
        + _varint(tokenizer_state.MAX_SP_MODEL_BYTES)
        + b"\x00" * (tokenizer_state.MAX_SP_MODEL_BYTES)
    )  # a normalizer spec (field 4) of 1 MB
    data = _with_sp_state(sp_bytes, model=base64.b64encode(proto).decode())
    refused_model(data, "damaged", f"{len(proto):,} bytes")


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"requested_vocab_size": True}, ["requested vocabulary size"]),  # int(True) loaded
        ({"requested_vocab_size": 10**30}, ["requested vocabulary size"]),
        ({"requested_vocab_size": "388"}, ["requested vocabulary size"]),
        ({"requested_vocab_size": 1e300}, ["requested vocabulary size"]),
        ({"extra": [[]] * 1000}, ["unknown entries", "extra"]),
        ({"model": base64.b64encode(b"\x0b\x00").decode()}, ["not a protocol buffer"]),
    ],
    ids=["bool", "huge", "text", "float", "unknown-entry", "not-protobuf"],
)
def test_sentencepiece_state_of_the_wrong_type_is_refused(sp_bytes, changes, words):
    refused_model(_with_sp_state(sp_bytes, **changes), "damaged", "tokenizer", *words)


@pytest.mark.parametrize(
    "vocab, words",
    [
        (None, ["at most 8,000 entries"]),  # 8,001 entries
        ("<pad><unk><sos><eos>", ["list"]),  # list("...") used to read it letter by letter
        ({"<pad>": 0}, ["list"]),
        ([*["<pad>", "<unk>", "<sos>", "<eos>"], "w" * 1001], ["1,000 characters"]),
    ],
    ids=["8001", "text", "table", "long-entry"],
)
def test_vocabulary_of_the_wrong_kind_or_size_is_refused(model_bytes, vocab, words):
    if vocab is None:
        vocab = ["<pad>", "<unk>", "<sos>", "<eos>"] + [
            f"w{i}" for i in range(limits.MAX_VOCAB - 3)
        ]
    state = json.dumps({"kind": "word", "vocab": vocab})
    refused_model(_with_metadata(model_bytes, tgt_tokenizer=state), "damaged", *words)


def test_cli_says_a_hostile_story_in_one_line(tmp_path, model_bytes, capsys):
    from seq2seq_core.cli.commands import main
    from tests.support.hostile import clear_message

    path = tmp_path / "lists.safetensors"
    path.write_bytes(_with_metadata(model_bytes, meta=_empty_lists(300_000)))
    assert main(["translate", str(path), "a b"]) == 2
    clear_message(capsys.readouterr().err.strip(), ["lists.safetensors", "training story"])
