"""Training one step at a time (issue 18): one optimizer update on a fixed batch, and the
fixed pair's −log p(gold) per step and attention before and after it."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from seq2seq_core.config import TrainConfig
from seq2seq_core.training.stepwise import batch_loss, fixed_batch, train_epoch, train_steps
from seq2seq_core.training.trainer import Trainer
from tests.support.models import CONFIGS, tiny_translator, toy_pairs


def _trainer(config=CONFIGS[2], seed: int = 0, lr: float = 1e-2, **kw) -> tuple[Trainer, list]:
    pairs = toy_pairs()
    cfg = TrainConfig(epochs=3, batch_size=16, lr=lr, seed=seed, **kw)
    return Trainer(tiny_translator(config, seed=seed), pairs[:50], pairs[50:], cfg), pairs[:50]


@pytest.mark.parametrize("config", [CONFIGS[0], CONFIGS[2], CONFIGS[3]])
def test_one_step_lowers_the_fixed_batchs_loss_and_shows_the_pair_before_and_after(config):
    trainer, train = _trainer(config)
    fixed = fixed_batch(trainer, train)
    assert fixed.pair == train[0] and fixed.batch.size == 16
    result = train_steps(trainer, fixed, 1)
    assert result.updates == 1 and result.step == 1 == trainer.step
    assert result.batch_loss_after < result.batch_loss_before
    # the fixed pair: one −log p(gold) per target token and <eos>, summing to its loss
    n = len(train[0][1].split()) + 1
    for view in (result.before, result.after):
        assert view.nll.shape == (n,) and view.tgt_pieces[-1] == "<eos>"
        assert view.loss == pytest.approx(float(view.nll.sum()), rel=1e-5)
        if config[0] == "none":
            assert view.attention is None
        else:
            assert view.attention.shape == (n, len(view.src_pieces))
            np.testing.assert_allclose(view.attention.sum(1), 1.0, atol=1e-5)
    assert not np.allclose(result.before.nll, result.after.nll)  # the update changed them
    assert result.before.loss == pytest.approx(trainer_free_loss(config, train[0]), rel=1e-5)


def trainer_free_loss(config, pair) -> float:
    """The fixed pair's loss under the untrained model, scored without any trainer."""
    return tiny_translator(config).score(*pair).total_nll


def test_ten_more_steps_count_eleven_and_keep_lowering_the_loss():
    trainer, train = _trainer()
    fixed = fixed_batch(trainer, train)
    first = train_steps(trainer, fixed, 1)
    ten = train_steps(trainer, fixed, 10)
    assert ten.updates == 10 and ten.step == 11 == trainer.step
    assert ten.before.loss == pytest.approx(first.after.loss, rel=1e-6)  # where it left off
    assert ten.batch_loss_after < ten.batch_loss_before < first.batch_loss_before


def test_the_same_seed_gives_the_same_steps():
    def run(seed: int) -> tuple[np.ndarray, dict]:
        trainer, train = _trainer(CONFIGS[3], seed=seed, teacher_forcing=0.5)
        result = train_steps(trainer, fixed_batch(trainer, train), 3)
        return result.after.nll, trainer.tr.model.state_dict()

    (a, wa), (b, wb) = run(0), run(0)
    np.testing.assert_array_equal(a, b)
    assert all(torch.equal(wa[k], wb[k]) for k in wa)
    c, _ = run(1)
    assert not np.allclose(a[: len(c)], c[: len(a)]) or len(a) != len(c)


def test_one_epoch_makes_one_update_per_batch_of_the_training_pairs():
    trainer, train = _trainer()
    fixed = fixed_batch(trainer, train)
    result = train_epoch(trainer, fixed)
    assert result.updates == math.ceil(50 / 16) == trainer.step
    assert result.batch_loss_after < result.batch_loss_before
    assert trainer.epoch == 0  # the run's own epoch count is not touched


def test_a_step_at_an_absurd_rate_that_diverges_takes_no_step():
    trainer, train = _trainer(lr=1e-2)
    fixed = fixed_batch(trainer, train)
    with torch.no_grad():  # a NaN weight makes the loss NaN
        next(trainer.tr.model.parameters()).fill_(float("nan"))
    result = train_steps(trainer, fixed, 10)
    assert result.diverged and result.updates == 0 and trainer.step == 0
    assert math.isfinite(batch_loss(trainer, fixed.batch))  # back to the last good weights
