"""The figures of experiments ①–③ (ui/figures/lab.py), on small hand-made data."""

from __future__ import annotations

import html
import subprocess
import sys

import numpy as np
import pytest

from seq2seq_core.experiments import (
    BeamWin,
    Bucket,
    ExposureBias,
    ScoredTokens,
)
from ui.figures import lab as fl
from ui.figures.style import ACCENT, BASE


def test_module_does_not_import_streamlit():
    code = "import sys, ui.figures.lab, ui.figures.probe; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def bucket(label: str, lo: int, em: float, bleu: float, count: int = 10) -> Bucket:
    return Bucket(label, lo, None, count, em, bleu, 50.0)


def shapes(fig) -> list:
    return list(fig.layout.shapes)


def annotation_texts(fig) -> str:
    return " ".join(a.text for a in fig.layout.annotations)


# -- buckets -----------------------------------------------------------------------------------
def test_bucket_figure_draws_one_line_per_model_in_bucket_order():
    series = {
        "with": [bucket("5-6", 5, 1.0, 90.0), bucket("1-4", 1, 1.0, 95.0)],
        "without": [bucket("1-4", 1, 0.9, 80.0), bucket("11+", 11, 0.25, 40.0, count=3)],
    }
    em = fl.bucket_figure(series, "exact_match")
    assert [tr.name for tr in em.data] == ["with", "without"]
    assert list(em.layout.xaxis.categoryarray) == ["1-4", "5-6", "11+"]  # sorted by length
    assert list(em.data[1].x) == ["1-4", "11+"] and list(em.data[1].y) == [90.0, 25.0]  # in %
    assert em.layout.xaxis.ticktext[2] == "11+<br>n = 3"  # how many sentences the bucket holds
    assert em.data[0].line.color == ACCENT
    bleu = fl.bucket_figure(series, "bleu", lang="ko")
    assert list(bleu.data[0].y) == [95.0, 90.0]
    assert bleu.layout.yaxis.title.text == "BLEU"
    assert "원문 길이" in bleu.layout.xaxis.title.text
    with pytest.raises(ValueError):
        fl.bucket_figure(series, "chrf")


def test_bucket_figure_without_data_says_so():
    fig = fl.bucket_figure({"a": []}, "bleu")
    assert not fig.data and "no data yet" in annotation_texts(fig)


def test_ratio_curves_one_line_per_ratio_in_percent():
    hist = [{"epoch": 1, "valid_exact_match": 0.1}, {"epoch": 2, "valid_exact_match": 0.4}]
    fig = fl.ratio_curves_figure({"r = 1.0": hist, "r = 0.0": hist[:1], "r = 0.5": []})
    assert [len(tr.x) for tr in fig.data] == [2, 1, 0]
    assert list(fig.data[0].y) == [10.0, 40.0]
    assert "no data yet" in annotation_texts(fl.ratio_curves_figure({"r = 1.0": []}))


# -- exposure bias -----------------------------------------------------------------------------
def exposure(part: int | None) -> ExposureBias:
    ref = ("a", "b", "c", "<eos>")
    free = ("a", "b", "x", "y", "<eos>") if part else ref
    return ExposureBias(
        src_pieces=("c", "b", "a"),
        reference=ref,
        free_running=free,
        free_probs=(0.9, 0.8, 0.6, 0.5, 0.7)[: len(free)],
        stop_reason="eos",
        forced_argmax=("a", "b", "x", "<eos>"),
        forced_argmax_probs=(0.9, 0.8, 0.6, 0.9),
        gold_probs=(0.9, 0.8, 0.3, 0.9),
        part_step=part,
    )


def test_exposure_figure_rows_cells_and_the_part_step():
    fig = fl.exposure_figure(exposure(3))
    rows = [tr for tr in fig.data if tr.mode == "text"]
    assert [[html.unescape(x) for x in tr.text] for tr in rows] == [  # as plotly draws them
        ["a", "b", "c", "<eos>"],
        ["a", "b", "x", "y", "<eos>"],
        ["a", "b", "x", "<eos>"],
    ]
    assert list(fig.layout.yaxis.ticktext) == [
        "teacher-forced argmax",
        "free running",
        "reference",
    ]
    cells = [s for s in shapes(fig) if s.yref == "y"]
    assert len(cells) == 4 + 5 + 4
    red = [(round(s.x0 + 0.46), round(s.y0 + 0.38)) for s in cells if s.fillcolor == ACCENT]
    # free running (row 1) leaves the reference at steps 3, 4, 5; teacher forced at step 3
    assert sorted(red) == [(2, 0), (2, 1), (3, 1), (4, 1)]
    band = next(s for s in shapes(fig) if s.yref == "paper")
    assert (band.x0, band.x1) == (1.5, 2.5)  # the column of step 3
    assert "step 3" in annotation_texts(fig)
    lines = [tr for tr in fig.data if tr.mode == "lines+markers"]
    assert [tr.yaxis for tr in lines] == ["y2", "y2"] and list(lines[1].y) == [0.9, 0.8, 0.3, 0.9]
    assert list(fig.layout.xaxis.ticktext) == ["1", "2", "3", "4", "5"]


def test_exposure_figure_when_the_roads_never_part():
    fig = fl.exposure_figure(exposure(None))
    assert all(s.yref == "y" for s in shapes(fig))
    assert not fig.layout.annotations
    assert all(s.fillcolor == BASE for s in shapes(fig) if s.y0 > 1)  # the reference row


# -- beam wins ---------------------------------------------------------------------------------
def scored(tokens: tuple[str, ...], probs: tuple[float, ...]) -> ScoredTokens:
    return ScoredTokens(tokens, probs, tuple(np.cumsum(np.log(probs)).tolist()))


def test_beam_win_figure_marks_the_divergence_and_the_totals():
    greedy = scored(("a", "x", "y", "<eos>"), (0.9, 0.6, 0.2, 0.3))
    beam = scored(("a", "b", "<eos>"), (0.9, 0.4, 0.9))
    win = BeamWin("s", 5, greedy, beam, 2, greedy.total, beam.total)
    fig = fl.beam_win_figure(win)
    assert len(fig.data) == 4
    tops = [tr for tr in fig.data if tr.yaxis in (None, "y")]
    drawn = [[html.unescape(x) for x in tr.text] for tr in tops]  # as plotly draws them
    assert drawn == [list(greedy.tokens), list(beam.tokens)]
    assert f"{greedy.total:.2f}" in tops[0].name and f"{beam.total:.2f}" in tops[1].name
    assert "k=5" in tops[1].name
    cumul = [tr for tr in fig.data if tr.yaxis == "y2"]
    assert cumul[1].y[-1] == pytest.approx(beam.total)
    (band,) = shapes(fig)
    assert (band.x0, band.x1) == (0.5, 1.5)  # step 2
    assert "step 2" in annotation_texts(fig)
    assert fig.layout.yaxis2.range[0] < min(greedy.total, beam.total)
