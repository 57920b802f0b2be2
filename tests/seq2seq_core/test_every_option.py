"""Every combination of options the Train page and the command line accept trains one step,
decodes (greedy, beam, trace, teacher-forced score), saves, and loads back to the same
outputs; every other combination is refused by ModelConfig with a sentence and a code the
pages can say in Korean.

The walk is read from the option definitions: a field of ModelConfig or TrainConfig that
takes one of a few names walks `config.CHOICES` (what the configs validate against, and what
the command line and the Train page offer: checked here), a true/false field walks both, and
a new numeric ModelConfig field fails here until it is given values to walk. The default
suite walks an all-pairs covering set of the accepted combinations (every value of every
option meets every value of every other option at least once); `-m full` walks the full
product of the model options.
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import fields
from functools import cache
from pathlib import Path

import pytest
import torch

from seq2seq_core import limits
from seq2seq_core.checkpoints import checkpoint
from seq2seq_core.cli.commands import build_parser, main
from seq2seq_core.config import CHOICES, COMBINATIONS, ConfigError, ModelConfig, TrainConfig
from seq2seq_core.data.tokenizers import Tokenizer, train_tokenizer
from seq2seq_core.training.trainer import DoneEvent, Trainer
from seq2seq_core.translator import Translator, seeded_model

# Values of the numeric options; the vocabulary sizes come from the tokenizers.
MODEL_NUMBERS = {
    "src_vocab": None,
    "tgt_vocab": None,
    "emb": (4,),
    "hidden": (4,),
    "layers": tuple(range(1, limits.MAX_LAYERS + 1)),
    "dropout": (0.0, 0.5),  # neither the page nor the command line sets it; files may
}
TRAIN_NUMBERS = {"teacher_forcing": (1.0, 0.5), "stop_at_exact_match": (0.0, 1.0)}
# 4 tokens at most a side (every tokenizer kind fits these), so that decoding an untrained
# model, which never says `<eos>`, stops after 5 steps
TRAIN_FIXED = dict(epochs=1, batch_size=4, max_len=4, samples=1, vocab_size=limits.MIN_VOCAB)
TRAIN = [("a b", "b a"), ("b c", "c b"), ("c", "c"), ("a c", "c a")]
VALID = [("b a", "a b")]


def option_values(cls: type, numbers: dict) -> dict[str, tuple]:
    """The values to walk of each field of `cls` (ModelConfig or TrainConfig)."""
    values = {}
    for f in fields(cls):
        if f.name in CHOICES:
            values[f.name] = CHOICES[f.name]
        elif f.type == "bool":
            values[f.name] = (False, True)
        elif f.name in numbers:
            if numbers[f.name] is not None:
                values[f.name] = numbers[f.name]
        elif f.type == "str":
            raise AssertionError(f"{cls.__name__}.{f.name}: list its names in config.CHOICES")
        elif cls is ModelConfig:
            raise AssertionError(f"ModelConfig.{f.name}: give it values in MODEL_NUMBERS")
    return values


MODEL_VALUES = option_values(ModelConfig, MODEL_NUMBERS)
TRAIN_VALUES = option_values(TrainConfig, TRAIN_NUMBERS)


def _product(values: dict[str, tuple]) -> list[dict]:
    return [dict(zip(values, combo, strict=True)) for combo in itertools.product(*values.values())]


def model_config(options: dict, src_vocab: int = 10, tgt_vocab: int = 10) -> ModelConfig:
    return ModelConfig(src_vocab=src_vocab, tgt_vocab=tgt_vocab, **options)


@cache
def model_combinations() -> tuple[list[dict], list[dict]]:
    """The full product of the model options: (accepted, refused). A refusal must carry a
    code of config.COMBINATIONS (the Train page says it in Korean by that code)."""
    accepted, refused = [], []
    for options in _product(MODEL_VALUES):
        try:
            model_config(options)
        except ConfigError as e:
            assert e.code in COMBINATIONS, f"{options}: refused without a code ({e})"
            refused.append(options)
            continue
        accepted.append(options)
    return accepted, refused


def all_pairs(rows: list[dict]) -> list[dict]:
    """A few of `rows` in which every pair of values that meets in some row meets once at
    least (greedy: each pick covers the most pairs not yet covered; deterministic)."""

    def pairs(row: dict) -> set:
        return set(itertools.combinations(row.items(), 2))

    row_pairs = [pairs(row) for row in rows]
    uncovered = set().union(*row_pairs)
    chosen = []
    while uncovered:
        first = min(uncovered, key=repr)  # a row must cover this one
        best = max(
            (i for i, p in enumerate(row_pairs) if first in p),
            key=lambda i: len(row_pairs[i] & uncovered),
        )
        chosen.append(rows[best])
        uncovered -= row_pairs[best]
    return chosen


@cache
def pairwise_cases() -> list[tuple[dict, dict]]:
    train_options = _product(TRAIN_VALUES)
    rows = [{**m, **t} for m in model_combinations()[0] for t in train_options]
    return [_split(row) for row in all_pairs(rows)]


def _split(row: dict) -> tuple[dict, dict]:
    model = {k: v for k, v in row.items() if k in MODEL_VALUES}
    return model, {k: v for k, v in row.items() if k not in MODEL_VALUES}


@cache
def tokenizers(kind: str) -> tuple[Tokenizer, Tokenizer]:
    vocab = TRAIN_FIXED["vocab_size"]
    return (
        train_tokenizer(kind, [s for s, _ in TRAIN], vocab),
        train_tokenizer(kind, [t for _, t in TRAIN], vocab),
    )


def outputs(tr: Translator) -> tuple:
    """What a model says: greedy translations, a greedy trace, a beam, a forced score."""
    return (
        tr.translate(["a b", "c", ""]),
        tr.trace("b a").to_json(),
        repr(tr.beam("a c", k=2).to_dict()),
        repr(tr.score("a b", "b a").to_dict()),
    )


def walk(model_options: dict, train_options: dict, path: Path) -> None:
    """Train one step, decode, save to `path`, load back: the same outputs."""
    src_tok, tgt_tok = tokenizers(train_options["tokenizer"])
    cfg = model_config(model_options, src_tok.vocab_size, tgt_tok.vocab_size)
    tr = Translator(seeded_model(cfg, 0), src_tok, tgt_tok, {"seed": 0})
    trainer = Trainer(tr, TRAIN, VALID, TrainConfig(**TRAIN_FIXED, **train_options))
    done = list(trainer.run())[-1]
    assert isinstance(done, DoneEvent) and done.reason in ("finished", "reached"), done
    assert trainer.step == 1 and all(torch.isfinite(p).all() for p in tr.model.parameters())
    said = outputs(tr)
    back = checkpoint.load(checkpoint.save(tr, path))
    assert back.cfg == cfg
    assert outputs(back) == said


def _case_id(case: tuple[dict, dict]) -> str:
    walked = {**MODEL_VALUES, **TRAIN_VALUES}
    return "-".join(str(v) for part in case for k, v in part.items() if len(walked[k]) > 1)


@pytest.mark.parametrize("case", pairwise_cases(), ids=_case_id)
def test_every_pair_of_options_trains_decodes_saves_and_loads(case, tmp_path):
    walk(*case, tmp_path / "m.safetensors")


def test_the_pairwise_walk_meets_every_value_of_every_option():
    """Every value, and the combination issue 23 found crashing, is walked."""
    cases = pairwise_cases()
    for name, values in {**MODEL_VALUES, **TRAIN_VALUES}.items():
        walked = {(m | t)[name] for m, t in cases}
        assert walked == set(values), name
    assert any(m["attention"] == "none" and m["decoder_style"] == "bahdanau" for m, _ in cases)
    assert len(cases) < 40  # the default suite's share: a few seconds


@pytest.mark.full
def test_every_model_combination_trains_decodes_saves_and_loads(tmp_path):
    """The full product of the model options; the training options (the tokenizer kind
    among them) take turns."""
    train_options = _product(TRAIN_VALUES)
    for i, options in enumerate(model_combinations()[0]):
        walk(options, train_options[i % len(train_options)], tmp_path / "m.safetensors")


def test_every_refused_combination_says_why_with_a_code():
    """Only combinations that break one of config.COMBINATIONS are refused, with its code
    (`model_combinations` checks it); without attention either style is the plain decoder."""
    accepted, refused = model_combinations()
    assert accepted and refused
    for options in refused:
        broken = {
            options["attention"] == "none" and options["luong_input_feeding"],
            options["attention"] == "dot" and options["bidirectional"],
            options["decoder_style"] == "bahdanau" and options["luong_input_feeding"],
        }
        assert True in broken, options
    plain = dict(emb=4, hidden=4, attention="none", bidirectional=False)
    styles = [model_config({**plain, "decoder_style": s}) for s in CHOICES["decoder_style"]]
    weights = [seeded_model(cfg, 0).state_dict() for cfg in styles]
    assert all(w.keys() == weights[0].keys() for w in weights)
    assert all(torch.equal(w[k], weights[0][k]) for w in weights for k in w)


@pytest.mark.parametrize("name", CHOICES)
def test_a_name_outside_the_choices_is_refused(name):
    with pytest.raises(ConfigError, match=f"must be one of {', '.join(CHOICES[name])}"):
        if name in MODEL_VALUES:
            model_config({name: "nope"})
        else:
            TrainConfig(**{name: "nope"})


def _train_options_of_the_command_line() -> dict[str, argparse.Action]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {a.dest: a for a in sub.choices["train"]._actions if a.help != argparse.SUPPRESS}


def test_the_command_line_offers_the_configs_choices():
    actions = _train_options_of_the_command_line()
    for name, action in actions.items():
        if action.choices is not None and name in CHOICES:
            assert tuple(action.choices) == CHOICES[name], name
    walked = {**MODEL_VALUES, **TRAIN_VALUES}
    for name in ("rnn", "attention", "decoder_style", "tokenizer"):
        assert tuple(actions[name].choices) == CHOICES[name] == walked[name]
    for f in fields(ModelConfig):
        if f.type == "bool":  # every true/false model option is a --flag / --no-flag
            assert isinstance(actions[f.name], argparse.BooleanOptionalAction), f.name


def test_the_command_issue_23_found_crashing_trains_and_evaluates(tmp_path, capsys):
    """`--attention none --decoder-style bahdanau` trained into a traceback: the training
    pass took the step loop, whose non-Bahdanau branch feeds Luong's h~, which a model
    without attention does not have."""
    tsv = tmp_path / "swap.tsv"
    tsv.write_text("".join(f"{a} {b}\t{b} {a}\n" for a in "abcd" for b in "uvw"))
    out = tmp_path / "m.safetensors"
    args = ["train", str(tsv), "--out", str(out), "--epochs", "1", "--emb", "4",
            "--hidden", "4", "--tokenizer", "word", "--attention", "none",
            "--decoder-style", "bahdanau", "--quiet"]  # fmt: skip
    assert main(args) == 0, capsys.readouterr().err
    assert main(["eval", str(out), str(tsv)]) == 0, capsys.readouterr().err
    assert main(["translate", str(out), "a u", "--beam", "2"]) == 0


# The Train page's widget of each model option it offers (ui/pages/train.py)
PAGE_WIDGETS = {
    "layers": "kept.layers",
    "rnn": "kept.rnn",
    "attention": "kept.attn",
    "decoder_style": "kept.style",
    "bidirectional": "kept.bi.False",  # its key is scoped by "dot attention chosen"
    "luong_input_feeding": "kept.feeding",
}


def test_the_train_page_offers_the_configs_choices():
    """The page's boxes list config.CHOICES (and the layers the limits allow), so every
    combination it offers is one the walk above trains or one ModelConfig refuses with a
    code the page shows in Korean; the plain decoder with the Bahdanau style is offered."""
    from tests.support.apptest import with_swap_corpus

    walked = {name for name, values in MODEL_VALUES.items() if len(values) > 1}
    assert walked - PAGE_WIDGETS.keys() == {"dropout"}  # the page sets no dropout
    at = with_swap_corpus("ui/pages/train.py")
    for name, key in PAGE_WIDGETS.items():
        if MODEL_VALUES[name] == (False, True):
            assert at.checkbox(key=key).value in (False, True)
            continue
        box = at.selectbox(key=key)
        assert box.options == [str(box.format_func(v)) for v in MODEL_VALUES[name]], name
    at.selectbox(key="kept.attn").set_value("none")
    at.selectbox(key="kept.style").set_value("bahdanau").run()
    assert not at.exception and not at.error
    assert any(b.label == "Start training" for b in at.button)
