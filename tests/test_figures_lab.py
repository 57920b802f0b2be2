"""The experiments page's figure builders, on small hand-made data."""

from __future__ import annotations

import numpy as np
import pytest

from seq2seq_core.experiments import (
    BeamWin,
    Bucket,
    ExposureBias,
    ScoredTokens,
    StateMap,
    StatePoint,
)
from seq2seq_core.trace import Step
from ui import figures_lab as fl
from ui.figures import ACCENT, BASE


def bucket(label: str, lo: int, em: float, bleu: float, count: int = 10) -> Bucket:
    return Bucket(label, lo, None, count, em, bleu, 50.0)


def step_with(probs: list[float], tokens: list[str]) -> Step:
    p = np.asarray(probs, dtype=np.float32)
    order = [int(i) for i in np.argsort(-p, kind="stable")[:5]]
    return Step(
        t=2,
        input_id=4,
        input_token="a",
        hidden_before=np.zeros(3),
        hidden_after=np.zeros(3),
        attn_weights=None,
        context=None,
        attentional=None,
        probs=p,
        topk_ids=order,
        topk_tokens=[tokens[i] for i in order],
        topk_probs=[float(p[i]) for i in order],
        argmax_id=order[0],
        chosen_id=order[0],
        chosen_token=tokens[order[0]],
        chosen_prob=float(p[order[0]]),
        forced=False,
        log_prob=-1.0,
    )


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
    assert [list(tr.text) for tr in rows] == [
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
    assert [list(tr.text) for tr in tops] == [list(greedy.tokens), list(beam.tokens)]
    assert f"{greedy.total:.2f}" in tops[0].name and f"{beam.total:.2f}" in tops[1].name
    assert "k=5" in tops[1].name
    cumul = [tr for tr in fig.data if tr.yaxis == "y2"]
    assert cumul[1].y[-1] == pytest.approx(beam.total)
    (band,) = shapes(fig)
    assert (band.x0, band.x1) == (0.5, 1.5)  # step 2
    assert "step 2" in annotation_texts(fig)
    assert fig.layout.yaxis2.range[0] < min(greedy.total, beam.total)


# -- temperature -------------------------------------------------------------------------------
def test_temperature_figure_bars_argmax_and_the_rest_of_the_vocabulary():
    vocab = ["<pad>", "<unk>", "<sos>", "<eos>", "a", "b", "c", "d"]
    p = np.array([0, 0, 0, 0.1, 0.5, 0.2, 0.15, 0.05])
    q = np.array([0, 0, 0, 0.05, 0.8, 0.1, 0.04, 0.01])
    fig = fl.temperature_figure(p, q, vocab, 0.5, top=3)
    bars, ticks = fig.data
    assert list(fig.layout.xaxis.ticktext) == ["a", "b", "c", "other 5"]
    assert list(bars.y[:3]) == [0.8, 0.1, 0.04] and bars.y[3] == pytest.approx(0.06)
    assert list(ticks.y[:3]) == [0.5, 0.2, 0.15] and ticks.y[3] == pytest.approx(0.15)
    assert list(bars.marker.color)[:2] == [ACCENT, BASE]
    assert bars.name == "T = 0.5"


# -- quiz --------------------------------------------------------------------------------------
def test_quiz_reveal_paints_the_pick_and_names_its_rank():
    tokens = ["<pad>", "<unk>", "<sos>", "<eos>", "a", "b", "c", "d", "e"]
    step = step_with([0, 0, 0, 0.02, 0.5, 0.2, 0.15, 0.1, 0.03], tokens)
    fig = fl.quiz_reveal_figure(step, pick_id=6, rank=3)
    colors = list(fig.data[0].marker.color)  # drawn least probable first
    assert colors.count(fl.TEAL) == 1 and colors.index(fl.TEAL) == 2  # "c", 3rd of 5
    assert colors[-1] == ACCENT  # the argmax "a" on top
    assert "rank 3" in fig.layout.title.text and "c" in fig.layout.title.text
    assert fig.layout.yaxis.ticktext[2] == "<b>you → c</b>"  # seen even where p is tiny
    assert sum("you" in x for x in fig.layout.yaxis.ticktext) == 1
    right = fl.quiz_reveal_figure(step, pick_id=4, rank=1)
    assert fl.TEAL not in list(right.data[0].marker.color)
    assert right.layout.yaxis.ticktext[-1] == "<b>you → a</b>"
    assert "argmax" in right.layout.title.text


# -- hidden-state map --------------------------------------------------------------------------
def state_map() -> StateMap:
    words = ["the", "cat", "the", "dog", "the", "a"]
    points = tuple(
        StatePoint(float(i), float(-i), w, i % 3, i // 3, f"sentence {i // 3}")
        for i, w in enumerate(words)
    )
    return StateMap("encoder", points, (0.4, 0.25))


def test_state_map_by_position_is_one_trace_with_a_colour_bar():
    fig = fl.state_map_figure(state_map(), "position")
    (trace,) = fig.data
    assert len(trace.x) == 6 and list(trace.marker.color) == [0, 1, 2, 0, 1, 2]
    assert list(trace.customdata[1]) == ["cat", 1, "sentence 0"]  # token, position, text
    assert "40%" in fig.layout.xaxis.title.text and "25%" in fig.layout.yaxis.title.text


def test_state_map_by_token_groups_the_frequent_tokens():
    fig = fl.state_map_figure(state_map(), "token", top_tokens=2)
    names = [tr.name for tr in fig.data]
    assert names == ["other tokens", "the", "cat"]
    assert [len(tr.x) for tr in fig.data] == [2, 3, 1]
    assert sum(len(tr.x) for tr in fig.data) == 6
    with pytest.raises(ValueError):
        fl.state_map_figure(state_map(), "colour")


def test_state_map_without_points_says_so():
    fig = fl.state_map_figure(StateMap("decoder", (), (0.0, 0.0)), "token")
    assert not fig.data and "no data yet" in annotation_texts(fig)
