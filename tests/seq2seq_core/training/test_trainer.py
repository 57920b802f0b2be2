import math
import threading
import time

import pytest
import torch

from seq2seq_core.config import TrainConfig
from seq2seq_core.metrics import exact_match
from seq2seq_core.training import trainer as train_module
from seq2seq_core.training.trainer import BatchEvent, DoneEvent, EpochEvent, Trainer
from seq2seq_core.translator import Translator
from tests.support.models import dropout_run, tiny_translator, toy_pairs


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


def _weights(trainer: Trainer) -> dict[str, torch.Tensor]:
    return {k: v.clone() for k, v in trainer.tr.model.state_dict().items()}


def test_the_same_seed_gives_the_same_weights_with_another_run_interleaved():
    alone = dropout_run(seed=3)
    list(alone.run())
    first, other = dropout_run(seed=3), dropout_run(seed=4)
    runs = [first.run(), other.run()]
    while runs:  # one batch of each in turn; other sessions reseed the global generator
        for run in list(runs):
            torch.manual_seed(len(runs) * 7919)
            if next(run, None) is None:
                runs.remove(run)
    expected, got = _weights(alone), _weights(first)
    for name in expected:
        torch.testing.assert_close(got[name], expected[name], rtol=0, atol=0)
    assert any(not torch.equal(_weights(other)[n], expected[n]) for n in expected)


def test_the_same_seed_gives_the_same_weights_when_runs_train_in_threads():
    alone = dropout_run(seed=5, epochs=1)
    list(alone.run())
    runs = [dropout_run(seed=5, epochs=1), dropout_run(seed=6, epochs=1)]
    threads = [threading.Thread(target=lambda r=r: list(r.run())) for r in runs]
    for th in threads:
        th.start()
    while any(th.is_alive() for th in threads):  # another session reseeding meanwhile
        torch.manual_seed(1)
        time.sleep(0.001)
    for th in threads:
        th.join()
    expected, got = _weights(alone), _weights(runs[0])
    for name in expected:
        torch.testing.assert_close(got[name], expected[name], rtol=0, atol=0)


def test_after_a_nan_batch_the_optimizer_is_restored_and_training_recovers():
    trainer = _trainer(epochs=3)
    list(trainer.run(epochs=1))
    step = trainer.step
    hook = trainer.tr.model.decoder.out.register_forward_hook(lambda m, i, o: o * float("nan"))
    events = list(trainer.run(epochs=2))
    hook.remove()
    assert events[-1].reason == "diverged"
    for state in trainer.optimizer.state.values():
        for value in state.values():
            assert torch.isfinite(value).all()  # Adam's moments stayed NaN before
    assert trainer.step == step  # back to the end of epoch 1
    rest = list(trainer.run())
    losses = [e.loss_per_sentence for e in rest if isinstance(e, BatchEvent)]
    assert rest[-1].reason == "finished" and losses
    assert all(math.isfinite(x) for x in losses)
    assert all(torch.isfinite(p).all() for p in trainer.tr.model.parameters())


def test_the_model_keeps_the_best_validation_epoch(monkeypatch):
    trainer = _trainer(epochs=4)
    valid_losses = iter([5.0, 3.0, 4.0, 6.0])  # validation gets worse after epoch 2
    kept = {}
    real = Trainer._validate

    def validate(self, *args):
        event = real(self, *args)
        event.valid_loss_per_sentence = next(valid_losses)
        kept[event.epoch] = _weights(self)
        return event

    monkeypatch.setattr(Trainer, "_validate", validate)
    done = list(trainer.run())[-1]
    assert done.reason == "finished"
    assert (done.best_epoch, done.best_valid_loss) == (2, 3.0)
    assert done.kept == "kept the weights of epoch 2 (best validation loss 3.000 nats per sentence)"
    got = _weights(trainer)
    for name, value in kept[2].items():
        torch.testing.assert_close(got[name], value, rtol=0, atol=0)
    assert any(not torch.equal(got[n], kept[4][n]) for n in got)


def test_a_stop_shows_the_best_epoch_and_a_resume_goes_on_from_the_last_weights():
    whole = dropout_run(seed=2, epochs=2)
    expected = [e.loss_per_sentence for e in whole.run() if isinstance(e, BatchEvent)]
    parted = dropout_run(seed=2, epochs=2)
    run, losses, after_epoch_1 = parted.run(), [], None
    for ev in run:
        if isinstance(ev, BatchEvent):
            losses.append(ev.loss_per_sentence)
            if ev.epoch == 2:
                parted.request_stop()
        elif isinstance(ev, EpochEvent):
            after_epoch_1 = _weights(parted)
    assert ev.reason == "stopped" and ev.best_epoch == 1 and ev.kept
    for name, value in _weights(parted).items():  # epoch 1's weights, not the step after
        assert torch.equal(value, after_epoch_1[name]), name
    losses += [e.loss_per_sentence for e in parted.run() if isinstance(e, BatchEvent)]
    assert losses == expected


def _exact_matches(trainer):
    return [e.valid_exact_match for e in trainer.run() if isinstance(e, EpochEvent)]


def test_a_target_exact_match_ends_the_run_and_keeps_the_weights_that_reached_it():
    reference = _exact_matches(_trainer(epochs=6, lr=3e-2))
    first = next(i for i, em in enumerate(reference) if em > 0)  # epoch first - 1 is 0-based
    target = reference[first]
    # checked at epoch ends: the run ends after the first epoch that reaches the target
    trainer = _trainer(epochs=6, lr=3e-2, stop_at_exact_match=target)
    events = list(trainer.run())
    done = events[-1]
    assert done.reason == "reached" and trainer.epoch == first + 1 < 6
    assert f"{target:.1%}" in done.message and done.best_epoch == trainer.epoch
    assert _text_em(trainer) >= target  # the model holds the weights that reached it
    # checked every step: it ends no later, at a step the check ran, the epoch validated
    stepwise = _trainer(epochs=6, lr=3e-2, stop_at_exact_match=target, check_every=1)
    events = list(stepwise.run())
    assert events[-1].reason == "reached" and stepwise.step <= trainer.step
    assert events[-2].valid_exact_match >= target and _text_em(stepwise) >= target


def _text_em(trainer) -> float:
    refs = [trainer.tr.tgt_tok.normalize(t) for _, t in trainer.valid_pairs]
    return exact_match(trainer.tr.translate([s for s, _ in trainer.valid_pairs]), refs)


def test_the_stop_check_decodes_only_once_the_target_can_have_been_reached(monkeypatch):
    """Word targets: the teacher-forced sequence accuracy bounds greedy's exact match, so
    the check decodes the validation pairs only at or above the target, and stops at the
    same step as a check that always decodes."""
    target = max(_exact_matches(_trainer(epochs=6, lr=3e-2)))
    calls = []
    real_translate = Translator.translate

    def translate(tr, texts):
        calls.append(len(texts))
        return real_translate(tr, texts)

    monkeypatch.setattr(Translator, "translate", translate)

    def stop_step() -> tuple[int, int]:
        calls.clear()
        trainer = _trainer(epochs=6, lr=3e-2, stop_at_exact_match=target, check_every=1)
        assert list(trainer.run())[-1].reason == "reached"
        return trainer.step, calls.count(16)

    gated = stop_step()
    real_scores = train_module.teacher_forced_scores
    monkeypatch.setattr(  # a bound that never rules a check out: every check decodes
        train_module,
        "teacher_forced_scores",
        lambda tr, pairs, **kw: {**real_scores(tr, pairs, **kw), "sequence_accuracy": 1.0},
    )
    always = stop_step()
    assert gated[0] == always[0]
    assert always[1] >= always[0] and gated[1] < always[1] / 2, (gated, always)


def test_without_a_target_every_epoch_runs():
    trainer = _trainer(epochs=2, check_every=1)
    assert list(trainer.run())[-1].reason == "finished" and trainer.epoch == 2


@pytest.mark.parametrize("value", [-0.1, 1.5, "0.9"])
def test_a_target_out_of_range_is_refused(value):
    with pytest.raises(ValueError, match=r"exact.match"):
        TrainConfig(stop_at_exact_match=value)
