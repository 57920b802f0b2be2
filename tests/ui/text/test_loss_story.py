"""Every loss number says which loss it is (per sentence = summed over steps, or per token =
the mean) and its unit (nats); the CLI says which epoch's weights it kept."""

from __future__ import annotations

import json

import pytest

from seq2seq_core.cli.commands import main
from tests.support.models import tiny_translator
from ui.figures import compare as figures_compare
from ui.figures import train as figures_train


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("loss")
    tsv = d / "swap.tsv"
    tsv.write_text("".join(f"{a} {b}\t{b} {a}\n" for a in "abcdef" for b in "uvwxyz"))
    return tsv


def test_cli_train_and_eval_name_the_loss_and_its_unit(corpus, capsys):
    out = corpus.parent / "m.safetensors"
    args = ["train", str(corpus), "--out", str(out), "--epochs", "2", "--hidden", "16"]
    assert main([*args, "--emb", "8", "--tokenizer", "word", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "epoch 1: loss in nats per sentence (per token): train " in err
    assert "kept the weights of epoch " in err and "nats per sentence" in err
    assert main(["eval", str(out), str(corpus)]) == 0
    text = capsys.readouterr().out
    assert "loss/sentence" in text and "nats (summed over steps)" in text
    assert "loss/token" in text and "nats (mean over tokens)" in text
    assert main(["eval", str(out), str(corpus), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["loss_unit"] == "nats"


@pytest.mark.parametrize(("lang", "unit"), [("en", "nats"), ("ko", "nat")])
def test_the_loss_of_one_pair_says_per_sentence_per_token_and_nats(lang, unit):
    scored = tiny_translator().score("a b c", "c b a")
    fig = figures_compare.loss_steps_figure(scored, lang)
    title = fig.layout.title.text
    mean = scored.total_nll / len(scored.steps)
    assert f"{scored.total_nll:.3f} {unit}" in title and f"{mean:.3f}" in title
    assert ("per sentence" if lang == "en" else "문장당") in title
    assert f"({unit})" in fig.layout.yaxis.title.text  # Korean says nat, as its title


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "per token (nats)"), ("ko", "토큰당 손실 (nat)")]
)
def test_the_training_curves_say_per_token_and_nats(lang, words):
    history = [
        {"epoch": 1, "train_loss_per_token": 2.0, "valid_loss_per_token": 2.1,
         "valid_exact_match": 0.1},
    ]  # fmt: skip
    fig = figures_train.training_curves_figure(history, [(0.5, 2.2)], lang)
    assert words in fig.layout.yaxis.title.text
