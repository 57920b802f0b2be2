"""`python -m seq2seq_core`: train, eval, translate, corpus; bad input exits 2 with one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from seq2seq_core.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("cli")
    tsv = d / "swap.tsv"
    tsv.write_text("".join(f"{a} {b}\t{b} {a}\n" for a in "abcdef" for b in "uvwxyz"))
    out = d / "m.safetensors"
    code = main(["train", str(tsv), "--out", str(out), "--epochs", "2", "--hidden", "16",
                 "--emb", "8", "--tokenizer", "word", "--quiet"])  # fmt: skip
    assert code == 0 and out.exists()
    return out


def test_eval_json(model, capsys):
    tsv = model.parent / "swap.tsv"
    assert main(["eval", str(model), str(tsv), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["pairs"] == 36
    assert {"exact_match", "token_accuracy", "bleu", "chrf"} <= set(result)


def test_translate_trace_and_json(model, capsys):
    assert main(["translate", str(model), "a u", "--trace"]) == 0
    out = capsys.readouterr().out
    assert "input fed" in out and "<sos>" in out and "stopped:" in out
    assert main(["translate", str(model), "a u", "b v", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert len(items) == 2 and items[0]["trace"]["steps"][0]["input_token"] == "<sos>"
    assert main(["translate", str(model), "a u", "--beam", "3"]) == 0


def test_a_shipped_model_is_named_without_its_path(capsys):
    assert main(["translate", "reverse", "3 1 2"]) == 0
    assert capsys.readouterr().out.strip() == "2 1 3"


def test_corpus_command(tmp_path):
    out = tmp_path / "r.tsv"
    assert main(["corpus", "reverse", "--split", "test", "--out", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 500


@pytest.mark.parametrize(
    "args, words",
    [
        (["eval", "missing.safetensors", "reverse"], "cannot read"),
        (["translate", "no-such-model", "hi"], "cannot read"),
        (["train", "no-such-corpus", "--out", "x.safetensors"], "not a built-in corpus"),
        (["train", "reverse", "--out", "x.safetensors", "--attention", "dot"], "dot attention"),
        (["translate", str(ROOT / "README.md"), "hi"], "not a valid"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, words, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and words in err


def test_bad_option_and_help_exit_cleanly():
    run = subprocess.run([sys.executable, "-m", "seq2seq_core", "train", "--help"], cwd=ROOT,
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert run.returncode == 0 and "--teacher-forcing" in run.stdout
    run = subprocess.run([sys.executable, "-m", "seq2seq_core", "train", "x", "--out", "y",
                          "--rnn", "transformer"], cwd=ROOT, capture_output=True, text=True,
                         check=False)  # fmt: skip
    assert run.returncode == 2


def test_train_says_how_many_pairs_exceed_the_length_limit(tmp_path, capsys):
    tsv = tmp_path / "long.tsv"
    short = "".join(f"{a} {b}\t{b} {a}\n" for a in "abcdef" for b in "uvwxyz")
    tsv.write_text(short + "a b c d e\tx\nf\tu v w x y z\n")
    out = tmp_path / "m.safetensors"
    args = ["train", str(tsv), "--valid", str(tsv), "--out", str(out), "--epochs", "1",
            "--hidden", "8", "--emb", "4", "--tokenizer", "word", "--quiet"]  # fmt: skip
    assert main([*args, "--max-len", "4"]) == 0
    err = capsys.readouterr().err
    assert "length limit 4 tokens per side: 2 of 38 training pairs (5.3%) and 2 of 38 " in err
    assert "left out (not cut)" in err
    assert main(["translate", str(out), "a b c d e"]) == 0
    assert "the source has 5 tokens; this model reads at most 4" in capsys.readouterr().err
    assert main([*args, "--max-len", "6"]) == 0
    assert "length limit 6 tokens per side: every pair fits" in capsys.readouterr().err
    assert main(["translate", str(out), "a b c d e"]) == 0
    assert "note:" not in capsys.readouterr().err
    assert "--max-len" in subprocess.run(
        [sys.executable, "-m", "seq2seq_core", "train", "--help"], capture_output=True,
        text=True, cwd=ROOT, check=True,
    ).stdout  # fmt: skip
