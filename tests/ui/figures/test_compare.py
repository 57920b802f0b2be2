"""The Compare page's figures draw the numbers they are given: the loss of a pair, the beam's
tree."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from tests.support.models import CONFIGS, tiny_translator
from ui.figures import compare as figures_compare
from ui.figures.style import ACCENT, wrap_text


@pytest.fixture(scope="module")
def tr():
    return tiny_translator(CONFIGS[3])  # LSTM, 2 layers, bidirectional, Luong input feeding


def test_module_does_not_import_streamlit():
    code = "import sys, ui.figures.compare; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_loss_bars_add_up_to_the_loss(tr):
    scored = tr.score("a b c", "c b a")
    fig = figures_compare.loss_steps_figure(scored)
    assert abs(sum(fig.data[0].y) - scored.total_nll) < 1e-6
    assert f"{scored.total_nll:.3f}" in fig.layout.title.text
    wrong = [s.argmax_id != s.gold_id for s in scored.steps]
    assert [c == ACCENT for c in fig.data[0].marker.color] == wrong  # red where argmax missed


def test_beam_tree_highlights_the_best_path(tr):
    result = tr.beam("a b c", k=3)
    fig = figures_compare.beam_tree_figure(result)
    nodes = fig.data[-1]
    best = result.hypotheses[0]
    highlighted = [i for i, c in enumerate(nodes.marker.color) if c == ACCENT]
    assert len(highlighted) == len(best.ids) + 1 + best.finished  # root .. leaf
    assert len(nodes.x) == len(result.nodes)


def test_beam_tree_writes_every_token_whole_on_as_many_lines_as_it_needs(tr):
    """A token wider than its step is wrapped, never cut with "…" (issue 26: "▁그…")."""
    import html
    import itertools

    long = ["▁도서관에서부터", "▁오렌지를", "<eos>"]
    result = tr.beam("a b c", k=3)
    nodes = [n if n.index == 0 else dataclasses.replace(n, token=tok)
             for n, tok in zip(result.nodes, itertools.cycle(long), strict=False)]  # fmt: skip
    fig = figures_compare.beam_tree_figure(dataclasses.replace(result, nodes=nodes), "ko", 1.35)
    labels = fig.data[-1].text
    for node, label in zip(nodes, labels, strict=True):
        *token, score = html.unescape(label).split("<br>")
        assert "".join(token) == figures_compare.shown(node.token, "ko"), label
        assert "…" not in label and score.lstrip("-").replace(".", "").isdigit()
    assert wrap_text("▁도서관에서부터", 20, 45) == ["▁도", "서관", "에서", "부터"]
