import threading

import pytest
import torch

from seq2seq_core.config import TrainConfig
from seq2seq_core.train import BatchEvent, DoneEvent, EpochEvent, Trainer
from tests.conftest import tiny_translator, toy_pairs


def _trainer(epochs=3, **kw):
    tr = tiny_translator()
    cfg = TrainConfig(epochs=epochs, batch_size=16, lr=kw.pop("lr", 1e-2), **kw)
    return Trainer(tr, toy_pairs(80), toy_pairs(16, seed=9), cfg)


def test_loss_falls_and_events_carry_what_the_ui_needs():
    trainer = _trainer(epochs=6)
    events = list(trainer.run())
    epochs = [e for e in events if isinstance(e, EpochEvent)]
    batches = [e for e in events if isinstance(e, BatchEvent)]
    assert len(epochs) == 6 and isinstance(events[-1], DoneEvent)
    assert events[-1].reason == "finished"
    assert epochs[-1].train_loss_per_sentence < epochs[0].train_loss_per_sentence
    assert batches[0].step == 1 and batches[-1].step == trainer.step
    assert all(b.tokens_per_s > 0 for b in batches)
    last = epochs[-1]
    assert 0 <= last.valid_exact_match <= 1 and 0 <= last.valid_token_accuracy <= 1
    assert len(last.samples) == 3
    assert last.attention.shape == (len(last.attention_out), len(last.attention_src))
    assert len(trainer.history) == 6


def test_training_is_reproducible():
    a = [e.loss_per_sentence for e in _trainer(epochs=2).run() if isinstance(e, BatchEvent)]
    b = [e.loss_per_sentence for e in _trainer(epochs=2).run() if isinstance(e, BatchEvent)]
    assert a == b


def test_stop_acts_within_one_batch_and_resume_continues():
    trainer = _trainer(epochs=3)
    run = trainer.run()
    first = next(run)
    assert isinstance(first, BatchEvent)
    trainer.request_stop()
    done = next(run)
    assert isinstance(done, DoneEvent) and done.reason == "stopped"
    assert trainer.step == 1
    trainer.tr.trace("a b c")  # the model is usable
    rest = list(trainer.run())
    assert isinstance(rest[0], BatchEvent) and rest[0].step == 2
    assert rest[-1].reason == "finished" and trainer.epoch == 3


def test_stop_from_another_thread():
    trainer = _trainer(epochs=50)
    seen = []
    timer = threading.Timer(0.2, trainer.request_stop)
    timer.start()
    for ev in trainer.run():
        seen.append(ev)
    timer.cancel()
    assert seen[-1].reason == "stopped"


def test_diverging_loss_stops_and_keeps_the_last_good_weights():
    trainer = _trainer(epochs=2)
    list(trainer.run(epochs=1))
    good = {k: v.clone() for k, v in trainer.tr.model.state_dict().items()}
    with torch.no_grad():
        trainer.tr.model.decoder.out.weight.fill_(float("nan"))
    done = list(trainer.run())[-1]
    assert done.reason == "diverged" and "learning rate" in done.message
    for k, v in trainer.tr.model.state_dict().items():
        torch.testing.assert_close(v, good[k])


def test_lower_teacher_forcing_trains_too():
    trainer = _trainer(epochs=1, teacher_forcing=0.5)
    assert list(trainer.run())[-1].reason == "finished"


def test_no_training_pair_is_refused():
    with pytest.raises(ValueError):
        Trainer(tiny_translator(), [], [], TrainConfig())
