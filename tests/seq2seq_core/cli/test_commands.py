"""`python -m seq2seq_core`: train, eval, translate, corpus; bad input exits 2 with one line."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from seq2seq_core.checkpoints.pretrained import list_pretrained, load_pretrained
from seq2seq_core.cli.commands import build_parser, main
from seq2seq_core.cli.text import display_width, step_table
from tests.support.paths import REPO_ROOT

ROOT = REPO_ROOT


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
        (["eval", "missing.safetensors", "reverse"], "not a shipped model"),
        (["translate", "no-such-model", "hi"], "not a shipped model"),
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
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "usage:" not in run.stderr
    assert "argument --rnn: invalid choice: 'transformer'" in run.stderr


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


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@pytest.mark.parametrize("command", ["train", "eval", "translate", "corpus"])
def test_every_option_has_help_and_help_shows_every_default(command):
    p = _subparsers()[command]
    text = " ".join(p.format_help().split())  # argparse wraps lines
    for action in p._actions:
        if action.help == argparse.SUPPRESS:  # a hidden alias (--input-feeding)
            continue
        assert action.help, f"{command} {action.option_strings or action.dest} has no help"
        if action.option_strings and action.default not in (None, argparse.SUPPRESS):
            assert f"(default: {action.default})" in text, (command, action.option_strings)


def test_luong_input_feeding_flag_and_its_old_name(tmp_path):
    p = _subparsers()["train"]
    args = ["reverse", "--out", "m.safetensors"]
    assert p.parse_args(args).luong_input_feeding is False
    assert p.parse_args([*args, "--luong-input-feeding"]).luong_input_feeding is True
    assert p.parse_args([*args, "--input-feeding"]).luong_input_feeding is True  # old name
    assert "--input-feeding" not in p.format_help().replace("--luong-input-feeding", "")
    assert "h~" in p.format_help()


@pytest.mark.parametrize("command", ["translate", "eval"])
def test_an_unknown_model_name_lists_the_shipped_models(command, capsys):
    args = [command, "no-such-model", "hi" if command == "translate" else "reverse"]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no-such-model" in err
    for model in list_pretrained():
        assert model.name in err


def _at_column(line: str, column: int) -> str:
    """The part of `line` from terminal column `column` on."""
    used = 0
    for i, ch in enumerate(line):
        if used >= column:
            return line[i:]
        used += display_width(ch)
    return ""


def test_trace_table_stays_aligned_with_korean_tokens():
    tr = load_pretrained("en-ko-attention")
    for text in ("I am a student.", "Will he drink coffee?", "The weather is nice today."):
        trace = tr.trace(text)
        lines = step_table(trace).splitlines()
        header, rows = lines[1], lines[2:-1]
        assert len(rows) == len(trace.steps)
        columns = {name: display_width(header[: header.index(name)])
                   for name in ("input fed", "top-3", "chosen", "attends to")}  # fmt: skip
        for row, step in zip(rows, trace.steps, strict=True):
            assert _at_column(row, columns["input fed"]).startswith(step.input_token + " ")
            assert _at_column(row, columns["top-3"]).startswith(step.topk_tokens[0] + " ")
            assert _at_column(row, columns["chosen"]).startswith(step.chosen_token + " ")
            assert _at_column(row, columns["attends to"])[:1] not in ("", " ")
        assert any(display_width(s.chosen_token) > len(s.chosen_token) for s in trace.steps)


def _beam_rows(out: str) -> list[tuple[float, str]]:
    """(log p, text) of each line `rank  log p X  [score Y]  text` that translate --beam prints."""
    rows = []
    for line in out.strip().splitlines():
        rank, _log, _p, value, *rest = line.split()
        text = " ".join(rest[2:] if rest[:1] == ["score"] else rest)
        rows.append((float(value), text))
        assert rank == str(len(rows))
    return rows


def test_translate_beam_prints_every_hypothesis_with_its_log_probability(capsys):
    assert main(["translate", "en-ko-attention", "Will he drink coffee?"]) == 0
    greedy = capsys.readouterr().out.strip()
    assert main(["translate", "en-ko-attention", "Will he drink coffee?", "--beam", "3"]) == 0
    rows = _beam_rows(capsys.readouterr().out)
    assert len(rows) == 3 and [s for s, _ in rows] == sorted((s for s, _ in rows), reverse=True)
    assert rows[0][1] == greedy and rows[0][0] > -0.1  # the old beam's best: 마셔요? at -5.98
    args = ["translate", "en-ko-attention", "Will he drink coffee?", "--beam", "3", "--alpha"]
    assert main([*args, "0.6"]) == 0
    out = capsys.readouterr().out
    assert out.count(" score ") == 3 and _beam_rows(out)[0][1] == greedy


@pytest.mark.parametrize(
    "options, words",
    [
        (["--beam", "0"], "--beam must be a width from 1 to 50, not 0"),
        (["--beam", "-2"], "not -2"),
        (["--beam", "51"], "not 51"),
        (["--beam", "1000000"], "not 1000000"),
        (["--beam", "3", "--alpha", "-0.5"], "--alpha must be from 0 to 2"),
        (["--beam", "3", "--alpha", "nan"], "argument --alpha: 'nan' is not a number"),
        (["--alpha", "0.6"], "use it with --beam 2 or more"),
    ],
)
def test_bad_beam_options_exit_2_with_one_line(options, words, capsys):
    assert main(["translate", "no-such-model", "hi", *options]) == 2  # refused before loading
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and words in err


def test_beam_and_alpha_have_help(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["translate", "--help"])
    assert stop.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--beam K beam search of width K (1 to 50)" in text and "greedy search" in text
    assert "--alpha ALPHA length normalisation for --beam" in text


def test_train_takes_a_builtin_corpus_suggested_tokenizer_unless_told(monkeypatch):
    """`train reverse` used SentencePiece, which the app's Data page never picks for reverse
    (it suggests words): with byte fallback's 256 extra output classes it ended at 82%
    validation exact match where words reach 99%."""
    from seq2seq_core.cli import commands as cli

    seen = []
    monkeypatch.setattr(cli, "build_translator", lambda *a, **k: seen.append(a[2]) or 1 / 0)
    for args, kind in [([], "word"), (["--tokenizer", "char"], "char")]:
        with pytest.raises(ZeroDivisionError):
            main(["train", "reverse", "--out", "x.safetensors", "--quiet", *args])
        assert seen[-1] == kind
    assert cli._suggested_tokenizer("no-such-corpus.tsv") == "sentencepiece-unigram"


def test_train_passes_the_exact_match_target_to_the_run(tmp_path, capsys):
    from seq2seq_core.checkpoints import checkpoint

    tsv = tmp_path / "swap.tsv"
    tsv.write_text("".join(f"{a} {b}\t{b} {a}\n" for a in "abcdef" for b in "uvwxyz"))
    out = tmp_path / "m.safetensors"
    args = ["train", str(tsv), "--valid", str(tsv), "--out", str(out), "--epochs", "1",
            "--hidden", "8", "--emb", "4", "--tokenizer", "word", "--quiet",
            "--stop-at-exact-match", "0.99", "--check-every", "3"]  # fmt: skip
    assert main(args) == 0
    cfg = checkpoint.load(out).meta["train_config"]
    assert cfg["stop_at_exact_match"] == 0.99 and cfg["check_every"] == 3
    assert main([*args[:-4], "--stop-at-exact-match", "1.5"]) == 2
    assert "exact match must be in [0, 1]" in capsys.readouterr().err


def test_train_preset_sets_the_size_and_a_later_emb_or_hidden_overrides_it(monkeypatch):
    from seq2seq_core.cli import commands as cli
    from seq2seq_core.presets import SIZES

    p = _subparsers()["train"]
    base = ["reverse", "--out", "m.safetensors"]
    sizes = {
        (): (32, 64),  # no preset: ModelConfig's defaults, as before
        ("--preset", "bigger"): (SIZES["bigger"].emb, SIZES["bigger"].hidden),
        ("--preset", "bigger", "--emb", "40"): (40, SIZES["bigger"].hidden),
        ("--hidden", "40", "--preset", "tiny"): (SIZES["tiny"].emb, SIZES["tiny"].hidden),
    }
    for args, (emb, hidden) in sizes.items():
        a = p.parse_args([*base, *args])
        assert (a.emb, a.hidden) == (emb, hidden), args
    seen = []
    monkeypatch.setattr(cli, "build_translator", lambda *a, **k: seen.append(a[1]) or 1 / 0)
    with pytest.raises(ZeroDivisionError):
        main(["train", *base, "--quiet", "--preset", "default"])
    assert (seen[0]["emb"], seen[0]["hidden"]) == (64, 128)
