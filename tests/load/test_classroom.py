"""A classroom at once: 30 sessions against one `streamlit run app.py` on localhost.

26 students open the explorer on their own sentence (through the lesson link's query
string) and step through its decode (in the browser since issue 25: the first page holds
every step); 4 train a model on the everyday phrases (at most 2
train at a time: the others wait in the queue). Each session must see its own correct
results, no request may fail, and the server's memory must stay bounded. The figures
(requests, latency percentiles, peak memory) are printed; README.md records a run.

Sessions speak Streamlit's websocket protocol directly (tests/support/st_client.py): a browser
per student would measure chromium, not the app.
"""

from __future__ import annotations

import asyncio
import random
import time

import pytest

from seq2seq_core.checkpoints.pretrained import load_pretrained
from tests.support.app_server import serve_app
from tests.support.load import peak_rss_mb, step_percentiles, student_sentences
from tests.support.paths import REPO_ROOT
from tests.support.st_client import Run, Session

ROOT = REPO_ROOT
DECODERS, TRAINERS, STEPS = 26, 4, 5
MAX_RUNS = 2
TIME_LIMIT = 150.0  # seconds for the whole classroom
MEMORY_LIMIT_MB = 3000
pytestmark = pytest.mark.load


def _serve():
    return serve_app(max_runs=MAX_RUNS)


@pytest.fixture(scope="module")
def server():
    with _serve() as (url, proc):
        yield url, proc.pid


async def _decoder(url: str, sentence: str, expected: list[str], runs: dict) -> None:
    """Open the explorer on this student's sentence and step through its decode, reading
    each step for 0.5-1.5 s (a student, not a script: no think time at all measures a burst
    of 26 simultaneous clicks, which the GIL serializes)."""
    think = random.Random(sentence)
    # the player's lesson link names a step: the page opens on ③, the decoder's tab
    async with Session(url, {"model": "reverse", "sentence": sentence, "step": "1"}) as s:
        r = await s.rerun()
        runs["first page"].append(r)
        assert not r.exceptions(), r.exceptions()
        assert f"Translation: {' '.join(expected)}" in r.texts()
        # the decode player plays the steps in the browser (issue 25): no request per step;
        # the page sent them all, each input the previous step's choice
        await asyncio.sleep(think.uniform(0.5, 1.5))
        inputs = [step["in"] for step in r.player_steps()]
        assert inputs[1 : 1 + STEPS] == expected[:STEPS], inputs
        runs["decodes played"].append(r)


async def _trainer(url: str, runs: dict, seen: set[str]) -> None:
    """Pick the phrases, ask for 3 epochs, start, and poll until done."""
    async with Session(url) as s:
        runs["first page"].append(await s.rerun())
        r = await s.rerun(page="train")
        r = await s.click(r, "Use the everyday phrases")
        epochs = r.widget("number_input", "epochs")
        start = r.button("Start training")
        assert epochs and start, "the train page lost its form"
        r = await s.rerun(widgets=[(epochs, 3), (start[0], True)])
        runs["training page"].append(r)
        while "Done:" not in r.texts():
            assert not r.exceptions(), r.exceptions()
            seen.update(w for w in ("Waiting for a free slot", "target tokens") if w in r.texts())
            await asyncio.sleep(1.0)
            r = await s.rerun()
            runs["training page"].append(r)
        assert "Done: 3 epochs" in r.texts()
        assert "of the training pairs" in r.texts()  # this session's model, evaluated


async def _classroom(url: str) -> tuple[dict[str, list[Run]], set[str]]:
    sentences = student_sentences(DECODERS)
    model = load_pretrained("reverse")
    expected = [model.trace(s) for s in sentences]
    outs = [[st.chosen_token for st in tr.steps if st.chosen_token != "<eos>"] for tr in expected]
    runs: dict[str, list[Run]] = {"first page": [], "decodes played": [], "training page": []}
    seen: set[str] = set()
    async with Session(url) as teacher:  # the teacher opens the app before the class does
        assert not (await teacher.rerun()).exceptions()
    jobs = [_trainer(url, runs, seen) for _ in range(TRAINERS)]
    jobs += [_decoder(url, s, o, runs) for s, o in zip(sentences, outs, strict=True)]
    await asyncio.wait_for(asyncio.gather(*jobs), TIME_LIMIT)
    return runs, seen


@pytest.mark.full  # long: `python -m pytest -m full`
def test_thirty_sessions_at_once(server):
    url, pid = server
    start = time.perf_counter()
    runs, seen = asyncio.run(_classroom(url))
    wall = time.perf_counter() - start
    peak = peak_rss_mb(pid)
    every = [r for kind, rs in runs.items() if kind != "decodes played" for r in rs]
    print(f"\n{DECODERS + TRAINERS} sessions, {len(every)} script runs in {wall:.1f} s, "
          f"server peak memory {peak} MB")  # fmt: skip
    for kind, rs in runs.items():
        print(f"  {kind}: {step_percentiles(rs)}")
    ok = ("FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY")
    assert not [r.status for r in every if r.status not in ok]
    assert len(runs["decodes played"]) == DECODERS  # every step of each, from the first page
    assert "Waiting for a free slot" in seen  # 4 runs, 2 slots: the queue was used
    assert peak < MEMORY_LIMIT_MB


def _shipped_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((ROOT / "pretrained").iterdir()) if p.is_file()}


async def _start_long_training(url: str) -> None:
    async with Session(url) as s:
        await s.rerun()
        r = await s.rerun(page="train")
        r = await s.click(r, "Use the everyday phrases")
        epochs, start = r.widget("number_input", "epochs"), r.button("Start training")
        r = await s.rerun(widgets=[(epochs, 300), (start[0], True)])
        for _ in range(60):
            if "target tokens" in r.texts():  # batches are being trained
                return
            await asyncio.sleep(0.5)
            r = await s.rerun()
        pytest.fail("training did not start")


async def _first_page_works(url: str) -> None:
    async with Session(url, {"model": "reverse", "sentence": "1 2 3"}) as s:
        r = await s.rerun()
        assert not r.exceptions() and "Translation: 3 2 1" in r.texts()
        r = await s.rerun(page="train")
        assert not r.exceptions()


@pytest.mark.full  # two server starts and a training run: ~25-45 s
def test_killing_the_server_mid_training_leaves_nothing_corrupt():
    before = _shipped_files()
    with _serve() as (url, proc):
        asyncio.run(_start_long_training(url))
        proc.kill()  # no clean shutdown at all
        proc.wait(10)
    with _serve() as (url, _proc):
        asyncio.run(_first_page_works(url))
    assert _shipped_files() == before  # nothing the server holds on disk was touched
