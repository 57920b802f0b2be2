"""The Train page says when validation loss has been rising for several epochs above its best
(overfitting), marks the best epoch on the curve, and says which epoch's weights are kept.

139 pairs trained the automatic 60 epochs overfit from about epoch 15, unflagged."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import pytest

from tests.support.apptest import with_swap_corpus
from ui import state
from ui.figures import train as figures_train


def history(valid_per_sentence: list[float]) -> list[dict]:
    """A synthetic run: training loss always falls; validation loss as given (per token is
    the per-sentence loss over 5 tokens)."""
    return [
        {
            "epoch": e,
            "train_loss_per_sentence": 10.0 / e,
            "train_loss_per_token": 2.0 / e,
            "valid_loss_per_sentence": v,
            "valid_loss_per_token": v / 5,
            "valid_exact_match": 0.0,
        }
        for e, v in enumerate(valid_per_sentence, start=1)
    ]


RISING = history([9.0, 7.0, 6.0, 5.5, 5.8, 6.4, 7.1, 7.9, 8.2, 9.0])  # best at 4, 6 above


def test_the_best_epoch_is_the_lowest_validation_loss_and_counts_the_epochs_since():
    best = figures_train.best_validation(RISING)
    assert (best.epoch, best.since, best.overfitting) == (4, 6, True)
    assert best.loss == pytest.approx(5.5 / 5)
    two_above = figures_train.best_validation(RISING[:6])
    assert (two_above.epoch, two_above.since, two_above.overfitting) == (4, 2, False)
    assert figures_train.best_validation(RISING[:7]).overfitting  # 3 in a row
    assert figures_train.best_validation([]) is None
    assert figures_train.best_validation(history([0.0, 0.0, 0.0, 0.0])) is None  # no valid set


def test_the_best_is_chosen_per_sentence_as_training_keeps_it():
    h = history([6.0, 5.0, 5.2])
    h[2]["valid_loss_per_token"] = 0.5  # fewer tokens: lower per token, higher per sentence
    assert figures_train.best_validation(h).epoch == 2


def test_a_non_finite_loss_is_not_a_best():
    assert figures_train.best_validation(history([6.0, math.nan, 7.0])).epoch == 1


def _marks(fig):
    shapes = list(fig.layout.shapes)
    return [s for s in shapes if s.type == "line"], [s for s in shapes if s.type == "rect"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_curve_marks_the_best_epoch_and_shades_the_overfitting(lang):
    fig = figures_train.training_curves_figure(RISING, None, lang)
    go.Figure(fig.to_dict())  # built without validation: valid plotly all the same
    star = next(d for d in fig.data if d.mode == "markers")
    assert list(star.x) == [4] and list(star.y) == [pytest.approx(1.1)]
    assert ("epoch 4" if lang == "en" else "4에폭") in star.name
    lines, rects = _marks(fig)
    assert [(s.x0, s.x1) for s in lines] == [(4, 4)]
    assert [(r.x0, r.x1) for r in rects] == [(4, 10)]
    words = "overfitting" if lang == "en" else "과적합"
    assert any(words in a.text for a in fig.layout.annotations)


def test_no_shading_before_three_epochs_above_the_best():
    fig = figures_train.training_curves_figure(RISING[:6], None)
    lines, rects = _marks(fig)
    assert len(lines) == 1 and not rects
    assert not any("overfitting" in (a.text or "") for a in fig.layout.annotations)


def test_the_train_page_flags_overfitting_and_says_which_weights_are_kept():
    at = with_swap_corpus("ui/pages/train.py")
    at.number_input[0].set_value(1)  # epochs
    at.segmented_control(key="kept.preset").set_value("tiny")
    next(b for b in at.button if b.label == "Start training").click().run()
    run = at.session_state[state.TRAIN_RUN]
    run.join(timeout=120)
    assert run.status == "finished", run.message
    run.history[:] = RISING  # as if it had run 10 epochs and overfit from epoch 5
    at.run()
    assert not at.exception, at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "for 6 epochs in a row" in warning and "epoch 4" in warning
    assert "overfitting" in warning
    # once the run has ended, its notice says which epoch's weights the model holds
    infos = " ".join(i.value for i in at.info)
    assert run.trainer.best_epoch == run.trainer.epoch == 1  # one epoch: the best is the last
    assert "keeps the weights of the last epoch, 1" in infos  # not "may not be the last's"
    assert "not those of the last epoch" not in infos
