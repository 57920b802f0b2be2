"""Adam (Kingma & Ba 2015, Algorithm 1) on torch's fused CPU kernel.

`torch.optim.Adam(fused=True)` updates every parameter in one kernel call,
`torch._fused_adam_`. Its `Optimizer` base class wraps `add_param_group`, `step`,
`zero_grad` and the state-dict methods in `torch._disable_dynamo`, which imports
torch._dynamo (about 830 modules: 1.9 s on a 2-core machine, and the memory of every
process that trains) the first time any of them runs. A training command waits for that,
and so did the app's first run. This class calls the same kernel with the same arguments,
so its updates are the same bit for bit (tests/seq2seq_core/training/test_optim.py), keeps the
state in the same
layout, and reads and writes `torch.optim.Adam`'s state dicts: a trainer state saved by
either loads in the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch


class FusedAdam:
    """Adam without weight decay or AMSGrad, as the trainer uses it.

    param_groups: one group; its "lr" may be changed between steps (the linear schedule).
    state: {parameter: {"step": 0-dim float32, "exp_avg": m, "exp_avg_sq": v}}, filled at a
    parameter's first step, as torch.optim.Adam does.
    """

    def __init__(
        self,
        params: Iterable[torch.Tensor],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        params = list(params)
        if not params:
            raise ValueError("optimizer got an empty parameter list")
        # the keys of torch.optim.Adam's group, so state dicts travel both ways
        self.param_groups: list[dict[str, Any]] = [
            {
                "params": params,
                "lr": lr,
                "betas": betas,
                "eps": eps,
                "weight_decay": 0,
                "amsgrad": False,
                "maximize": False,
                "foreach": None,
                "capturable": False,
                "differentiable": False,
                "fused": True,
                "decoupled_weight_decay": False,
            }
        ]
        self.state: dict[torch.Tensor, dict[str, torch.Tensor]] = {}

    @property
    def _params(self) -> list[torch.Tensor]:
        return self.param_groups[0]["params"]

    def zero_grad(self, set_to_none: bool = True) -> None:
        for p in self._params:
            if set_to_none:
                p.grad = None
            elif p.grad is not None:
                p.grad.zero_()

    @torch.no_grad()
    def step(self) -> None:
        """One update of every parameter that has a gradient (m, v and the bias-corrected
        step of Algorithm 1, in torch's fused kernel)."""
        group = self.param_groups[0]
        params, grads, exp_avgs, exp_avg_sqs, steps = [], [], [], [], []
        for p in self._params:
            if p.grad is None:
                continue
            if p.grad.is_sparse:
                raise RuntimeError("Adam does not support sparse gradients")
            state = self.state.get(p)
            if state is None:
                state = self.state[p] = {
                    "step": torch.tensor(0.0, dtype=torch.float32),
                    "exp_avg": torch.zeros_like(p, memory_format=torch.preserve_format),
                    "exp_avg_sq": torch.zeros_like(p, memory_format=torch.preserve_format),
                }
            params.append(p)
            grads.append(p.grad)
            exp_avgs.append(state["exp_avg"])
            exp_avg_sqs.append(state["exp_avg_sq"])
            steps.append(state["step"])
        if not params:
            return
        torch._foreach_add_(steps, 1)
        beta1, beta2 = group["betas"]
        torch._fused_adam_(
            params,
            grads,
            exp_avgs,
            exp_avg_sqs,
            [],  # max_exp_avg_sqs: no AMSGrad
            steps,
            amsgrad=False,
            lr=float(group["lr"]),
            beta1=float(beta1),
            beta2=float(beta2),
            weight_decay=0.0,
            eps=float(group["eps"]),
            maximize=False,
        )

    def state_dict(self) -> dict[str, Any]:
        """torch.optim.Adam's layout: parameters as their indices, the tensors not copied."""
        index = {id(p): i for i, p in enumerate(self._params)}
        state = {index[id(p)]: dict(s) for p, s in self.state.items()}
        groups = [{**g, "params": list(range(len(self._params)))} for g in self.param_groups]
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Take the state of a `state_dict` of this class or of torch.optim.Adam (copied)."""
        [group] = state_dict["param_groups"]
        if len(group["params"]) != len(self._params):
            raise ValueError("the state dict holds a different number of parameters")
        self.param_groups[0].update({k: v for k, v in group.items() if k != "params"})
        self.state = {}
        for i, entries in state_dict["state"].items():
            p = self._params[int(i)]
            self.state[p] = {
                "step": torch.as_tensor(entries["step"], dtype=torch.float32).clone(),
                "exp_avg": entries["exp_avg"].to(p.dtype).clone(),
                "exp_avg_sq": entries["exp_avg_sq"].to(p.dtype).clone(),
            }
