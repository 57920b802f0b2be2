"""A classroom under attack: 30 sessions against one `streamlit run app.py`, four of them
trying to make the server hold too much while 26 students decode (issue 16, "Memory and CPU
budgets"). Everything goes through Streamlit's websocket protocol (tests/support/st_client.py), as
a browser's messages would, including what a browser would not send (a text box's value far
over its `max_chars`).

The attackers, one memory case each:
  text    a 10,000,000-character lesson link and text-box value (the server closes a client
          message over 1 MB, server.maxWidgetStateSize), a 500,000-character link (the lesson
          cuts it), then 900,000-character sentences in the explorer's text box: each page
          says the sentence was cut, none stalls the rest.
  budget  the Train page at the largest batch it offers (512) and vocabulary (8,000), a
          bigger hidden size, on the built-in grammar corpus: refused with the estimate.
  runs    the Train page's run and the experiments' live runs started in turn, again and
          again: the page warns that one stops the other, and the other is stopped.
  cache   many distinct 1,000-character sentences (the text cap) in the explorer on the
          shipped model with the largest vocabulary: the session's trace cache stays bounded.

Asserted: no session sees an exception element or a websocket error, the decoders see their
own correct steps, each attacker sees its refusal or cut message, the server's peak memory
(VmHWM) stays under the README's server budget for this server's run slots, and the decoders'
steps stay responsive. The figures are printed. bench/load_attack.py runs more rounds.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

import pytest
import websockets

from seq2seq_core.checkpoints.pretrained import load_pretrained
from seq2seq_core.training.budget import MAX_TEXT_CHARS, RUN_BUDGET
from tests.support.app_server import serve_app
from tests.support.load import (
    largest_vocabulary_model,
    peak_rss_mb,
    step_percentiles,
    student_sentences,
)
from tests.support.st_client import FINISHED, Run, Session
from ui.services.caches import SERVER_BYTES

DECODERS, STEPS, MAX_RUNS = 26, 5, 2
# The README's server budget ("Budgets"): about 0.6 GB for the app and its shipped models,
# the caches' server bound, and one per-run budget per run slot.
APP_MB = 600
SERVER_BUDGET_MB = APP_MB + (SERVER_BYTES + MAX_RUNS * RUN_BUDGET) // 2**20
STEP_P95_S, STEP_MAX_S = 8.0, 20.0  # a decoder's step on a 2-core machine under attack
TIME_LIMIT = 240.0
pytestmark = pytest.mark.load

CUT = "The sentence was long"  # the explorer's note on a cut sentence (ui/text/explore.py)
REFUSED = "over the per-run budget"  # ui/text/budgets.py, run_over_budget
ONE_JOB = "One training job per student"  # ui/text/budgets.py, one_job
STOPPED = "Stopped after step"  # the Train page's run, stopped by the experiment's
EXP_STOPPED = ": stopped after"  # an experiment's run, stopped by the Train page's
WORDS = ("she", "he", "they", "reads", "drinks", "eats", "a", "the", "book", "coffee", "apple",
         "tomorrow", "not")  # fmt: skip


@dataclass
class Rounds:
    """How hard each attacker tries (the bench runs more)."""

    text: int = 3
    runs: int = 2
    cache: int = 12


@dataclass
class Seen:
    """What the sessions saw: every script run by kind, and the attackers' messages."""

    runs: dict[str, list[Run]] = field(default_factory=dict)
    messages: dict[str, int] = field(default_factory=dict)
    decoded: int = 0  # decoders whose first page held their whole decode

    def add(self, kind: str, run: Run) -> Run:
        """Record a script run; fail on an exception element or an unfinished run."""
        self.runs.setdefault(kind, []).append(run)
        assert not run.exceptions(), (kind, run.exceptions())
        assert run.status in FINISHED, (kind, run.status)
        return run

    def saw(self, message: str, run: Run) -> bool:
        found = message in _all_text(run)
        if found:
            self.messages[message] = self.messages.get(message, 0) + 1
        return found


def _all_text(run: Run) -> str:
    """What the page says, with progress bars' and captions' text."""
    out = [run.texts()]
    for el in run.elements:
        kind = el.WhichOneof("type")
        if kind == "progress":
            out.append(el.progress.text)
    return "\n".join(out)


# -- the students ---------------------------------------------------------------------------
async def _decoder(url: str, sentence: str, expected: list[str], seen: Seen) -> None:
    """Open the explorer through a lesson link and step through the decode (test_load.py's
    student, recording into `seen`)."""
    think = random.Random(sentence)
    # the player's lesson link names a step: the page opens on ③, the decoder's tab
    async with Session(url, {"model": "reverse", "sentence": sentence, "step": "1"}) as s:
        r = seen.add("first page", await s.rerun())
        assert f"Translation: {' '.join(expected)}" in r.texts()
        await asyncio.sleep(think.uniform(0.5, 1.5))  # steps play in the browser (issue 25)
        inputs = [step["in"] for step in r.player_steps()]
        assert inputs[1 : 1 + STEPS] == expected[:STEPS], inputs
        seen.decoded += 1


# -- the attackers --------------------------------------------------------------------------
async def _long_text(url: str, seen: Seen, rounds: int) -> None:
    huge = ("7 " * 5_000_000)[:10_000_000]
    async with Session(url, {"model": "reverse", "sentence": huge}) as s:
        # a client message over 1 MB (server.maxWidgetStateSize): the server closes it
        with pytest.raises(websockets.ConnectionClosed):
            await s.rerun()
        seen.messages["closed"] = seen.messages.get("closed", 0) + 1
    async with Session(url, {"model": "reverse", "sentence": huge[:500_000]}) as s:
        r = seen.add("attack", await s.rerun())
        assert seen.saw(CUT, r), "a 500,000-character link was not cut"
        s.query = "model=reverse"  # the page rewrote the address bar to the cut link
        box = r.widget("text_input", "Sentence to translate")
        for i in range(rounds):  # distinct sentences: none is a cache hit
            await asyncio.sleep(0.5)
            text = f"{i} {huge[: 900_000 - len(str(i)) - 1]}"  # under the 1 MB message limit
            r = seen.add("attack", await s.rerun(widgets=[(box, text)]))
            assert seen.saw(CUT, r), "a 900,000-character sentence was not cut"
            with pytest.raises(websockets.ConnectionClosed):  # 10,000,000: closed
                async with Session(url, {"model": "reverse"}) as big:
                    await big.rerun(widgets=[(box, huge)])


async def _over_budget(url: str, seen: Seen) -> None:
    async with Session(url) as s:
        seen.add("attack", await s.rerun())
        r = seen.add("attack", await s.rerun(page="data"))
        r = seen.add("attack", await s.click(r, "Use this corpus"))  # the grammar corpus
        vocab = r.widget("number_input", "Vocabulary size (at most)")
        seen.add("attack", await s.rerun(widgets=[(vocab, 8000)]))
        r = seen.add("attack", await s.rerun(page="train"))
        batch = r.widget("number_input", "batch size")
        hidden = r.widget("number_input", "hidden size")
        r = seen.add("attack", await s.rerun(widgets=[(batch, 512), (hidden, 256)]))
        r = seen.add("attack", await s.click(r, "Start training"))
        assert seen.saw(REFUSED, r), "a run over the per-run budget was not refused"
        assert "MB of memory" in r.texts() and "A batch size of at most" in r.texts()


async def _many_runs(url: str, seen: Seen, rounds: int) -> None:
    """Start the Train page's run, then the experiment's pair, in turn: each start stops
    the session's other job."""
    async with Session(url) as s:
        seen.add("attack", await s.rerun())
        r = seen.add("attack", await s.rerun(page="train"))
        r = seen.add("attack", await s.click(r, "Use the everyday phrases"))
        epochs = r.widget("number_input", "epochs")
        r = seen.add("attack", await s.rerun(widgets=[(epochs, 300)]))
        r = seen.add("attack", await s.click(r, "Start training"))
        for _ in range(rounds):
            r = await _until(s, "experiments", ONE_JOB, seen)
            r = seen.add("attack", await s.click(r, "▶ Train both models"))
            # a stop is cooperative (the run ends at its next batch): poll until it shows
            r = await _until(s, "train", STOPPED, seen)
            assert seen.saw(ONE_JOB, r), "the Train page did not say one job per student"
            r = seen.add("attack", await s.click(r, "Start a new run"))
            await _until(s, "experiments", EXP_STOPPED, seen)
        r = seen.add("attack", await s.rerun(page="train"))
        r = seen.add("attack", await s.click(r, "Stop"))  # leave the slots to the next test


async def _until(s: Session, page: str, message: str, seen: Seen, tries: int = 20) -> Run:
    """Open `page` every half second until it says `message` (fail after `tries`)."""
    for _ in range(tries):
        await asyncio.sleep(0.5)
        r = seen.add("attack", await s.rerun(page=page))
        if seen.saw(message, r):
            return r
    pytest.fail(f"the {page} page never said {message!r}: one job per session not kept")


async def _many_sentences(url: str, model: str, seen: Seen, rounds: int) -> None:
    rng = random.Random(11)
    words = WORDS
    async with Session(url, {"model": model}) as s:
        r = seen.add("attack", await s.rerun())
        s.query = ""
        box = r.widget("text_input", "Sentence to translate")
        for _ in range(rounds):
            text = " ".join(rng.choice(words) for _ in range(400))[:MAX_TEXT_CHARS]
            r = seen.add("attack", await s.rerun(widgets=[(box, text)]))
            assert "Translation:" in r.texts()
        assert seen.saw(CUT, r)  # 1,000 characters are more tokens than the length limit


async def classroom(url: str, rounds: Rounds) -> Seen:
    """The teacher first, then 26 decoding students and the 4 attackers at once."""
    sentences = student_sentences(DECODERS)
    model = load_pretrained("reverse")
    traces = [model.trace(s) for s in sentences]
    outs = [[st.chosen_token for st in tr.steps if st.chosen_token != "<eos>"] for tr in traces]
    seen = Seen()
    async with Session(url) as teacher:
        seen.add("first page", await teacher.rerun())
    jobs = [
        _long_text(url, seen, rounds.text),
        _over_budget(url, seen),
        _many_runs(url, seen, rounds.runs),
        _many_sentences(url, largest_vocabulary_model(), seen, rounds.cache),
    ]
    jobs += [_decoder(url, s, o, seen) for s, o in zip(sentences, outs, strict=True)]
    await asyncio.wait_for(asyncio.gather(*jobs), TIME_LIMIT)
    return seen


def step_seconds(seen: Seen) -> tuple[float, float, float]:
    """p50, p95 and max of the decoders' first pages (which hold every step since the
    decode player, issue 25), in seconds."""
    s = sorted(r.seconds for r in seen.runs.get("first page", []))
    return s[len(s) // 2], s[min(len(s) - 1, int(0.95 * len(s)))], s[-1]


def report(seen: Seen, wall: float, peak_mb: int) -> str:
    every = sum(len(v) for v in seen.runs.values())
    p50, p95, top = step_seconds(seen)
    lines = [
        f"{DECODERS + 4} sessions (4 attacking), {every} script runs in {wall:.1f} s",
        f"server peak memory (VmHWM) {peak_mb} MB, budget {SERVER_BUDGET_MB} MB "
        f"({APP_MB} MB app + {SERVER_BYTES // 2**20} MiB caches + {MAX_RUNS} runs x "
        f"{RUN_BUDGET // 2**20} MiB)",
        f"decoder page: p50 {1000 * p50:.0f} ms, p95 {1000 * p95:.0f} ms, max {1000 * top:.0f} ms",
    ]
    lines += [f"  {kind}: {step_percentiles(rs)}" for kind, rs in seen.runs.items()]
    lines += [f"  seen {count}x: {msg!r}" for msg, count in seen.messages.items()]
    return "\n".join(lines)


def check(seen: Seen, peak_mb: int) -> None:
    assert seen.decoded == DECODERS
    for message in (CUT, REFUSED, ONE_JOB, STOPPED, EXP_STOPPED):
        assert seen.messages.get(message), f"no attacker saw {message!r}"
    _p50, p95, top = step_seconds(seen)
    assert p95 < STEP_P95_S and top < STEP_MAX_S, "the attacks stalled the decoders"
    assert peak_mb < SERVER_BUDGET_MB


@pytest.mark.full  # thirty sessions: ~35-60 s
def test_thirty_sessions_four_attacking():
    with serve_app(max_runs=MAX_RUNS) as (url, proc):
        start = time.perf_counter()
        seen = asyncio.run(classroom(url, Rounds()))
        wall = time.perf_counter() - start
        peak = peak_rss_mb(proc.pid)
    print("\n" + report(seen, wall, peak))
    check(seen, peak)
