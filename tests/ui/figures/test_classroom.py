"""The class's figures (issue 29): answers coming in, the class beside the softmax with the
argmax and the reference marked, the sentence's summary; valid plotly, tokens as text."""

from __future__ import annotations

import plotly.graph_objects as go

from ui.figures import classroom as figures
from ui.figures.style import ACCENT, BASE

LABELS = ["▁she", "▁he", "<b>x</b>", "<eos>"]


def _valid(fig: go.Figure) -> go.Figure:
    go.Figure(fig.to_dict())  # plotly's own validation: a misspelt property fails here
    return fig


def test_reveal_puts_the_class_beside_the_softmax_with_argmax_and_reference_marked():
    fig = _valid(figures.reveal_figure(LABELS, [3, 1, 0, 0], [0.6, 0.3, 0.05, None], 0, 1))
    klass, model = fig.data
    assert list(klass.x) == [0.75, 0.25, 0.0, 0.0]  # shares of the class's 4 answers
    assert list(model.x) == [0.6, 0.3, 0.05, 0.0] and model.text[-1] == "–"
    assert list(model.marker.color) == [ACCENT, BASE, BASE, BASE]  # the argmax in accent
    ticks = list(fig.layout.yaxis.ticktext)
    assert figures.MARK_ARGMAX in ticks[0] and figures.MARK_ARGMAX not in "".join(ticks[1:])
    assert figures.MARK_REFERENCE in ticks[1] and figures.MARK_REFERENCE not in ticks[0]
    assert ticks[2] == "&lt;b&gt;x&lt;/b&gt;"  # a token is text, never markup
    assert fig.layout.barmode == "group"


def test_reveal_without_answers_or_reference_draws_zero_shares():
    fig = _valid(figures.reveal_figure(LABELS[:2], [0, 0], [0.6, 0.4], None, None, "ko"))
    assert list(fig.data[0].x) == [0.0, 0.0]
    assert not any(m in "".join(fig.layout.yaxis.ticktext) for m in "◀✓")
    assert fig.data[0].name == "반"


def test_answers_coming_in_show_counts_but_not_the_models_choice():
    fig = _valid(figures.answers_figure(LABELS, [2, 0, 1, 1]))
    (bars,) = fig.data
    assert list(bars.x) == [2, 0, 1, 1] and bars.text[0] == "2 (50%)"
    assert not any(m in "".join(fig.layout.yaxis.ticktext) for m in "◀✓")
    assert "4 so far" in fig.layout.xaxis.title.text


def test_summary_has_the_class_and_the_model_per_step():
    fig = _valid(figures.summary_figure(["▁she", "<eos>"], [0.5, 1.0], [0.9, 0.8], "en", 1.35))
    klass, model = fig.data
    assert list(klass.y) == [0.5, 1.0] and list(model.y) == [0.9, 0.8]
    assert list(fig.layout.xaxis.ticktext) == ["▁she", "&lt;eos&gt;"]


def test_nothing_to_draw_is_an_empty_figure():
    for fig in (figures.answers_figure([], []), figures.reveal_figure([], [], [], None, None),
                figures.summary_figure([], [], [])):  # fmt: skip
        assert not _valid(fig).data
