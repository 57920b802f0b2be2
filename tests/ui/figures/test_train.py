"""The Train page's live chart draws the run's history: batch losses, epoch losses and
validation exact match (in percent, on its own axis)."""

from __future__ import annotations

import subprocess
import sys

import plotly.graph_objects as go

from ui.figures import train as figures_train

HISTORY = [
    {
        "epoch": 1,
        "train_loss_per_token": 2.0,
        "valid_loss_per_token": 2.1,
        "valid_exact_match": 0.1,
    },
    {
        "epoch": 2,
        "train_loss_per_token": 1.0,
        "valid_loss_per_token": 1.2,
        "valid_exact_match": 0.6,
    },
]


def test_module_does_not_import_streamlit():
    code = "import sys, ui.figures.train; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_curves_draw_the_history():
    batches = [(0.5, 2.5), (1.0, 2.0), (1.5, 1.4)]
    fig = figures_train.training_curves_figure(HISTORY, batches, lang="ko")
    by_name = {d.name: d for d in fig.data}
    assert list(by_name["배치별 손실"].y) == [2.5, 2.0, 1.4]
    assert list(by_name["학습 손실"].y) == [2.0, 1.0]
    assert list(by_name["검증 손실"].y) == [2.1, 1.2]
    em = by_name["검증 완전 일치 (%)"]
    assert list(em.y) == [10.0, 60.0] and em.yaxis == "y2"
    go.Figure(fig.to_dict())  # built without validation: valid plotly all the same


def test_an_empty_run_says_so():
    fig = figures_train.training_curves_figure([], None)
    assert not fig.data
    assert [a.text for a in fig.layout.annotations] == ["no data yet"]
    go.Figure(fig.to_dict())


def test_length_histogram_has_a_bar_per_whole_number_of_words():
    fig = figures_train.length_histogram([3, 3, 5], [2, 2, 4], lang="ko")
    src, tgt = fig.data
    assert (src.name, tgt.name) == ("원문", "번역문")
    assert list(src.x) == [3, 3, 5] and list(tgt.x) == [2, 2, 4]
    assert src.xbins.size == 1 and src.xbins.start == 0.5  # bins centred on whole numbers
    assert fig.layout.xaxis.dtick == 1
    go.Figure(fig.to_dict())


def test_no_validation_curves_without_validation_pairs():
    """A run with no validation pair (a one-pair corpus) drew validation loss and exact
    match flat at zero; old histories (no n_valid) keep their curves."""
    none = [
        {**h, "n_valid": 0, "valid_loss_per_token": 0.0, "valid_exact_match": 0.0} for h in HISTORY
    ]
    names = [tr.name for tr in figures_train.training_curves_figure(none, []).data]
    assert names and not any("validation" in n for n in names)  # nor a best-epoch star
    old = [tr.name for tr in figures_train.training_curves_figure(HISTORY, []).data]
    assert sum("validation" in n and "best" not in n for n in old) == 2


def test_legends_above_the_plot_grow_upwards_off_the_curves():
    """Anchored by its top at y = 1.15 (plotly's choice above 2/3), a legend of two rows
    in large text came down over the curves (issue 26)."""
    history = [{"epoch": 1, "train_loss_per_token": 2.0, "valid_loss_per_token": 2.5,
                "valid_exact_match": 0.1, "n_valid": 4}]  # fmt: skip
    for fig in (figures_train.training_curves_figure(history, [(0.5, 2.2)], "ko", 1.35),
                figures_train.length_histogram([1, 2], [2, 3], "ko", 1.35)):  # fmt: skip
        assert fig.layout.legend.yanchor == "bottom" and fig.layout.legend.y > 1
