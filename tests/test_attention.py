import pytest
import torch

from seq2seq_core.attention import Attention


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
