"""Every figure writes tokens as text, never as markup (issue 23, injection): plotly draws
`<a href>` (a link the class can click), `<b>`, `<br>`, `<span style>` and entities in any
text of a figure. Every public function of every module of ui/figures is found here by
itself and run over a model whose vocabularies are markup (tests/support/injection.py
`VOCAB_PAYLOADS`); every string of what it returns must hold the payloads escaped, through
`style.plot_token` / `text.literal.plot_literal`, and escaped once. A new function without
an entry in `FACTORIES` or `NOT_DRAWN` fails `test_every_figure_function_has_a_factory`."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import pkgutil
import re
from collections.abc import Callable
from functools import cached_property

import numpy as np
import plotly.graph_objects as go
import pytest

from seq2seq_core import experiments as ex
from seq2seq_core.data.tokenizers import EOS_ID
from seq2seq_core.training.stepwise import PairView
from tests.support.injection import OWN_TAGS, VOCAB_PAYLOADS, VOCAB_SOURCE, vocab_translator
from tests.support.paths import REPO_ROOT
from ui import figures as figures_package
from ui.text.literal import plot_literal

ROOT = REPO_ROOT
NAME = next(iter(VOCAB_PAYLOADS))  # a link, as a model's or a run's name
MODULES = sorted(m.name for m in pkgutil.iter_modules(figures_package.__path__))


class Hostile:
    """What the pages give the figure builders, made from the hostile model once."""

    def __init__(self) -> None:
        self.tr = vocab_translator()
        self.text = VOCAB_SOURCE
        self.trace = self.tr.trace(self.text)
        self.short = self.tr.trace("<b>x</b> <BR>")  # two tokens: they fit level
        # the payloads without a space: a reference is typed, split into words
        self.reference = " ".join(p for p in VOCAB_PAYLOADS if " " not in p)
        # step 1 forced to the second best: the softmax names the forced token
        self.forced = self.tr.trace(self.text, prefix=[self.trace.steps[0].topk_ids[1]])

    @cached_property
    def scored(self):
        return self.tr.score(self.text, self.reference)

    @cached_property
    def taught(self):
        """The trace with the reference fed in (the Lecture page's teacher forcing)."""
        gold = [*self.tr.tgt_tok.encode(self.reference), EOS_ID]
        return self.tr.trace(self.text, prefix=gold)

    def scored_tokens(self, steps) -> ex.ScoredTokens:
        logp = [s.log_prob for s in steps]
        return ex.ScoredTokens(tuple(s.chosen_token for s in steps),
                               tuple(s.chosen_prob for s in steps), tuple(logp))  # fmt: skip

    def beam_win(self) -> ex.BeamWin:
        greedy, beam = self.scored_tokens(self.trace.steps), self.scored_tokens(self.forced.steps)
        return ex.BeamWin(self.text, 3, greedy, beam, 1, greedy.total, beam.total)

    def buckets(self) -> dict:
        found = ex.length_buckets(self.tr, [(self.text, self.reference)], edges=(4, 8))
        return {NAME: found, "<b>x</b>": found}

    def pair_view(self) -> PairView:
        return PairView.of(self.scored)


# How each function is run: (the hostile inputs, the function) -> what it returned, one or
# more times (each branch that writes tokens). `text`: whether hostile text goes in at all.
Factory = Callable[[Hostile, Callable], list]
FACTORIES: dict[str, tuple[Factory, bool]] = {
    "bridge.bridge_figure": (lambda h, f: [f(h.trace.encoder, h.trace.src_pieces)], True),
    "classroom.answers_figure": (
        lambda h, f: [f([*h.trace.steps[0].topk_tokens, h.reference], [2, 0, 1, 0, 3, 1])],
        True,
    ),
    "classroom.reveal_figure": (
        lambda h, f: [
            f(
                [*h.trace.steps[0].topk_tokens, h.reference],
                [2, 0, 1, 0, 3, 1],
                [*h.trace.steps[0].topk_probs, None],
                0,
                1,
            )
        ],
        True,
    ),
    "classroom.summary_figure": (
        lambda h, f: [
            f(
                [s.chosen_token for s in h.trace.steps],
                [0.5] * len(h.trace.steps),
                [s.chosen_prob for s in h.trace.steps],
                "ko",
                1.35,
            )
        ],
        True,
    ),
    "compare.beam_tree_figure": (lambda h, f: [f(h.tr.beam(h.text, k=3))], True),
    "compare.loss_steps_figure": (lambda h, f: [f(h.scored), f(h.scored, "ko", 1.35)], True),
    "decode.attention_bars": (
        lambda h, f: (
            [f(s, h.trace.src_pieces) for s in h.trace.steps[:2]]
            + [f(h.short.steps[0], h.short.src_pieces)]
        ),  # lying bars, and upright ones
        True,
    ),
    "decode.attention_heatmap": (
        lambda h, f: [
            f(
                h.trace.attention_matrix(),
                h.trace.src_pieces,
                [s.chosen_token for s in h.trace.steps],
                2,
            )
        ],
        True,
    ),
    "decode.decoder_chain_figure": (
        lambda h, f: [f(h.trace, t) for t in (1, len(h.trace.steps))] + [f(h.forced, 1)],
        True,
    ),
    "decode.encoder_states_heatmap": (lambda h, f: [f(h.trace.encoder, h.trace.src_pieces)], True),
    "decode.hidden_vector_figure": (lambda h, f: [f(h.trace.steps[0].context, NAME)], True),
    "decode.topk_bars": (lambda h, f: [f(h.trace.steps[0]), f(h.forced.steps[0])], True),
    "lab.beam_win_figure": (lambda h, f: [f(h.beam_win())], True),
    "lab.bucket_figure": (
        lambda h, f: [f(h.buckets(), "exact_match"), f(h.buckets(), "bleu")],
        True,
    ),
    "lab.exposure_figure": (lambda h, f: [f(ex.exposure_bias(h.tr, h.text, h.reference))], True),
    "lab.ratio_curves_figure": (
        lambda h, f: [f({NAME: [{"epoch": 1, "valid_exact_match": 0.5}]})],
        True,
    ),
    "probe.quiz_reveal_figure": (
        lambda h, f: [
            f(s, pick, r)
            for s in h.trace.steps[:2]
            for pick, r in ((s.topk_ids[0], 1), (s.topk_ids[2], 3))
        ],
        True,
    ),
    "probe.state_map_figure": (
        lambda h, f: [
            f(ex.hidden_state_map(h.tr, [h.text], "encoder"), "position"),
            f(ex.hidden_state_map(h.tr, [h.text], "decoder"), "token"),
        ],
        True,
    ),
    "probe.temperature_figure": (
        lambda h, f: [
            f(
                h.trace.steps[0].probs,
                ex.tempered(h.trace.steps[0].probs, 2.0),
                h.tr.tgt_tok.vocab(),
                2.0,
            )
        ],
        True,
    ),
    "stepwise.attention_change_figure": (lambda h, f: [f(h.pair_view(), h.pair_view())], True),
    "stepwise.nll_before_after_figure": (lambda h, f: [f(h.pair_view(), h.pair_view())], True),
    "style.empty_figure": (lambda h, f: [f(200)], False),
    "style.no_data_note": (lambda h, f: [f()], False),
    "style.plot_token": (lambda h, f: [[f(p) for p in h.tr.tgt_tok.vocab()]], True),
    "style.token_axis": (lambda h, f: [f(h.tr.tgt_tok.vocab(), slot=40.0)], True),
    "train.length_histogram": (lambda h, f: [f([1, 2, 3], [2, 4])], False),
    "train.training_curves_figure": (
        lambda h, f: [
            f(
                [
                    {
                        "epoch": 1,
                        "train_loss_per_token": 2.0,
                        "valid_loss_per_token": 2.1,
                        "valid_exact_match": 0.5,
                        "n_valid": 2,
                    }
                ],
                [(0.5, 2.5)],
            )
        ],
        False,
    ),
}
# Public functions that draw no text of their own: plumbing that draws what a builder hands
# it, measures, numbers: a step from a link, a vector in a few numbers (no token in them).
NOT_DRAWN = {
    # the charts' text alternatives and tables (ui/figures/alt.py): plain text for an
    # aria-label and st.table, never plotly text; tests/ui/figures/test_alt.py
    *(f"alt.{name}" for name in (
        "attention", "attention_table", "attention_change", "softmax", "softmax_table",
        "temperature", "temperature_table", "loss", "loss_table", "nll", "nll_table",
        "curves", "curves_table", "vector", "encoder", "bridge", "buckets", "ratio",
        "exposure", "beam_win", "beam_tree", "state_map", "histogram", "class_answers",
        "class_reveal", "class_summary")),
    "lecture.parse_step", "lecture.spark",
    # the values behind a chart as HTML (st.html), html-escaped, not plotly text: the hostile
    # payloads in tests/ui/figures/test_value_table.py and tests/browser/test_injection.py
    "value_table.column_decimals", "value_table.decimals_needed", "value_table.values_html",
    "style.apply_layout", "style.build_figure", "style.fit_text", "style.scale_fonts",
    "style.themed",
    "style.shown", "style.slanted_room", "style.text_width", "style.tick_angle", "style.warm_up",
    "style.widest", "style.wrap_text", "style.ticks_within", "style.unit_ticks",
    "train.best_validation",
}  # fmt: skip


def public_functions() -> dict[str, Callable]:
    """Every public function defined in a module of ui/figures, as "module.name"."""
    found = {}
    for name in MODULES:
        module = importlib.import_module(f"ui.figures.{name}")
        for fname, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ == module.__name__ and not fname.startswith("_"):
                found[f"{name}.{fname}"] = func
    return found


def strings(value) -> list[str]:
    """Every string inside a figure (its plotly JSON), a dict, a list or a string."""
    if isinstance(value, go.Figure):
        value = json.loads(value.to_json())
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings(v)]
    return []


FRAGMENTS = [f for fragments in VOCAB_PAYLOADS.values() for f in fragments]
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9]*)")


def markup_left(text: str) -> list[str]:
    """What of the payloads `text` would draw as markup, or escape twice (shown as
    "&lt;b&gt;" to the class): tags other than the builders' own, payload fragments."""
    bad = [f"<{tag}" for tag in _TAG.findall(text) if tag not in OWN_TAGS]
    bad += [f for f in FRAGMENTS if f in text]
    return bad + [f"twice: {f}" for f in FRAGMENTS if plot_literal(plot_literal(f)) in text]


# the payloads' words that hold markup: the source side reads them one by one
MARKED_WORDS = [w for p in VOCAB_PAYLOADS for w in p.split(" ") if set(w) & set("<>&")]


def escaped_shown(texts: list[str]) -> bool:
    """Whether some payload's word with markup is in `texts`, escaped."""
    return any(plot_literal(w) in s for s in texts for w in MARKED_WORDS)


@pytest.fixture(scope="module")
def hostile() -> Hostile:
    return Hostile()


def test_every_figure_function_has_a_factory():
    """A new public function of ui/figures is run over the hostile vocabulary (a factory
    here) or said to draw no text (NOT_DRAWN): it cannot be forgotten."""
    found = set(public_functions())
    missing = found - set(FACTORIES) - NOT_DRAWN
    assert not missing, f"add a factory to FACTORIES for {sorted(missing)}"
    assert not (set(FACTORIES) | NOT_DRAWN) - found, "entries for functions that are gone"
    assert not set(FACTORIES) & NOT_DRAWN


def test_figures_are_built_in_ui_figures_alone():
    """Figure code outside ui/figures would escape this test: no other module of ui/ builds
    or changes a plotly figure (the pages hand the builders' figures to st.plotly_chart)."""
    drawing = re.compile(
        r"go\.[A-Z]\w*\(|build_figure\(|apply_layout\(|update_layout\(|add_annotation\(|"
        r"add_trace\(|update_[xy]axes\(|plotly\.express"
    )
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path.parent.name == "figures":
            continue
        hits = drawing.findall(path.read_text(encoding="utf-8"))
        assert not hits, (path, hits)


def test_the_package_names_every_figure_module():
    for name in MODULES:
        assert f"`{name}`" in figures_package.__doc__, name


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_every_figure_writes_a_hostile_vocabulary_as_text(hostile, name):
    """Run over the markup vocabulary, every string of the result holds the payloads escaped
    once (`plot_literal`), never a tag or an entity of theirs; and it does hold some of them
    when the function is given text (the test means something)."""
    func = public_functions()[name]
    factory, given_text = FACTORIES[name]
    outputs = factory(hostile, func)
    assert outputs
    for out in outputs:
        texts = strings(out)
        bad = {s: markup_left(s) for s in texts if markup_left(s)}
        assert not bad, (name, bad)
        assert escaped_shown(texts) == given_text, (name, texts[:40])


def test_the_hostile_model_reads_and_writes_every_payload(hostile):
    """The model's source pieces are the payloads' words, its output the payloads whole."""
    assert [s.chosen_token for s in hostile.trace.steps[:-1]] == list(VOCAB_PAYLOADS)
    assert hostile.trace.src_pieces == VOCAB_SOURCE.split(" ")


def test_a_token_width_is_measured_as_drawn_not_as_its_entities(hostile):
    """Slanted token labels get the room of the text drawn, not of its `&lt;` entities."""
    from ui.figures import compare, decode

    plain = decode.attention_heatmap(np.full((2, 13), 1 / 13), ["qbqqq"] * 13, ["a", "b"])
    marked = decode.attention_heatmap(np.full((2, 13), 1 / 13), ["<b>&&"] * 13, ["a", "b"])
    assert plain.layout.xaxis.tickangle == marked.layout.xaxis.tickangle == -45
    assert marked.layout.height == plain.layout.height
    tf = hostile.scored
    same_width = [dataclasses.replace(s, gold_token="q" * len(s.gold_token)) for s in tf.steps]
    plain = compare.loss_steps_figure(dataclasses.replace(tf, steps=same_width))
    marked = compare.loss_steps_figure(tf)
    assert plain.layout.xaxis.tickangle == marked.layout.xaxis.tickangle == -45
    assert marked.layout.height == plain.layout.height
