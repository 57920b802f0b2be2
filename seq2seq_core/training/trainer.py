"""Training, end to end: the loss is the cross-entropy of the gold token, summed over the
decoder's steps (Sutskever et al. 2014, Sec. 3.2: maximise log p(T | S)), averaged over
the sentences of a batch. Adam (Kingma & Ba 2015), gradient-norm clipping.

The loss numbers: `loss_per_sentence` is that sum (the lesson's loss), `loss_per_token` the
same total divided by the number of target tokens (`<eos>` included); both in nats.

The trainer knows nothing of any UI and nothing of the model's insides: it calls the model
on batches and yields plain events. Whoever runs it reads the events; `request_stop()`
(from any thread) takes effect after the current batch and leaves a usable model; calling
`run()` again resumes where it stopped.

- Reproducible under a class: the run owns a `torch.Generator` seeded with `cfg.seed`; the
  dropout masks and teacher forcing's coin draw from it (`dropout.run_generator`), the batch
  order from a `random.Random` of the same seed. Other runs in other threads, or any
  `torch.manual_seed`, change nothing: the same seed gives the same weights, bit for bit,
  where the run trains on `TRAIN_THREADS` torch threads, as every run does (the app's Dask
  workers, the app in process, the command line).
- The best epoch: when a run ends (finished or stopped, or diverged) the model holds the
  weights of the epoch with the lowest validation loss per sentence (`DoneEvent.best_epoch`);
  a resumed run goes on from the last weights.
- Divergence: a NaN/inf loss or gradient takes no step; weights, Adam's state and the step
  count return to the end of the last finished epoch.
"""

from __future__ import annotations

import copy
import math
import random
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

import torch
from torch.nn import functional as F

from seq2seq_core.config import TrainConfig
from seq2seq_core.data.batching import Batch, EncodedPairs, encode_within, make_batches
from seq2seq_core.metrics import exact_match, teacher_forced_scores
from seq2seq_core.model.dropout import run_generator
from seq2seq_core.training.events import BatchEvent, DoneEvent, EpochEvent, Event, Sample
from seq2seq_core.training.optim import FusedAdam
from seq2seq_core.translator import Translator

__all__ = ["TRAIN_THREADS", "BatchEvent", "DoneEvent", "EpochEvent", "Event", "Sample", "Trainer"]

# The torch threads every run trains on. Two threads split a matrix product's sums and add
# the parts in another order than one: the same seed gave weights 1e-6 apart after one
# epoch, and apart they stay. One thread is also what the app's workers can spare.
TRAIN_THREADS = 1


class Trainer:
    def __init__(
        self,
        translator: Translator,
        train_pairs: Sequence[tuple[str, str]],
        valid_pairs: Sequence[tuple[str, str]],
        cfg: TrainConfig,
        max_valid: int = 500,
    ) -> None:
        self.tr, self.cfg = translator, cfg
        # one length limit: pairs with a longer side are left out of training and
        # validation (counted in self.lengths), and the model decodes with the same limit
        toks, valid = (translator.src_tok, translator.tgt_tok), list(valid_pairs)
        train_enc = encode_within(train_pairs, *toks, cfg.max_len)
        valid_enc = encode_within(valid, *toks, cfg.max_len)
        self.lengths = {"train": train_enc.report, "valid": valid_enc.report}
        translator.meta["max_len"] = cfg.max_len
        self.valid_pairs = [valid[i] for i in valid_enc.index][:max_valid]
        self.src_ids, self.tgt_ids = train_enc.src_ids, train_enc.tgt_ids
        if not self.src_ids:
            raise ValueError(
                "there is no training pair"
                if not train_enc.report.pairs
                else f"every training pair is longer than the length limit ({cfg.max_len} tokens)"
            )
        self.example = (self.valid_pairs or list(train_pairs))[0]
        # fused: one kernel updates every parameter (bench/RESULTS.md, entry 5); FusedAdam
        # calls it without torch.optim's 2-second import of torch._dynamo (optim.py)
        self.optimizer = FusedAdam(translator.model.parameters(), lr=cfg.lr)
        self.epoch = 0  # epochs completed
        self.step = 0  # batches completed
        self.train_seconds = 0.0
        self.history: list[dict[str, Any]] = []
        self._stop = threading.Event()
        # every random draw of training (dropout masks, teacher forcing's coin) comes from
        # this run's own generator, never torch's global one (see seq2seq_core/model/dropout.py)
        self.generator = torch.Generator().manual_seed(cfg.seed)
        self._good = self._snapshot()  # what a divergence returns to
        self.best_epoch: int | None = None  # the epoch of the lowest validation loss
        self.best_valid_loss = math.inf
        self._best_state: dict[str, torch.Tensor] | None = None
        self._last_state: dict[str, torch.Tensor] | None = None  # set while best is loaded
        self._at_best = False  # the model holds the best epoch's weights already
        self._acc = _new_sums()
        self._reached = False  # the validation exact match reached cfg.stop_at_exact_match
        self._valid_enc: EncodedPairs | None = None  # the validation pairs, for the checks

    def request_stop(self) -> None:
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def finished(self) -> bool:
        return self.epoch >= self.cfg.epochs

    def run(self, epochs: int | None = None) -> Iterator[Event]:
        """Train up to `epochs` (default: the config's total) epochs in all, yielding events."""
        self._stop.clear()
        self._resume_last()
        target = min(epochs or self.cfg.epochs, self.cfg.epochs)
        while self.epoch < target:
            result = yield from self._epoch()
            if result is not None:
                yield self._keep_best(result)
                return
        done = DoneEvent("finished", self.epoch, self.step, f"trained {self.epoch} epochs")
        yield self._keep_best(done)

    def step_once(self, batch: Batch, batches_per_epoch: int = 1) -> float:
        """One optimizer update on `batch`, outside the epoch loop (the Train page's *one
        step*); returns the batch's loss per sentence before the update (nats).

        The update is the one `run()` makes (dropout and teacher forcing from this run's
        generator, clipping, the learning-rate schedule at this step) and counts in
        `self.step`. It continues from the weights the model holds now: the last weights a
        finished run kept aside are dropped. A non-finite loss takes no step and returns
        to the end of the last finished epoch, as `run()` does."""
        self._last_state, self._at_best = None, False
        self.tr.model.train()
        loss, _ = self._train_step(batch, batches_per_epoch)
        if not math.isfinite(loss):
            self._restore(self._good)
            return loss
        self.step += 1
        return loss

    def _snapshot(self) -> dict[str, Any]:
        """Model, optimizer, generator and step: all a divergence must return to."""
        return {
            "model": copy.deepcopy(self.tr.model.state_dict()),
            "optimizer": copy.deepcopy(self.optimizer.state_dict()),
            "generator": self.generator.get_state(),
            "step": self.step,
        }

    def _restore(self, snap: dict[str, Any]) -> None:
        self.tr.model.load_state_dict(snap["model"])
        # Adam's moments too: after a NaN gradient they are NaN, and a run resumed with them
        # turns every weight NaN again at its first step
        self.optimizer.load_state_dict(copy.deepcopy(snap["optimizer"]))
        self.generator.set_state(snap["generator"])
        self.step = snap["step"]
        self._acc = _new_sums()  # the epoch starts again
        self._at_best = self.best_epoch == self.epoch

    def _keep_best(self, done: DoneEvent) -> DoneEvent:
        """Load the best validation epoch's weights (the last ones are kept aside for a
        resumed run) and say so in `done`."""
        if self._best_state is not None and not self._at_best:
            self._last_state = copy.deepcopy(self.tr.model.state_dict())
            self.tr.model.load_state_dict(self._best_state)
            self._at_best = True
        if self.best_epoch is not None:
            done.best_epoch, done.best_valid_loss = self.best_epoch, self.best_valid_loss
        return done

    def _resume_last(self) -> None:
        """Training goes on from the last weights, not from the best epoch's."""
        if self._last_state is not None:
            self.tr.model.load_state_dict(self._last_state)
            self._last_state, self._at_best = None, False

    def _epoch(self) -> Iterator[Event]:
        """One epoch, or the rest of one a stop interrupted (its batches already done are
        not repeated: the batch order depends on the seed and the epoch only)."""
        model = self.tr.model
        rng = random.Random(self.cfg.seed * 1000 + self.epoch)  # this run's batch order
        batches = make_batches(self.src_ids, self.tgt_ids, self.cfg.batch_size, rng)
        acc = self._acc  # sums over the batches of this epoch done so far
        for i in range(int(acc["batches"]), len(batches)):
            if self._stop.is_set():
                msg = f"stopped during epoch {self.epoch + 1}, after {i} of {len(batches)} batches"
                return DoneEvent("stopped", self.epoch, self.step, msg)
            batch = batches[i]
            model.train()
            start = time.perf_counter()
            loss, n_correct = self._train_step(batch, len(batches))
            took = time.perf_counter() - start
            if not math.isfinite(loss):
                self._restore(self._good)
                return DoneEvent(
                    "diverged", self.epoch, self.step, _DIVERGED.format(lr=self.cfg.lr)
                )
            self.step += 1
            self._at_best = False
            for key, value in zip(
                ("batches", "time", "loss", "tokens", "correct", "sentences"),
                (1, took, loss * batch.size, batch.n_tokens, n_correct, batch.size),
                strict=True,
            ):
                acc[key] += value
            yield BatchEvent(
                epoch=self.epoch + 1,
                step=self.step,
                batches_per_epoch=len(batches),
                loss_per_sentence=loss,
                loss_per_token=loss * batch.size / batch.n_tokens,
                token_accuracy=n_correct / batch.n_tokens,
                tokens_per_s=batch.n_tokens / max(took, 1e-9),
                elapsed=self.train_seconds + acc["time"],
            )
            if self._check_due() and self._target_reached():
                self._reached = True  # this epoch ends here, validated as any other
                break
        self.epoch += 1
        self.train_seconds += acc["time"]
        self._acc = _new_sums()
        self._good = self._snapshot()
        tokens = acc["tokens"]
        event = self._validate(
            acc["loss"] / acc["sentences"], acc["loss"] / tokens, acc["correct"] / tokens
        )
        self._note_best(event)
        event.tokens_per_s = tokens / max(acc["time"], 1e-9)
        self.history.append({k: v for k, v in event.to_dict().items() if k != "attention"})
        yield event
        if self._reached or self._target_met(event):
            self._reached = False
            target = self.cfg.stop_at_exact_match
            msg = f"reached {event.valid_exact_match:.1%} validation exact match (target "
            msg += f"{target:.1%}) after {self.step} steps, in epoch {self.epoch}"
            return DoneEvent("reached", self.epoch, self.step, msg)
        return None

    def _target_met(self, event: EpochEvent) -> bool:
        target = self.cfg.stop_at_exact_match
        return target > 0 and event.n_valid > 0 and event.valid_exact_match >= target

    def _check_due(self) -> bool:
        """A target is set and this step is one where the validation exact match is checked."""
        every = self.cfg.check_every
        return self.cfg.stop_at_exact_match > 0 and every > 0 and self.step % every == 0

    def _target_reached(self) -> bool:
        """Greedy exact match on the validation pairs (what the epoch's validation reports)
        is at least `stop_at_exact_match`.

        For char and word targets, whose ids spell one text each, exact match on text is at
        most greedy's exact match counted in ids, which the teacher-forced sequence accuracy
        gives in one forward pass (`teacher_forced_scores`): below the target, nothing is
        decoded. (The exception, an output with a `<sos>` inside, which spells nothing, can
        only make a run stop later, never wrongly.) SentencePiece can spell one text with two
        id sequences: always decoded."""
        if not self.valid_pairs:
            return False
        target = self.cfg.stop_at_exact_match
        if self.tr.tgt_tok.kind in ("char", "word"):
            scores = teacher_forced_scores(self.tr, self.valid_pairs, encoded=self._encoded())
            if scores["sequence_accuracy"] < target:
                return False
        refs = [self.tr.tgt_tok.normalize(t) for _, t in self.valid_pairs]
        return exact_match(self.tr.translate([s for s, _ in self.valid_pairs]), refs) >= target

    def _encoded(self) -> EncodedPairs:
        """The validation pairs encoded, once for every check and validation."""
        if self._valid_enc is None:
            toks = self.tr.src_tok, self.tr.tgt_tok
            self._valid_enc = encode_within(self.valid_pairs, *toks, self.cfg.max_len)
        return self._valid_enc

    def _note_best(self, event: EpochEvent) -> None:
        """Remember this epoch's weights if its validation loss is the lowest so far."""
        if not self.valid_pairs or not math.isfinite(event.valid_loss_per_sentence):
            return
        # the weights that reached a target exact match are the ones kept
        if self._target_met(event) or event.valid_loss_per_sentence < self.best_valid_loss:
            self.best_epoch, self.best_valid_loss = event.epoch, event.valid_loss_per_sentence
            self._best_state = copy.deepcopy(self.tr.model.state_dict())
            self._at_best = True

    def _set_lr(self, batches_per_epoch: int) -> None:
        if self.cfg.lr_schedule == "constant":
            return
        total = max(1, self.cfg.epochs * batches_per_epoch)
        progress = min(1.0, self.step / total)
        for group in self.optimizer.param_groups:
            group["lr"] = self.cfg.lr * (1.0 - 0.9 * progress)

    def _train_step(self, batch: Batch, batches: int) -> tuple[float, int]:
        """One optimizer step; returns (loss summed over steps per sentence, correct tokens).

        A non-finite loss or gradient norm takes no step (the caller restores the last good
        state): NaN must not reach the weights or Adam's moments."""
        with run_generator(self.tr.model, self.generator):
            logits = self.tr.model(
                batch.src, batch.src_mask, batch.tgt_in, teacher_forcing=self.cfg.teacher_forcing
            )  # (B, T, V)
        flat = logits.reshape(-1, logits.size(-1))  # (B*T, V)
        gold = batch.tgt_out.reshape(-1)  # (B*T,)
        loss = F.cross_entropy(flat, gold, ignore_index=0, reduction="sum") / batch.size
        self.optimizer.zero_grad(set_to_none=True)
        if not torch.isfinite(loss):
            return float(loss.detach()), 0
        loss.backward()
        self._set_lr(batches)
        params = self.tr.model.parameters()
        norm = torch.nn.utils.clip_grad_norm_(params, self.cfg.clip, foreach=True)
        if not torch.isfinite(norm):
            return float("nan"), 0
        self.optimizer.step()
        with torch.no_grad():
            n_correct = int(((flat.argmax(-1) == gold) & (gold != 0)).sum())
        return loss.item(), n_correct

    def _validate(self, loss_s: float, loss_t: float, acc: float) -> EpochEvent:
        tr = self.tr
        scores = {"loss_per_sentence": 0.0, "loss_per_token": 0.0, "token_accuracy": 0.0}
        em, hyps = 0.0, []
        if self.valid_pairs:
            scores = teacher_forced_scores(tr, self.valid_pairs, encoded=self._encoded())
            refs = [tr.tgt_tok.normalize(t) for _, t in self.valid_pairs]
            hyps = tr.translate([s for s, _ in self.valid_pairs])
            em = exact_match(hyps, refs)
        samples = [Sample(s, t, h) for (s, t), h in zip(self.valid_pairs, hyps, strict=False)]
        trace = tr.trace(self.example[0])
        return EpochEvent(
            epoch=self.epoch,
            step=self.step,
            train_loss_per_sentence=loss_s,
            train_loss_per_token=loss_t,
            train_token_accuracy=acc,
            valid_loss_per_sentence=scores["loss_per_sentence"],
            valid_loss_per_token=scores["loss_per_token"],
            valid_token_accuracy=scores["token_accuracy"],
            valid_exact_match=em,
            tokens_per_s=0.0,
            elapsed=self.train_seconds,
            samples=samples[: self.cfg.samples],
            attention=trace.attention_matrix(),
            attention_src=trace.src_pieces,
            attention_out=[s.chosen_token for s in trace.steps],
            n_valid=len(self.valid_pairs),
        )


def _new_sums() -> dict[str, float]:
    return dict.fromkeys(("batches", "time", "loss", "tokens", "correct", "sentences"), 0.0)


_DIVERGED = (
    "The loss became NaN or infinite, so training stopped and went back to the end of the "
    "last finished epoch (weights and optimizer state). The learning rate ({lr}) is "
    "probably too high: try a smaller one."
)
