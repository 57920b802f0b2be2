"""Dropout and teacher forcing draw from the run's generator, never torch's global one."""

import threading

import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from seq2seq_core.model.dropout import RunDropout, layered_rnn, run_generator
from tests.support.models import CONFIGS, dropout_run, tiny_translator


def test_run_dropout_is_unbiased_and_follows_its_generator():
    drop = RunDropout(0.25).train()
    x = torch.ones(200_000)
    drop.generator = torch.Generator().manual_seed(0)
    a = drop(x)
    assert a.unique().tolist() == [0.0, pytest.approx(1 / 0.75)]  # kept x / (1 - p)
    assert float(a.mean()) == pytest.approx(1.0, abs=0.01)  # E[dropout(x)] = x
    assert float((a == 0).float().mean()) == pytest.approx(0.25, abs=0.01)
    drop.generator = torch.Generator().manual_seed(0)
    torch.manual_seed(123)  # the global generator plays no part
    assert torch.equal(drop(x), a)
    assert torch.equal(drop.eval()(x), x)


@pytest.mark.parametrize("cls", [nn.GRU, nn.LSTM, nn.RNN])
@pytest.mark.parametrize("packed", [False, True])
def test_layered_rnn_is_the_module_when_nothing_is_dropped(cls, packed):
    torch.manual_seed(0)
    rnn = cls(5, 7, num_layers=3, batch_first=True, bidirectional=True)
    x = torch.randn(3, 4, 5)
    if packed:
        x = pack_padded_sequence(x, torch.tensor([4, 2, 3]), batch_first=True, enforce_sorted=False)
    ref_out, ref_final = rnn(x)
    # p so small nothing is dropped: one layer at a time gives the module's own numbers
    out, final = layered_rnn(rnn, x, None, RunDropout(1e-12).train())
    out = out.data if packed else out
    ref_out = ref_out.data if packed else ref_out
    torch.testing.assert_close(out, ref_out)
    for got, want in zip(
        final if isinstance(final, tuple) else (final,),
        ref_final if isinstance(ref_final, tuple) else (ref_final,),
        strict=True,
    ):
        torch.testing.assert_close(got, want)


def test_layered_rnn_drops_between_layers_only_in_training():
    torch.manual_seed(0)
    rnn = nn.GRU(5, 7, num_layers=2, batch_first=True)
    x = torch.randn(2, 3, 5)
    drop = RunDropout(0.5)
    with run_generator(drop, torch.Generator().manual_seed(1)):
        trained, _ = layered_rnn(rnn, x, None, drop.train())
        assert drop.generator is not None
    assert drop.generator is None  # the model keeps no generator after the block
    assert not torch.allclose(trained, rnn(x)[0])
    torch.testing.assert_close(layered_rnn(rnn, x, None, drop.eval())[0], rnn(x)[0])


def test_training_leaves_the_global_generator_alone():
    trainer = dropout_run(seed=0, epochs=1)
    before = torch.get_rng_state()
    events = list(trainer.run())
    assert events[-1].reason == "finished"
    assert torch.equal(torch.get_rng_state(), before)


def test_models_built_at_once_in_threads_get_their_seeds_weights():
    def weights(seed):
        return tiny_translator(CONFIGS[3], seed=seed).model.state_dict()

    expected = {seed: weights(seed) for seed in (0, 1)}
    built = {0: [], 1: []}

    def build(seed):
        for _ in range(8):
            built[seed].append(weights(seed))

    threads = [threading.Thread(target=build, args=(seed,)) for seed in (0, 1)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for seed, states in built.items():
        for state in states:
            for name, value in expected[seed].items():
                assert torch.equal(state[name], value), (seed, name)
