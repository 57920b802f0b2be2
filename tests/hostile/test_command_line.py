"""The command line against hostile input (issue 23, round three): paths that are not regular
files, `--out` where nothing can be written, numbers that are not plain ASCII numbers,
unknown or missing arguments: each refused at once, in one line on stderr, with status 2.
Also: `eval` reports every figure over one set of pairs, and the command line trains the
weights the app's workers train."""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.cli import commands as cli
from seq2seq_core.cli.args import real, whole
from seq2seq_core.cli.commands import build_parser, main
from seq2seq_core.config import TrainConfig
from seq2seq_core.data.corpora import load_builtin
from seq2seq_core.data.corpus import CorpusError, CorpusLimits, read_corpus_file, split_pairs
from seq2seq_core.metrics import evaluate
from seq2seq_core.training import jobs
from seq2seq_core.training import state as trainer_state
from seq2seq_core.training.trainer import Trainer
from seq2seq_core.translator import build_translator
from tests.support.paths import REPO_ROOT

ROOT = REPO_ROOT
SWAP = "".join(f"{a} {b}\t{b} {a}\n" for a in "abcdef" for b in "uvwxyz")


def _one_line_refusal(capsys, code: int) -> str:
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.endswith("\n") and err.count("\n") == 1 and err.startswith("error: "), err
    return err


@pytest.fixture
def no_training(monkeypatch):
    """Any training (the tokenizers' included) fails the test: a refusal comes first."""

    def trained(*args, **kwargs):
        raise AssertionError("trained before refusing")

    monkeypatch.setattr(cli, "build_translator", trained)


# --- paths that are not regular files ---------------------------------------------------

# Run in a child process, with a timeout and 2 GB of address space: without the checks
# these read until memory runs out (/dev/zero) or block forever (a FIFO, a pipe on stdin).
RUNNER = """
import contextlib, io, json, sys
from seq2seq_core.cli.commands import main
results = []
for argv in json.loads(sys.argv[1]):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(argv)
    results.append([code, err.getvalue()])
print(json.dumps(results))
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def test_endless_and_blocking_paths_are_refused_at_once(tmp_path):
    fifo, zero = tmp_path / "fifo.tsv", tmp_path / "zero.tsv"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    out = str(tmp_path / "m.safetensors")
    cases = [
        (["train", "/dev/zero", "--out", out], "/dev/zero: it is a character device"),
        (["train", "reverse", "--valid", "/dev/zero", "--out", out], "a character device"),
        (["eval", "/dev/zero", "reverse"], "/dev/zero: it is a character device"),
        (["eval", "reverse", "/dev/zero"], "/dev/zero: it is a character device"),
        (["translate", "/dev/zero", "x"], "/dev/zero: it is a character device"),
        (["train", str(zero), "--out", out], "zero.tsv: it is a character device"),
        (["train", str(fifo), "--out", out], "fifo.tsv: it is a named pipe (FIFO)"),
        (["eval", str(fifo), "reverse"], "fifo.tsv: it is a named pipe (FIFO)"),
        (["eval", "reverse", "/dev/stdin"], "/dev/stdin: it is a named pipe (FIFO)"),
        (["corpus", "reverse", "--out", str(fifo)], "it is a named pipe (FIFO)"),
    ]
    read_end, write_end = os.pipe()  # stdin: a pipe kept open, never written to
    start = time.perf_counter()
    try:
        child = subprocess.Popen(
            [sys.executable, "-c", RUNNER, json.dumps([argv for argv, _ in cases])],
            cwd=ROOT, stdin=read_end, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, preexec_fn=_limit_memory,
        )  # fmt: skip
        os.close(read_end)
        try:
            stdout, stderr = child.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            pytest.fail("a path was read or opened until the timeout")
    finally:
        os.close(write_end)
    assert child.returncode == 0, stderr[-2000:]
    for (argv, words), (code, err) in zip(cases, json.loads(stdout), strict=True):
        assert code == 2 and err.count("\n") == 1 and words in err, (argv, err)
        assert "not a regular file" in err
    assert time.perf_counter() - start < 60
    assert not Path(out).exists()


def test_directories_sockets_and_devices_are_refused_before_reading(tmp_path, capsys):
    sock_path = tmp_path / "s.tsv"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    null_link = tmp_path / "null.safetensors"
    null_link.symlink_to("/dev/null")
    out = str(tmp_path / "m.safetensors")
    cases = [
        (["train", str(tmp_path), "--out", out], "it is a directory, not a regular file"),
        (["eval", str(tmp_path), "reverse"], "it is a directory, not a regular file"),
        (["eval", "reverse", str(tmp_path)], "it is a directory, not a regular file"),
        (["train", str(sock_path), "--out", out], "it is a socket, not a regular file"),
        (["eval", "reverse", "/dev/null"], "it is a character device, not a regular file"),
        (["translate", str(null_link), "x"], "it is a character device, not a regular file"),
    ]
    try:
        for argv, words in cases:
            assert words in _one_line_refusal(capsys, main(argv)), argv
    finally:
        server.close()


def test_a_file_holding_more_than_its_size_says_is_read_only_up_to_the_cap(monkeypatch):
    """/proc/self/maps says 0 bytes and holds thousands; a growing file is the same case."""
    path = Path("/proc/self/maps")
    assert path.stat().st_size == 0 and len(path.read_bytes()) > 200
    read = []
    real_read = os.read

    def counting(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counting)
    with pytest.raises(CorpusError) as info:
        read_corpus_file(path, CorpusLimits(max_bytes=100))
    assert sum(read) == 101  # the cap and one byte, whatever the file holds
    assert info.value.code == "read_too_big" and "more than 100 bytes" in str(info.value)
    with pytest.raises(checkpoint.CheckpointError) as info:
        monkeypatch.setattr(checkpoint, "MAX_FILE_BYTES", 100)
        checkpoint.load(path)
    assert info.value.code == "read_too_big" and sum(read) == 202


def test_a_line_break_or_escape_in_a_path_stays_on_one_line(tmp_path, capsys):
    odd = tmp_path / "a\nb\x1b[31m.tsv"
    odd.mkdir()
    err = _one_line_refusal(capsys, main(["eval", "reverse", str(odd)]))
    assert "a\\nb\\x1b[31m.tsv" in err and "\x1b" not in err
    err = _one_line_refusal(capsys, main(["eval", "reverse", "x\0y"]))
    assert "not a built-in corpus" in err


# --- where the model is written ---------------------------------------------------------


def test_out_is_checked_before_any_training(tmp_path, capsys, no_training):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    a_file = tmp_path / "file"
    a_file.write_text("x")
    cases = [
        (str(tmp_path), "it is a directory: name a file in it"),
        ("", "it is a directory"),
        (str(tmp_path / "no" / "such" / "m.safetensors"), "the folder"),
        (str(a_file / "m.safetensors"), "Not a directory"),
        ("/proc/m.safetensors", "no file can be written in the folder /proc"),
        ("/dev/null", "it is a character device, not a regular file"),
        (str(fifo), "it is a named pipe (FIFO), not a regular file"),
        ("m\0.safetensors", "NUL"),
    ]
    for out, words in cases:
        for command in (["train", "reverse"], ["corpus", "reverse"]):
            err = _one_line_refusal(capsys, main([*command, "--out", out]))
            assert words in err and "--out" in err, (command, out, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "file"]  # no probe left


# --- numbers and arguments --------------------------------------------------------------


TRAIN_WHOLE = ["--epochs", "--batch-size", "--emb", "--hidden", "--layers", "--vocab-size",
               "--max-len", "--seed", "--check-every"]  # fmt: skip
TRAIN_REAL = ["--lr", "--teacher-forcing", "--stop-at-exact-match"]
NUMERIC = (
    [("train", o, "whole") for o in TRAIN_WHOLE]
    + [("train", o, "real") for o in TRAIN_REAL]
    + [("translate", "--beam", "whole"), ("translate", "--alpha", "real")]
    + [("corpus", "--seed", "whole")]
)
NOT_PLAIN = ["١٢", "１２", "1_2", " 12", "12 ", "nan", "inf", "-inf", "NaN", "", "0x10", "½"]
NOT_WHOLE = ["1e3", "12.0", "99999999999999999999999999999999999999999999"]
OUT_OF_RANGE = {
    "whole": ["-1", "-12", "99999999999999999999"],
    "real": ["-1e-3", "-0.5", "1e300", "-1E+2", "1e999"],
}


def _argv(command: str, option: str, value: str, out: str) -> list[str]:
    before = {
        "train": ["train", "reverse", "--out", out, "--quiet"],
        "translate": ["translate", "no-such-model", "hi", "--beam", "2"],
        "corpus": ["corpus", "reverse", "--out", out],
    }[command]
    return [*before, option, value]


def test_every_option_that_takes_a_number_reads_plain_numbers_only():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    typed = [
        (command, action.option_strings[0], getattr(action.type, "__name__", ""))
        for command, p in sub.choices.items()
        for action in p._actions
        if action.type is not None
    ]
    assert sorted(typed) == sorted(NUMERIC)
    assert whole("12") == 12 and whole("+3") == 3 and whole("-4") == -4
    assert real("1e-3") == 0.001 and real(".5") == 0.5 and real("2.") == 2.0


@pytest.mark.parametrize(("command", "option", "kind"), NUMERIC)
def test_numbers_in_other_digits_nan_inf_negative_or_huge_are_one_line(
    command, option, kind, tmp_path, capsys, no_training
):
    out = str(tmp_path / "m.out")
    bad = NOT_PLAIN + (NOT_WHOLE if kind == "whole" else [])
    for value in bad:
        err = _one_line_refusal(capsys, main(_argv(command, option, value, out)))
        assert f"argument {option}: {repr(value)[:20]}" in err, (option, value, err)
    for value in OUT_OF_RANGE[kind]:
        err = _one_line_refusal(capsys, main(_argv(command, option, value, out)))
        assert "argument" not in err or "too large" in err, (option, value, err)
    assert not Path(out).exists()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        ([], "required: command"),
        (["frob"], "invalid choice: 'frob'"),
        (["train"], "required: corpus, --out"),
        (["train", "reverse"], "required: --out"),
        (["train", "reverse", "--out", "m.safetensors", "--bogus"], "unrecognized arguments"),
        (["train", "reverse", "--out", "m.safetensors", "--rnn", "transformer"], "invalid choice"),
        (["train", "reverse", "--out"], "expected one argument"),
        (["eval", "reverse"], "required: corpus"),
        (["translate", "reverse"], "required: text"),
        (["translate", "reverse", "x", "--beam"], "expected one argument"),
        (["corpus"], "required: name, --out"),
    ],
)
def test_unknown_and_missing_arguments_are_one_line(argv, words, capsys, no_training):
    err = _one_line_refusal(capsys, main(argv))
    assert words in err and "--help" in err


# --- eval: one set of pairs ---------------------------------------------------------------


@pytest.fixture(scope="module")
def short_model(tmp_path_factory) -> Path:
    """A model with a length limit of 4 tokens a side."""
    d = tmp_path_factory.mktemp("short")
    (d / "swap.tsv").write_text(SWAP)
    out = d / "m.safetensors"
    args = ["train", str(d / "swap.tsv"), "--out", str(out), "--epochs", "2", "--hidden", "8",
            "--emb", "4", "--tokenizer", "word", "--max-len", "4", "--quiet"]  # fmt: skip
    assert main(args) == 0
    return out


def test_eval_scores_every_figure_over_the_pairs_within_the_limit(short_model, capsys):
    long = [("a b c d e", "e d c b a"), ("u", "v w x y z")]  # a long source, a long target
    tsv = short_model.parent / "with_long.tsv"
    tsv.write_text(SWAP + "".join(f"{s}\t{t}\n" for s, t in long))
    assert main(["eval", str(short_model), str(tsv), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["pairs"], result["over_limit"], result["length_limit"]) == (36, 2, 4)
    tr = checkpoint.load(short_model)
    within = read_corpus_file(short_model.parent / "swap.tsv").pairs
    alone = evaluate(tr, within)
    assert alone["over_limit"] == 0
    for key in ("exact_match", "token_accuracy", "sequence_accuracy", "loss_per_sentence",
                "loss_per_token", "bleu", "chrf"):  # fmt: skip
        assert result[key] == pytest.approx(alone[key], abs=1e-12), key
    assert main(["eval", str(short_model), str(tsv)]) == 0
    text = capsys.readouterr().out
    assert "pairs           36 of 38: 2 with a side over the model's length limit of 4 " in text
    assert "left out of every score" in text
    tsv.write_text("".join(f"{s}\t{t}\n" for s, t in long))
    err = _one_line_refusal(capsys, main(["eval", str(short_model), str(tsv)]))
    assert "none of the 2 pairs fits the model's length limit of 4 tokens" in err


# --- the same seed, the same weights ----------------------------------------------------


class _Queue:  # what a worker's task puts its events in, here nowhere
    def __init__(self, name: str) -> None:
        pass

    def put(self, items) -> None:
        pass

    def close(self) -> None:
        pass


class _Variable:  # the run's control ([what, heartbeat]), here always "run"
    def __init__(self, name: str) -> None:
        pass

    def get(self, timeout: float | None = None) -> list:
        return [jobs.RUN, 0]


def test_the_command_line_trains_the_weights_a_worker_trains(tmp_path, monkeypatch):
    """A fresh process has a torch thread per core; the app's workers train on one. Two
    threads add a product's parts in another order: weights 1e-6 apart, seed for seed
    (on reverse's sentences of up to 12 tokens; SWAP's pairs of 2 happened to agree)."""
    tsv, out = tmp_path / "reverse40.tsv", tmp_path / "m.safetensors"
    tsv.write_text("".join(f"{s}\t{t}\n" for s, t in load_builtin("reverse", "train")[:40]))
    options = dict(emb=8, hidden=16)
    threads = torch.get_num_threads()
    try:
        torch.set_num_threads(2)  # the command line's default on a 2-core machine
        argv = ["train", str(tsv), "--out", str(out), "--epochs", "1", "--batch-size", "8",
                "--emb", "8", "--hidden", "16", "--tokenizer", "word", "--vocab-size", "100",
                "--quiet"]  # fmt: skip
        assert main(argv) == 0
        # the app: the Train page's run of the same corpus and options, sent to a worker
        cfg = TrainConfig(epochs=1, batch_size=8, tokenizer="word", vocab_size=100)
        train, valid = split_pairs(read_corpus_file(tsv).pairs, 0.1, seed=cfg.seed)
        trainer = Trainer(build_translator(train, options, "word", 100, cfg.seed), train,
                          valid, cfg)  # fmt: skip
        state, info = trainer_state.dump(trainer, with_model=False)
        job = {"events": "e", "control": "c", "model": checkpoint.to_bytes(trainer.tr),
               "state": state, "info": info, "train": train, "valid": valid,
               "cfg": cfg.to_dict(), "orphan_after": 3600.0}  # fmt: skip
        monkeypatch.setattr(jobs, "Queue", _Queue)
        monkeypatch.setattr(jobs, "Variable", _Variable)
        monkeypatch.setattr(jobs, "lower_priority", lambda: None)
        torch.set_num_threads(2)
        result = jobs.train_job(job)
    finally:
        torch.set_num_threads(threads)
    trainer_state.load(trainer, result["state"], result["info"])
    app = trainer.tr.model.state_dict()
    here = checkpoint.load(out).model.state_dict()
    assert trainer.step > 0 and set(app) == set(here)
    assert all(torch.equal(app[k], here[k]) for k in app)
