import pytest
import torch
from torch.nn import functional as F

from seq2seq_core.config import ConfigError, ModelConfig
from seq2seq_core.data.batching import encode_pairs, make_batches
from tests.support.models import CONFIG_IDS, CONFIGS, tiny_translator, toy_pairs


def _batch(tr, n=8):
    src, tgt = encode_pairs(toy_pairs(n, seed=3), tr.src_tok, tr.tgt_tok, 50)
    return make_batches(src, tgt, batch_size=n)[0]


def test_forward_shapes(any_translator):
    tr = any_translator
    b = _batch(tr)
    logits = tr.model(b.src, b.src_mask, b.tgt_in)
    assert logits.shape == (*b.tgt_in.shape, tr.cfg.tgt_vocab)


@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
def test_teacher_forced_pass_equals_the_step_by_step_loop(config):
    """The training pass (one call, or a loop with the output layer outside it) computes
    what `Decoder.step` computes step by step."""
    tr = tiny_translator(config)
    b = _batch(tr)
    fast = tr.model(b.src, b.src_mask, b.tgt_in)
    loop = tr.model(b.src, b.src_mask, b.tgt_in, force_loop=True)
    real = b.tgt_out != 0
    torch.testing.assert_close(fast[real], loop[real], atol=1e-5, rtol=1e-5)
    loss = [
        F.cross_entropy(x.reshape(-1, x.size(-1)), b.tgt_out.reshape(-1), ignore_index=0)
        for x in (fast, loop)
    ]
    torch.testing.assert_close(loss[0], loss[1])


def test_padding_does_not_change_a_sentence(any_translator):
    tr = any_translator
    tr.model.eval()
    b = _batch(tr)
    row = int(b.src_mask.sum(1).argmin())  # the shortest sentence, most padded
    n = int(b.src_mask[row].sum())
    alone = tr.model.encode(b.src[row : row + 1, :n], b.src_mask[row : row + 1, :n])
    batched = tr.model.encode(b.src, b.src_mask)
    torch.testing.assert_close(batched.outputs[row, :n], alone.outputs[0], atol=1e-5, rtol=1e-5)
    assert (batched.outputs[row, n:] == 0).all()
    h_b = (
        batched.initial_state[0]
        if isinstance(batched.initial_state, tuple)
        else batched.initial_state
    )
    h_a = alone.initial_state[0] if isinstance(alone.initial_state, tuple) else alone.initial_state
    torch.testing.assert_close(h_b[:, row], h_a[:, 0], atol=1e-5, rtol=1e-5)


def test_one_directional_encoder_hands_its_final_vector_over_unchanged():
    tr = tiny_translator(("none", "luong", False, "gru", False, 1))
    b = _batch(tr)
    enc = tr.model.encoder(b.src, b.src_mask)
    assert enc.final is enc.final_raw


@pytest.mark.parametrize(
    "options",
    [
        dict(attention="dot", bidirectional=True),
        dict(rnn="transformer"),
        dict(layers=3),
        dict(attention="none", luong_input_feeding=True),
        dict(decoder_style="bahdanau", luong_input_feeding=True),
        dict(hidden=0),
    ],
)
def test_bad_options_are_refused_with_a_sentence(options):
    with pytest.raises(ConfigError, match=r"\w+ \w+"):
        ModelConfig(src_vocab=10, tgt_vocab=10, **options)


def test_config_round_trip():
    cfg = ModelConfig(src_vocab=10, tgt_vocab=12, rnn="lstm")
    assert ModelConfig.from_dict(cfg.to_dict()) == cfg
    with pytest.raises(ConfigError):
        ModelConfig.from_dict({**cfg.to_dict(), "warp": 9})
