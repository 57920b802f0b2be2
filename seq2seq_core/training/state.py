"""A Trainer's resumable state as plain data: safetensors bytes for the tensors, JSON for
the rest. No pickle: a training run crosses to a worker process (`jobs.py`) and back as
these two, and the trainer at the other end goes on exactly where this one stopped.

What is kept: the model's weights (optional), Adam's state (its moments and step count per
parameter, its hyper-parameters), the run's random generator, the step and epoch counts,
the sums of an epoch a stop interrupted, the history, the best epoch's bookkeeping and
weights, the last weights a finished run keeps aside, and what a divergence returns to.
"""

from __future__ import annotations

import json
from typing import Any

import torch
from safetensors.torch import load as st_load
from safetensors.torch import save as st_save

from seq2seq_core.training.trainer import Trainer


def dump(trainer: Trainer, with_model: bool = True) -> tuple[bytes, str]:
    """(tensors as safetensors bytes, everything else as JSON) of `trainer`."""
    tensors: dict[str, torch.Tensor] = {"generator": trainer.generator.get_state()}
    if with_model:
        _put(tensors, "model.", trainer.tr.model.state_dict())
    groups = _put_optimizer(tensors, "opt.", trainer.optimizer.state_dict())
    good = trainer._good
    _put(tensors, "good.model.", good["model"])
    good_groups = _put_optimizer(tensors, "good.opt.", good["optimizer"])
    tensors["good.generator"] = good["generator"]
    for name, state in (("best.", trainer._best_state), ("last.", trainer._last_state)):
        if state is not None:
            _put(tensors, name, state)
    info = {
        "step": trainer.step,
        "epoch": trainer.epoch,
        "train_seconds": trainer.train_seconds,
        "history": trainer.history,
        "best_epoch": trainer.best_epoch,
        "best_valid_loss": trainer.best_valid_loss,
        "at_best": trainer._at_best,
        "acc": trainer._acc,
        "param_groups": groups,
        "good_step": good["step"],
        "good_param_groups": good_groups,
        "has_best": trainer._best_state is not None,
        "has_last": trainer._last_state is not None,
    }
    return st_save({k: v.detach().contiguous() for k, v in tensors.items()}), json.dumps(info)


def load(trainer: Trainer, data: bytes, info_json: str) -> None:
    """Put the state `dump` wrote into `trainer` (built with the same translator shape,
    pairs and config): its model (when the bytes hold one), optimizer and counters."""
    tensors, info = st_load(data), json.loads(info_json)
    if any(k.startswith("model.") for k in tensors):
        trainer.tr.model.load_state_dict(_take(tensors, "model."))
    trainer.optimizer.load_state_dict(_optimizer(tensors, "opt.", info["param_groups"]))
    trainer.generator.set_state(tensors["generator"])
    trainer._good = {
        "model": _take(tensors, "good.model."),
        "optimizer": _optimizer(tensors, "good.opt.", info["good_param_groups"]),
        "generator": tensors["good.generator"],
        "step": info["good_step"],
    }
    trainer._best_state = _take(tensors, "best.") if info["has_best"] else None
    trainer._last_state = _take(tensors, "last.") if info["has_last"] else None
    trainer.step, trainer.epoch = info["step"], info["epoch"]
    trainer.train_seconds, trainer.history = info["train_seconds"], info["history"]
    trainer.best_epoch, trainer.best_valid_loss = info["best_epoch"], info["best_valid_loss"]
    trainer._at_best, trainer._acc = info["at_best"], info["acc"]


def counters(trainer: Trainer) -> dict[str, Any]:
    """The numbers a page shows, to put back when a remote run fails."""
    return {"step": trainer.step, "epoch": trainer.epoch, "train_seconds": trainer.train_seconds}


def _put(tensors: dict[str, torch.Tensor], prefix: str, state: dict[str, torch.Tensor]) -> None:
    for key, value in state.items():
        tensors[prefix + key] = value


def _take(tensors: dict[str, torch.Tensor], prefix: str) -> dict[str, torch.Tensor]:
    return {k[len(prefix) :]: v.clone() for k, v in tensors.items() if k.startswith(prefix)}


def _put_optimizer(tensors: dict[str, torch.Tensor], prefix: str, state: dict[str, Any]) -> list:
    """Adam's per-parameter tensors under `prefix<param index>.<name>`; returns its param
    groups (plain numbers and lists) for the JSON."""
    for index, entries in state["state"].items():
        for name, value in entries.items():
            tensors[f"{prefix}{index}.{name}"] = torch.as_tensor(value)
    return [
        {k: list(v) if isinstance(v, tuple) else v for k, v in group.items()}
        for group in state["param_groups"]
    ]


def _optimizer(tensors: dict[str, torch.Tensor], prefix: str, groups: list) -> dict[str, Any]:
    state: dict[int, dict[str, torch.Tensor]] = {}
    for key, value in tensors.items():
        if key.startswith(prefix) and key[len(prefix) :].split(".")[0].isdigit():
            index, name = key[len(prefix) :].split(".", 1)
            state.setdefault(int(index), {})[name] = value.clone()
    param_groups = [
        {k: tuple(v) if k == "betas" else v for k, v in group.items()} for group in groups
    ]
    return {"state": state, "param_groups": param_groups}
