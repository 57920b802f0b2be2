"""The shared limits (seq2seq_core/limits.py): the command line, the app and the loader use
the same numbers, so what one can train the others accept, and what the app can train, it
can load back."""

from __future__ import annotations

import time
import tomllib

import pytest
import torch

from seq2seq_core import limits
from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.cli.commands import main
from seq2seq_core.config import ConfigError, ModelConfig
from seq2seq_core.data.tokenizers import SPECIALS, WordTokenizer
from seq2seq_core.model.seq2seq import Seq2Seq
from seq2seq_core.translator import Translator
from tests.support.paths import REPO_ROOT

ROOT = REPO_ROOT


@pytest.mark.parametrize(
    "args, words",
    [
        (["--hidden", "20000"], ["hidden", "512"]),
        (["--hidden", "100000"], ["hidden", "512"]),
        (["--hidden", "0"], ["hidden"]),
        (["--emb", "100000"], ["emb", "512"]),
        (["--vocab-size", "0"], ["vocab_size", "8"]),
        (["--vocab-size", "-5"], ["vocab_size"]),
        (["--vocab-size", "1"], ["vocab_size"]),
        (["--vocab-size", "100000"], ["vocab_size", "8000"]),
        (["--layers", "1000000"], ["layers"]),
        (["--seed", str(2**64)], ["seed", str(limits.MAX_SEED)]),
        (["--seed", "-1"], ["seed"]),
        (["--epochs", "1000000000"], ["epochs", "500"]),
        (["--batch-size", "100000"], ["batch_size", "512"]),
        (["--lr", "nan"], ["argument --lr: 'nan' is not a number"]),
        (["--lr", "-1e-3"], ["learning rate", "-0.001"]),
        (["--teacher-forcing", "inf"], ["argument --teacher-forcing: 'inf' is not a number"]),
        (["--emb", "512", "--hidden", "512", "--layers", "2", "--rnn", "lstm"], ["parameters"]),
    ],
)
def test_command_line_extremes_are_one_line_and_exit_2(tmp_path, capsys, args, words):
    out = tmp_path / "m.safetensors"
    start = time.perf_counter()
    code = main(["train", "reverse", "--out", str(out), "--quiet", *args])
    err = capsys.readouterr().err.strip()
    assert code == 2 and not out.exists()
    assert "\n" not in err and err.startswith("error: "), err
    for word in words:
        assert word in err, (word, err)
    assert time.perf_counter() - start < 5  # refused before any corpus or model work


def _word_tokenizer(n: int, prefix: str) -> WordTokenizer:
    return WordTokenizer([*SPECIALS, *(f"{prefix}{i}" for i in range(n - len(SPECIALS)))])


def _largest_config() -> ModelConfig:
    """The model with the most parameters the limits allow, over a grid of every option."""
    best, best_count = None, 0
    for rnn in ("lstm", "gru"):
        for layers in (1, limits.MAX_LAYERS):
            for emb in (64, 128, 256, limits.MAX_EMB):
                for hidden in (128, 192, 256, 320, 384, limits.MAX_HIDDEN):
                    try:
                        cfg = ModelConfig(src_vocab=limits.MAX_VOCAB, tgt_vocab=limits.MAX_VOCAB,
                                          emb=emb, hidden=hidden, layers=layers, rnn=rnn,
                                          luong_input_feeding=True)  # fmt: skip
                    except ConfigError:
                        continue
                    if cfg.num_parameters() > best_count:
                        best, best_count = cfg, cfg.num_parameters()
    assert best is not None and best_count > 0.8 * limits.MAX_PARAMETERS
    return best


def test_the_largest_model_the_limits_allow_fits_the_file_and_upload_caps():
    cfg = _largest_config()
    src, tgt = _word_tokenizer(cfg.src_vocab, "단어"), _word_tokenizer(cfg.tgt_vocab, "word")
    assert (src.vocab_size, tgt.vocab_size) == (cfg.src_vocab, cfg.tgt_vocab)
    torch.manual_seed(0)
    sample = {"source": "x" * 300, "reference": "y" * 300, "hypothesis": "z" * 300}
    epoch = {"epoch": 1, "valid_exact_match": 0.5, "samples": [sample] * 3,
             "attention_src": ["가나다"] * 300, "attention_out": ["abc"] * 60}  # fmt: skip
    meta = {"corpus": "big.tsv", "history": [epoch] * limits.MAX_EPOCHS}
    tr = Translator(Seq2Seq(cfg), src, tgt, meta)
    data = checkpoint.to_bytes(tr)
    assert len(data) <= checkpoint.MAX_FILE_BYTES
    assert len(data) <= limits.MODEL_UPLOAD_MB * 1024 * 1024
    back = checkpoint.from_bytes(data)
    assert back.cfg == cfg and back.meta["corpus"] == "big.tsv"
    assert len(back.meta["history"]) == limits.MAX_EPOCHS  # its samples left out to fit


def test_the_apps_presets_at_the_largest_vocabulary_are_trainable():
    from seq2seq_core.presets import SIZES

    for size in SIZES.values():
        for layers in (1, 2):
            cfg = ModelConfig(src_vocab=limits.MAX_VOCAB, tgt_vocab=limits.MAX_VOCAB,
                              layers=layers, **size.options())  # fmt: skip
            assert cfg.num_parameters() <= limits.MAX_PARAMETERS


def test_the_servers_upload_cap_covers_the_model_cap():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] >= limits.MODEL_UPLOAD_MB
    assert limits.MODEL_UPLOAD_MB * 1024 * 1024 >= checkpoint.MAX_FILE_BYTES


def _train_page(lang: str = "en"):
    from streamlit.testing.v1 import AppTest

    from seq2seq_core.data.corpus import parse_corpus
    from ui import state

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("ui/pages/train.py").run()
    tsv = "".join(f"{a} {b}\t{b} {a}\n" for a in "abcdef" for b in "uvwxyz").encode()
    at.session_state[state.CORPUS] = parse_corpus(tsv)
    at.session_state[state.CORPUS_NAME] = "swap.tsv"
    at.session_state[state.LANG] = lang
    at.run()
    return at


def _uploaders(at) -> dict[str, int]:
    return {u.proto.label: u.proto.max_upload_size_mb for u in at.get("file_uploader")}


def test_the_train_pages_widgets_and_upload_take_their_bounds_from_the_limits():
    at = _train_page()
    bounds = {n.key: n.max for n in at.number_input}
    assert bounds["kept.emb.default"] == limits.MAX_EMB
    assert bounds["kept.hid.default"] == limits.MAX_HIDDEN
    assert max(v for k, v in bounds.items() if k.startswith("kept.epochs")) == limits.MAX_EPOCHS
    assert max(v for k, v in bounds.items() if k.startswith("kept.batch")) == limits.MAX_BATCH
    assert list(_uploaders(at).values()) == [limits.MODEL_UPLOAD_MB]


def test_the_data_pages_vocabulary_and_uploads_take_their_bounds_from_the_limits():
    from seq2seq_core.data.corpus import CorpusLimits
    from ui import state

    at = _train_page()
    at.switch_page("ui/pages/data.py").run()
    vocab = at.number_input(key=state.VOCAB_SIZE)
    assert (vocab.min, vocab.max) == (limits.MIN_VOCAB, limits.MAX_VOCAB)
    corpus_mb = -(-CorpusLimits().max_bytes // (1024 * 1024))
    for choice, count in (("upload_one", 1), ("upload_two", 2)):
        at.radio(key="data_src").set_value(choice).run()
        assert list(_uploaders(at).values()) == [corpus_mb] * count  # not the model's cap


@pytest.mark.parametrize("lang, words", [("en", "parameters"), ("ko", "매개변수")])
def test_a_model_over_the_parameter_cap_is_refused_on_the_train_page(lang, words):
    from ui import state

    at = _train_page(lang)
    at.session_state[state.VOCAB_SIZE] = limits.MAX_VOCAB
    at.run()
    at.number_input(key="kept.emb.default").set_value(limits.MAX_EMB)
    at.number_input(key="kept.hid.default").set_value(limits.MAX_HIDDEN).run()
    assert not at.exception
    assert words in at.error[0].value
    assert not [b for b in at.button if b.label in ("Start training", "학습 시작")]
