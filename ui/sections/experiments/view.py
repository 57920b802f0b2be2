"""Helpers of the experiments page (ui/pages/experiments.py): the cached computations,
the held-out sentences of a model, the corpora and runs of the training experiments, and the
quiz's questions. The page keeps the widgets and the layout; its strings are in
ui/text/experiments.py.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from seq2seq_core import experiments as ex
from seq2seq_core import presets
from seq2seq_core.config import TrainConfig
from seq2seq_core.data.corpora import BUILTIN_CORPORA, load_builtin
from seq2seq_core.data.corpus import split_pairs
from seq2seq_core.training.budget import BudgetError
from seq2seq_core.translator import Translator, build_translator
from ui import state
from ui.figures.style import shown
from ui.sections import demo_model
from ui.services import training
from ui.services.training import TrainingRun
from ui.state import resources, t
from ui.text import budgets as budget_strings
from ui.text.literal import literal, literal_code
from ui.text.particles import Spoken

PAIR, EDGES = resources.PAIR, resources.LENGTH_EDGES
LAB_CORPORA = ("reverse", "en-ko", "en-ko-phrases")  # built-ins offered to the experiments
MAX_PAIRS = 1700  # a larger corpus is sampled down so that a run takes seconds, not minutes
BEAM_K, BEAM_SOURCES, MAP_SOURCES = 5, 60, 30
YOUR_CORPUS = "__session__"


# -- cached computations ---------------------------------------------------------------------
def _beam_wins(tr: Translator, sources: tuple[str, ...]) -> list[ex.BeamWin]:
    return ex.find_beam_wins(tr, sources, k=BEAM_K, limit=len(sources))  # all: a true count


def _beam_losses(tr: Translator, sources: tuple[str, ...]) -> list[ex.BeamWin]:
    return ex.find_beam_losses(tr, sources, k=BEAM_K, limit=len(sources))  # shown, not hidden


def _state_map(tr: Translator, sources: tuple[str, ...], which: str) -> ex.StateMap:
    return ex.hidden_state_map(tr, sources, which)


_COMPUTE: dict[str, Callable[..., Any]] = {
    "beam_wins": _beam_wins,
    "beam_losses": _beam_losses,
    "state_map": _state_map,
}


@st.cache_data(show_spinner=False, max_entries=64)
def _shipped(kind: str, name: str, args: tuple) -> Any:
    return _COMPUTE[kind](resources.shipped_model(name), *args)


def computed(kind: str, name: str, tr: Translator, args: tuple, own_key: str) -> Any:
    """`kind` computed once: per server for a shipped model (by name), per session for the
    session's own model (in st.session_state[own_key], dropped when the model changes)."""
    if name != resources.OWN:
        return _shipped(kind, name, args)
    cache = st.session_state.get(own_key)
    if cache is None or cache["model"] is not tr:
        cache = st.session_state[own_key] = {"model": tr, "values": {}}
    key = (kind, args)
    if key not in cache["values"]:
        cache["values"][key] = _COMPUTE[kind](tr, *args)
    return cache["values"][key]


# -- the model's held-out sentences ----------------------------------------------------------
def held_out(name: str, tr: Translator) -> list[tuple[str, str]]:
    """Pairs the model did not train on (ui/sections/demo_model.py says which)."""
    return demo_model.held_out(name, tr)


def examples(name: str, tr: Translator) -> list[tuple[str, str]]:
    """About a dozen held-out pairs for the selectboxes, a medium-length one first."""
    corpus = resources.corpus_of(name)
    if corpus:
        return resources.example_pairs(corpus)
    return held_out(name, tr)[:12]


# -- the training experiments ----------------------------------------------------------------
@dataclass(frozen=True)
class LabCorpus:
    choice: str  # YOUR_CORPUS or a built-in's name
    label: str
    total: int
    train: list[tuple[str, str]]
    valid: list[tuple[str, str]]
    tokenizer: str
    vocab_size: int

    @property
    def epochs(self) -> int:
        """About 9,000 sentence visits: 6 epochs of 1,500 pairs, 30 of 300 or fewer."""
        return max(3, min(30, round(9000 / max(1, len(self.train)))))


def lab_choices() -> list[str]:
    """Corpora offered to the training experiments: the Data page's first, if any."""
    own = [YOUR_CORPUS] if st.session_state.get(state.CORPUS) is not None else []
    return [*own, *LAB_CORPORA]


def lab_label(choice: str) -> str:
    if choice == YOUR_CORPUS:
        return t("exp_your_corpus", name=st.session_state.get(state.CORPUS_NAME, ""))
    info = BUILTIN_CORPORA[choice]
    return info.title_ko if state.lang() == "ko" else info.title_en


def lab_corpus(choice: str) -> LabCorpus:
    """The pairs of a choice, sampled down to MAX_PAIRS (seeded) and split 90/10."""
    if choice == YOUR_CORPUS:
        pairs = list(st.session_state[state.CORPUS].pairs)
        tokenizer = st.session_state.get(state.TOKENIZER, "sentencepiece-unigram")
        vocab = int(st.session_state.get(state.VOCAB_SIZE, 1000))
    else:
        pairs, tokenizer, vocab = (
            load_builtin(choice, "all"),
            BUILTIN_CORPORA[choice].tokenizer,
            1000,
        )
    total = len(pairs)
    if total > MAX_PAIRS:
        pairs = random.Random(0).sample(pairs, MAX_PAIRS)
    train, valid = split_pairs(pairs, 0.1, seed=0)
    return LabCorpus(choice, lab_label(choice), total, train, valid, tokenizer, vocab)


@dataclass
class Experiment:
    """Runs trained side by side on one corpus, keyed by their label on the charts."""

    corpus: str  # its label when the runs started
    source: tuple[str, int]  # (choice, number of pairs): which corpus, to tell it changed
    runs: dict[str, TrainingRun]
    buckets: dict[str, list[ex.Bucket]] | None = field(default=None)

    @property
    def active(self) -> bool:
        return any(run.active for run in self.runs.values())

    @property
    def finished(self) -> bool:
        return all(run.status == "finished" for run in self.runs.values())

    def stop(self) -> None:
        for run in self.runs.values():
            run.stop()


def start_experiment(
    lab: LabCorpus, variants: dict[str, tuple[dict, float]], epochs: int
) -> Experiment:
    """One tiny seeded model per variant {label: (model options, teacher forcing ratio)},
    queued as the session's one job (they train one after another; the session's other
    run stops). Raises budget.BudgetError when a run's memory is over the budget."""
    runs = {}
    for label, (options, ratio) in variants.items():
        model = {**presets.LAB.options(), **options}
        tr = build_translator(lab.train, model, lab.tokenizer, lab.vocab_size, seed=0)
        cfg = TrainConfig(
            epochs=epochs,
            batch_size=presets.LAB.batch,
            lr=presets.LAB.lr,
            teacher_forcing=ratio,
            tokenizer=lab.tokenizer,
            vocab_size=lab.vocab_size,
        )
        runs[label] = TrainingRun(tr, lab.train, lab.valid, cfg)
    training.start_owned(state.session_id(), list(runs.values()))
    return Experiment(lab.label, (lab.choice, lab.total), runs)


def valid_buckets(exp: Experiment) -> dict[str, list[ex.Bucket]]:
    """Each finished model's scores per length bucket on its validation pairs (once)."""
    if exp.buckets is None:
        exp.buckets = {
            label: ex.length_buckets(run.translator, run.valid_pairs, EDGES)
            for label, run in exp.runs.items()
        }
    return exp.buckets


def run_line(label: str, run: TrainingRun) -> tuple[float, str]:
    """(progress, text) of one run for a progress bar."""
    if run.status == "queued":
        pos, at_once = max(run.queue_position, 1), training.runs_at_once()
        return 0.0, t("exp_run_queued", label=label, pos=pos, max=at_once)
    if run.status == "running":
        epoch = run.last_batch.epoch if run.last_batch else 1
        return run.progress, t("exp_run_running", label=label, epoch=epoch, epochs=run.cfg.epochs)
    if run.status == "finished":
        em = run.history[-1]["valid_exact_match"] if run.history else 0.0
        return 1.0, t("exp_run_finished", label=label, s=run.trainer.train_seconds, em=em)
    msg = literal(run.message_in(state.lang())) if run.status in ("failed", "diverged") else ""
    return run.progress, t(
        "exp_run_ended",
        label=label,
        status=t(f"exp_status_{run.status}"),
        step=run.trainer.step,
        msg=msg,
    )


def experiment_block(
    key: str,
    lab: LabCorpus,
    epochs: int,
    variants: dict[str, tuple[dict, float]],
    labels: dict[str, str],
    start_label: str,
    show: Callable[[Experiment, dict[str, str]], None],
) -> None:
    """Start / stop buttons, then a fragment that polls the runs every second while they
    train and draws `show` (live, or once they are done)."""
    exp: Experiment | None = st.session_state.get(key)
    running = exp is not None and exp.active
    with st.container(horizontal=True):
        start = st.button(t(start_label), type="primary", disabled=running, key=f"{key}_start")
        if running:
            st.button(t("exp_stop"), on_click=exp.stop, key=f"{key}_stop")
    mine = exp.runs.values() if exp is not None else ()
    if [r for r in training.active_runs(state.session_id()) if r not in mine]:
        st.caption(t("one_job"))
    if start:
        if exp is not None:
            exp.stop()  # a run replaced is a run that frees its slot
        try:
            st.session_state[key] = start_experiment(lab, variants, epochs)
        except BudgetError as e:
            st.error(budget_strings.budget_error(e, state.lang()))
            return
        except Exception as e:  # a corpus the tokenizers or the trainer refuse: say why
            st.error(t("exp_start_failed", msg=literal(f"{type(e).__name__}: {e}")))
            return
        st.rerun()  # draw the buttons as they are now (start disabled, stop shown)
    if exp is not None:
        if exp.source != (lab.choice, lab.total):
            st.caption(t("exp_trained_on", name=Spoken(literal(exp.corpus), exp.corpus)))
        st.fragment(_live, run_every=1.0 if running else None)(key, labels, running, show)


def _live(key: str, labels: dict[str, str], was_active: bool, show: Callable) -> None:
    exp: Experiment | None = st.session_state.get(key)
    if exp is None:
        return
    for run in exp.runs.values():
        run.poll()
    if was_active and not exp.active:
        st.rerun()  # the whole page: the buttons and the final chart
    for k, run in exp.runs.items():
        progress, text = run_line(labels[k], run)
        st.progress(progress, text=text)
    show(exp, labels)


def lab_caption(lab: LabCorpus, epochs: int) -> str:
    text = t("exp_corpus_size", train=len(lab.train), valid=len(lab.valid), epochs=epochs)
    if lab.total > MAX_PAIRS:
        text += t("exp_corpus_cut", n=lab.total, m=MAX_PAIRS)
    return text


# -- small texts -----------------------------------------------------------------------------
def part_sentence(eb: ex.ExposureBias) -> str:
    """Where free running leaves the reference, in words."""
    k = eb.part_step
    if k is None:
        return t("exp_no_part")

    def at(seq: tuple[str, ...]) -> Spoken:
        if k > len(seq):
            return Spoken("—", "")
        word = shown(seq[k - 1], state.lang())
        return Spoken(literal_code(word), word)  # the particle after it follows its reading

    return t(
        "exp_part", k=k, argmax=at(eb.forced_argmax), ref=at(eb.reference), free=at(eb.free_running)
    )


def text_of(tr: Translator, tokens: Sequence[str]) -> str:
    """Target pieces (`<eos>` included or not) back to text."""
    ids = [tr.tgt_tok.piece_to_id(p) for p in tokens if p != "<eos>"]
    return tr.tgt_tok.decode(ids) or "∅"


def pieces(tokens: Sequence[str]) -> str:
    """Tokens as inline code, for markdown."""
    return " ".join(literal_code(shown(x, state.lang())) for x in tokens)


# -- the quiz --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Question:
    source: str
    step: int  # 1-based decoder step to predict
    order: tuple[int, ...]  # the candidates' indices into the step's top-k, shuffled


def question(
    sources: Sequence[str], round_no: int, index: int, steps_of: Callable[[str], int]
) -> Question:
    """The index-th question of a round: a held-out source, a step of its greedy decode and
    a shuffle of five candidates, all drawn from a seed of (round, index): the same for every
    student, so a class can play along."""
    rng = random.Random(zlib.crc32(f"{round_no}/{index}".encode()))
    source = rng.choice(list(sources))
    step = rng.randint(1, max(1, steps_of(source)))
    order = list(range(5))
    rng.shuffle(order)
    return Question(source, step, tuple(order))
