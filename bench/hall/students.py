"""The students of a hall load test, speaking Streamlit's protocol (bench/hall/client.py):

  explorer   opens the explorer through a lesson link on its own sentence, checks the
             translation, then steps the decoder (next, next, ...) with 0.5-1.5 s of reading
             between clicks, checking each step's input token
  trainer    picks the everyday phrases on the Train page (or uploads a corpus file on the
             Data page, through the balancer as the browser does), starts one run and polls
             the page every second until it says Done

Nothing raises out of a student: whatever went wrong (an exception element, an unfinished
script run, a websocket or HTTP error, a wrong page, a run that failed or never finished)
is recorded in the shared `Record` as a failure, so one run reports every problem at once.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

from bench.hall.client import HallSession, Tally
from tests.support.st_client import FINISHED, Run

STEPS = 5
UPLOAD_LABEL = "one file (TSV or CSV)"  # ui/pages/data.py, upload_one
DONE, FAILED = "Done:", ("Training failed", "Training stopped", "Stopped after step")


@dataclass
class TrainRecord:
    """One session's training run: when it was asked for, started and done (perf seconds)."""

    pressed: float = 0.0
    running: float = 0.0
    done: float = 0.0
    outcome: str = ""


@dataclass
class Record:
    """What every session saw."""

    runs: dict[str, list[Run]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    trainings: list[TrainRecord] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    def add(self, kind: str, run: Run) -> Run:
        """Keep a script run; an exception element or an unfinished run is a failure."""
        self.runs.setdefault(kind, []).append(run)
        if run.exceptions():
            raise AssertionError(f"{kind}: exception {run.exceptions()[0][:200]}")
        if run.status not in FINISHED:
            raise AssertionError(f"{kind}: script run ended {run.status}")
        return run

    def seconds(self, kind: str) -> list[float]:
        return sorted(r.seconds for r in self.runs.get(kind, []))


def _all_text(run: Run) -> str:
    """What the page says, with progress bars' text (the run's status is one)."""
    bars = [el.progress.text for el in run.elements if el.WhichOneof("type") == "progress"]
    return "\n".join([run.texts(), *bars])


def reverse_corpus(n: int = 300, seed: int = 0) -> bytes:
    """A small TSV corpus a student might upload: digit sequences and their reversal."""
    rng = random.Random(seed)
    lines = []
    for _ in range(n):
        src = [str(rng.randint(1, 20)) for _ in range(rng.randint(3, 7))]
        lines.append(" ".join(src) + "\t" + " ".join(reversed(src)))
    return ("\n".join(lines) + "\n").encode()


async def explorer(
    url: str, rec: Record, sentence: str, expected: list[str], delay: float = 0.0
) -> None:
    """Open the lesson link, check the translation and the decode player's first STEPS
    steps (played in the browser since issue 25: no request per step)."""
    await asyncio.sleep(delay)
    think = random.Random(sentence)
    try:
        # the player's lesson link names a step: the page opens on ③, the decoder's tab
        link = {"model": "reverse", "sentence": sentence, "step": "1"}
        async with HallSession(url, rec.tally, link) as s:
            r = rec.add("first page", await s.rerun())
            if f"Translation: {' '.join(expected)}" not in r.texts():
                raise AssertionError(f"wrong translation for {sentence!r}")
            # the decode player plays the steps in the browser (issue 25): no request per
            # step; the first page holds them all
            await asyncio.sleep(think.uniform(0.5, 1.5))
            if [x["in"] for x in r.player_steps()][1 : 1 + STEPS] != expected[:STEPS]:
                raise AssertionError(f"the player's steps of {sentence!r} are wrong")
    except Exception as e:
        rec.failures.append(f"explorer: {e!r}"[:300])


async def _pick_corpus(s: HallSession, rec: Record, upload: bytes | None, name: str) -> Run:
    """The Train page with a corpus chosen: the phrases button, or an upload on Data."""
    if upload is None:
        r = rec.add("training page", await s.rerun(page="train"))
        return rec.add("training page", await s.click(r, "Use the everyday phrases"))
    r = rec.add("data page", await s.rerun(page="data"))
    radio = _source_radio(r)
    r = rec.add("data page", await s.rerun(widgets=[(radio.id, radio.options[1])]))
    uploader = r.widget("file_uploader", UPLOAD_LABEL)
    if uploader is None:
        raise AssertionError("the Data page shows no corpus uploader")
    r = rec.add("upload", await s.upload(uploader, name, upload))
    if "read" not in r.texts():
        raise AssertionError(f"the uploaded corpus was not read: {r.texts()[:200]!r}")
    return rec.add("training page", await s.rerun(page="train"))


def _source_radio(run: Run):
    """The Data page's source choice (the radio keyed data_src; option 1 is "one file")."""
    for el in run.elements:
        if el.WhichOneof("type") == "radio" and el.radio.id.endswith("-data_src"):
            return el.radio
    raise AssertionError("the Data page shows no source choice")


async def trainer(
    url: str,
    rec: Record,
    epochs: int,
    upload: bytes | None = None,
    name: str = "corpus.tsv",
    delay: float = 0.0,
    limit: float = 600.0,
) -> None:
    """Choose a corpus, start one run of `epochs` epochs, poll each second until Done."""
    await asyncio.sleep(delay)
    tr = TrainRecord()
    rec.trainings.append(tr)
    try:
        async with HallSession(url, rec.tally) as s:
            rec.add("first page", await s.rerun())
            r = await _pick_corpus(s, rec, upload, name)
            field_id, start = r.widget("number_input", "epochs"), r.button("Start training")
            if not (field_id and start):
                raise AssertionError("the Train page lost its form")
            r = await s.rerun(widgets=[(field_id, epochs), (start[0], True)])
            tr.pressed = time.perf_counter()
            rec.add("training page", r)
            while DONE not in r.texts():
                if any(f in r.texts() for f in FAILED):
                    raise AssertionError(f"run ended without Done: {r.texts()[-300:]!r}")
                if not tr.running and "Training: epoch" in _all_text(r):
                    tr.running = time.perf_counter()
                if time.perf_counter() - tr.pressed > limit:
                    raise AssertionError(f"run not done after {limit:.0f} s")
                await asyncio.sleep(1.0)
                r = rec.add("training page", await s.rerun())
            tr.done = time.perf_counter()
            tr.running = tr.running or tr.done
            tr.outcome = "done"
    except Exception as e:
        tr.outcome = "failed"
        rec.failures.append(f"trainer: {e!r}"[:300])
