"""FusedAdam: torch.optim.Adam(fused=True)'s updates, bit for bit, without torch._dynamo."""

from __future__ import annotations

import subprocess
import sys

import torch

from seq2seq_core.data.batching import encode_pairs, make_batches
from seq2seq_core.training.optim import FusedAdam
from tests.support.models import tiny_translator, toy_pairs


def _model_and_batches(seed: int = 0):
    tr = tiny_translator(seed=seed)
    src, tgt = encode_pairs(toy_pairs(48), tr.src_tok, tr.tgt_tok, 20)
    return tr.model, make_batches(src, tgt, 16)


def _train(model, opt, batches, lrs) -> None:
    for lr, batch in zip(lrs, batches * 4, strict=False):
        opt.param_groups[0]["lr"] = lr  # the trainer's linear schedule changes it
        logits = model(batch.src, batch.src_mask, batch.tgt_in)
        loss = torch.nn.functional.cross_entropy(
            logits.reshape(-1, logits.size(-1)), batch.tgt_out.reshape(-1), ignore_index=0
        )
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()


def _same(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a.parameters(), b.parameters(), strict=True))


def test_updates_are_torchs_fused_adam_bit_for_bit():
    ours, batches = _model_and_batches()
    theirs, _ = _model_and_batches()
    lrs = [1e-2 * (1 - 0.9 * i / 12) for i in range(12)]
    _train(ours, FusedAdam(ours.parameters(), lr=1e-2), batches, lrs)
    reference = torch.optim.Adam(theirs.parameters(), lr=1e-2, fused=True)
    _train(theirs, reference, batches, lrs)
    assert _same(ours, theirs)
    assert not _same(ours, _model_and_batches()[0])  # they did move


def test_state_dicts_travel_both_ways():
    a, batches = _model_and_batches()
    b, _ = _model_and_batches()
    ours = FusedAdam(a.parameters(), lr=3e-3)
    theirs = torch.optim.Adam(b.parameters(), lr=3e-3, fused=True)
    _train(a, ours, batches, [3e-3] * 3)
    _train(b, theirs, batches, [3e-3] * 3)
    saved_ours, saved_theirs = ours.state_dict(), theirs.state_dict()
    assert saved_ours["param_groups"] == saved_theirs["param_groups"]
    # swap: torch's state into ours and ours into torch's, then train on alike
    ours2 = FusedAdam(b.parameters(), lr=1.0)
    ours2.load_state_dict(saved_theirs)
    theirs2 = torch.optim.Adam(a.parameters(), lr=1.0, fused=True)
    theirs2.load_state_dict(saved_ours)
    _train(b, ours2, batches, [3e-3] * 3)
    _train(a, theirs2, batches, [3e-3] * 3)
    assert _same(a, b)
    assert ours2.param_groups[0]["lr"] == 3e-3


def test_a_parameter_without_a_gradient_is_left_alone():
    used, unused = torch.ones(3, requires_grad=True), torch.ones(2, requires_grad=True)
    opt = FusedAdam([used, unused], lr=0.1)
    (used * 2).sum().backward()
    opt.step()
    assert not torch.equal(used, torch.ones(3)) and torch.equal(unused, torch.ones(2))
    assert list(opt.state_dict()["state"]) == [0]


def test_building_and_stepping_does_not_import_torch_dynamo():
    code = (
        "import sys, torch\n"
        "from seq2seq_core.training.optim import FusedAdam\n"
        "p = torch.ones(3, requires_grad=True)\n"
        "opt = FusedAdam([p], lr=0.1)\n"
        "(p * 2).sum().backward(); opt.step(); opt.zero_grad(); opt.state_dict()\n"
        "print('torch._dynamo' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
