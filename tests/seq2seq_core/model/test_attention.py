import pytest
import torch

from seq2seq_core.model.attention import Attention, additive_scores


@pytest.mark.parametrize("kind", ["dot", "general", "additive"])
def test_weights_sum_to_one_and_padding_is_exactly_zero(kind):
    torch.manual_seed(0)
    hidden = 6
    memory_size = hidden if kind == "dot" else 10
    att = Attention(kind, hidden, memory_size)
    memory = torch.randn(3, 5, memory_size)  # (B, S, M)
    src_mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0]], dtype=torch.bool)
    query = torch.randn(3, 4, hidden)  # (B, T, H)
    context, weights = att(query, att.project_keys(memory), memory, src_mask)
    assert context.shape == (3, 4, memory_size)
    assert weights.shape == (3, 4, 5)
    torch.testing.assert_close(weights.sum(-1), torch.ones(3, 4))
    assert (weights[~src_mask.unsqueeze(1).expand(-1, 4, -1)] == 0).all()
    assert torch.allclose(weights[2, :, 0], torch.ones(4))
    torch.testing.assert_close(context, torch.bmm(weights, memory))


def test_dot_scores_are_plain_dot_products():
    att = Attention("dot", 2, 2)
    memory = torch.tensor([[[1.0, 0.0], [0.0, 1.0]]])
    query = torch.tensor([[[3.0, 0.0]]])
    _, w = att(query, att.project_keys(memory), memory, torch.ones(1, 2, dtype=torch.bool))
    expected = torch.softmax(torch.tensor([3.0, 0.0]), dim=0)
    torch.testing.assert_close(w[0, 0], expected)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Attention("cosine", 2, 2)


def test_additive_scores_and_their_gradients_match_the_plain_formula():
    """The hand-written backward of additive attention against autograd of the formula."""
    torch.manual_seed(0)
    q = torch.randn(2, 3, 4, dtype=torch.double, requires_grad=True)  # (B, T, H)
    k = torch.randn(2, 5, 4, dtype=torch.double, requires_grad=True)  # (B, S, H)
    v = torch.randn(4, dtype=torch.double, requires_grad=True)
    assert torch.autograd.gradcheck(additive_scores, (q, k, v))
    plain = torch.tanh(q.unsqueeze(2) + k.unsqueeze(1)) @ v  # (B, T, S)
    ours = additive_scores(q, k, v)
    torch.testing.assert_close(ours, plain)
    grad = torch.randn_like(plain)
    expected = torch.autograd.grad(plain, (q, k, v), grad)
    got = torch.autograd.grad(ours, (q, k, v), grad)
    for e, g in zip(expected, got, strict=True):
        torch.testing.assert_close(g, e)
    # in float32 tanh is taken as 2 sigmoid(2x) - 1: the same values to float precision
    q32, k32, v32 = (t.detach().float().requires_grad_() for t in (q, k, v))
    torch.testing.assert_close(additive_scores(q32, k32, v32), plain.detach().float())


def test_additive_attention_module_trains_its_scoring_vector():
    torch.manual_seed(0)
    att = Attention("additive", 6, 10)
    memory = torch.randn(3, 5, 10)
    mask = torch.ones(3, 5, dtype=torch.bool)
    context, _ = att(torch.randn(3, 2, 6), att.project_keys(memory), memory, mask)
    context.sum().backward()
    for p in (att.v.weight, att.query_proj.weight, att.key_proj.weight):
        assert p.grad is not None and p.grad.abs().sum() > 0
