"""Dropout whose random masks belong to one training run.

`nn.Dropout`, `F.dropout` and the `dropout=` of `nn.GRU`/`nn.LSTM` draw their masks from
torch's global generator, and so do `torch.rand` calls without a generator (teacher
forcing). The app trains several students' models at once in threads of one process, and
every `torch.manual_seed` anywhere reseeds that one global generator: the same seed then
gives a different model depending on what the other runs did in between. Here every
random draw of training takes a `torch.Generator` owned by the run:

- `RunDropout(p)`: inverted dropout (Srivastava et al. 2014): each element is kept with
  probability 1 - p and scaled by 1 / (1 - p), so E[output] = input, as `nn.Dropout`.
- `layered_rnn`: a multi-layer `nn.GRU`/`nn.LSTM`/`nn.RNN` run one layer at a time with a
  `RunDropout` between layers, where the module's own `dropout=` would drop (on the outputs
  of every layer but the last). The module keeps its parameters and their names, so model
  files are unchanged.
- `run_generator(model, g)`: for the duration of a training step, every module of `model`
  that draws (a `RunDropout`, the decoder's teacher-forcing coin) draws from `g`. Outside
  it (or with g None) they fall back to the global generator.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import torch
from torch import nn
from torch.func import functional_call
from torch.nn.utils.rnn import PackedSequence


class RunDropout(nn.Module):
    """Dropout with probability p, its mask drawn from `self.generator` (see module doc).

    x: any shape -> same shape. Identity in eval mode or with p = 0."""

    def __init__(self, p: float) -> None:
        super().__init__()
        if not 0.0 <= p < 1.0:
            raise ValueError(f"dropout must be in [0, 1), not {p}")
        self.p = p
        self.generator: torch.Generator | None = None

    def forward(self, x: torch.Tensor | PackedSequence) -> torch.Tensor | PackedSequence:
        if not self.training or self.p == 0.0:
            return x
        if isinstance(x, PackedSequence):
            return x._replace(data=self(x.data))
        keep = torch.rand(x.shape, generator=self.generator, device=x.device) >= self.p
        return x * keep / (1.0 - self.p)

    def extra_repr(self) -> str:
        return f"p={self.p}"


@contextmanager
def run_generator(model: nn.Module, generator: torch.Generator) -> Iterator[None]:
    """Inside the block every module of `model` with a `generator` attribute draws from
    `generator`; afterwards the attribute is None again (the model holds no generator)."""
    drawers = [m for m in model.modules() if hasattr(m, "generator")]
    for m in drawers:
        m.generator = generator
    try:
        yield
    finally:
        for m in drawers:
            m.generator = None


_LAYER = re.compile(r"_l(\d+)(_reverse)?$")


def _one_layer(rnn: nn.RNNBase, layer: int) -> tuple[nn.RNNBase, dict[str, torch.Tensor]]:
    """A parameterless one-layer copy of `rnn` and the parameters of `layer` for it."""
    directions = 2 if rnn.bidirectional else 1
    size_in = rnn.input_size if layer == 0 else rnn.hidden_size * directions
    kw = {"nonlinearity": rnn.nonlinearity} if isinstance(rnn, nn.RNN) else {}
    one = type(rnn)(
        size_in,
        rnn.hidden_size,
        num_layers=1,
        bias=rnn.bias,
        batch_first=rnn.batch_first,
        bidirectional=rnn.bidirectional,
        device="meta",  # no memory, no random draw: the real weights are swapped in
        **kw,
    )
    params = {}
    for name, p in rnn.named_parameters():
        m = _LAYER.search(name)
        if m and int(m.group(1)) == layer:
            params[name[: m.start()] + "_l0" + (m.group(2) or "")] = p
    return one, params


def layered_rnn(rnn: nn.RNNBase, x, hx=None, dropout: RunDropout | None = None):
    """`rnn(x, hx)` with `dropout` applied between layers (training, 2+ layers, p > 0);
    otherwise exactly `rnn(x, hx)`. x: (B, T, I) or a PackedSequence; hx: (L*D, B, H) or
    an LSTM pair, or None. Returns (outputs, final state) as the module does."""
    if dropout is None or not dropout.training or dropout.p == 0.0 or rnn.num_layers == 1:
        return rnn(x, hx)
    directions = 2 if rnn.bidirectional else 1
    finals = []
    for layer in range(rnn.num_layers):
        rows = slice(layer * directions, (layer + 1) * directions)
        h = (
            None
            if hx is None
            else (tuple(s[rows] for s in hx) if isinstance(hx, tuple) else hx[rows])
        )
        one, params = _one_layer(rnn, layer)
        x, final = functional_call(one, params, (x, h))  # (B, T, D*H)
        finals.append(final)
        if layer + 1 < rnn.num_layers:
            x = dropout(x)
    if isinstance(finals[0], tuple):
        return x, (torch.cat([f[0] for f in finals]), torch.cat([f[1] for f in finals]))
    return x, torch.cat(finals)  # (L*D, B, H)
