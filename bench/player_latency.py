"""The decode player's latency in chromium (issue 25): key press -> screen changed.

For the Lecture page and the Decode page's decoder view (③) of a local app, and for the
offline lesson file opened from disk with the network blocked: each key press is
dispatched in the page and timed to the next painted frame (requestAnimationFrame, then
the task after it), p50 and p95 over every step of the default sentence, forwards then
backwards, `--rounds` times; in the lesson file also the main-thread CPU per press
(chromium's trace, large text); the websocket frames the browser sends meanwhile are counted
(the goal is none). Also the 30-student figures this replaces are in bench/RESULTS.md.

    python -m bench.player_latency [--rounds 5] [--json out.json] [--offline-only]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from seq2seq_core.checkpoints.pretrained import load_pretrained
from seq2seq_core.data.corpora import load_builtin
from tests.support.app_server import serve_app
from tests.support.player_browser import LATENCY_JS, ROOT_JS
from ui.player import offline

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = "/usr/bin/chromium"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def _measure(page, rounds: int) -> dict:
    times: list[float] = []
    for _ in range(rounds):
        page.evaluate(f"{ROOT_JS} && document.dispatchEvent(new KeyboardEvent('keydown', "
                      "{key: 'Home', bubbles: true}))")  # fmt: skip
        times += page.evaluate(LATENCY_JS, ["ArrowRight", 200])
        times += page.evaluate(LATENCY_JS, ["ArrowLeft", 200])
    return {
        "presses": len(times),
        "p50_ms": _pct(times, 0.5),
        "p95_ms": _pct(times, 0.95),
        "max_ms": round(max(times), 1),
        "mean_ms": round(statistics.mean(times), 1),
    }


def _app(browser, url: str, tab: str | None, rounds: int) -> dict:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(180_000)  # a loaded shared machine: pages open slowly
    sent: list[object] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(f)))
    page.goto(url)
    if tab:
        page.get_by_role("tab", name=tab).click()
    page.locator("[data-role='story'] svg").wait_for()
    page.wait_for_timeout(2000)
    before = len(sent)
    out = _measure(page, rounds)
    page.wait_for_timeout(500)
    out["messages_sent_while_stepping"] = len(sent) - before
    out["messages_per_step"] = round((len(sent) - before) / out["presses"], 3)
    page.close()
    return out


def _offline(browser, rounds: int) -> dict:
    tr = load_pretrained("en-ko-attention")
    pairs = sorted(load_builtin("en-ko", "test"), key=lambda p: -len(p[0]))[:10]
    made = time.perf_counter()
    data = offline.lesson_html(tr, pairs, "ko", "en-ko-attention")
    seconds = time.perf_counter() - made
    path = Path(tempfile.mkdtemp()) / "lesson.html"
    path.write_bytes(data)
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    blocked: list[str] = []

    def route(r):
        if r.request.url.split("?")[0] == path.as_uri():
            return r.continue_()
        blocked.append(r.request.url)
        return r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(path.as_uri())
    page.locator("[data-role='story'] svg").wait_for()
    played = 0
    for i in range(10):
        page.locator("[data-role='sentence']").select_option(str(i))
        page.keyboard.press("Home")
        while not page.locator("[data-role='next']").is_disabled():
            page.keyboard.press("ArrowRight")
            played += 1
    out = _measure(page, rounds)
    page.evaluate("document.documentElement.style.fontSize = '20px'")  # the large text
    out["cpu_per_press_large_text"] = _cpu_per_press(browser, page)
    context.close()
    return {**out, "file_bytes": len(data), "seconds_to_build": round(seconds, 2),
            "sentences": 10, "steps_played": played, "requests_refused": len(blocked)}  # fmt: skip


TRACED = ("RunTask", "EventDispatch", "FireAnimationFrame", "Layout", "UpdateLayoutTree",
          "Paint")  # fmt: skip


def _cpu_per_press(browser, page, presses: int = 30) -> dict:
    """Main-thread CPU per key press (chromium's devtools.timeline trace, each event's
    thread time `tdur`, summed by name): less sensitive to the machine's load than wall
    time. `presses` ArrowRight then as many ArrowLeft, twice, 50 ms apart."""
    page.keyboard.press("Home")
    page.wait_for_timeout(500)
    categories = ["devtools.timeline", "disabled-by-default-devtools.timeline"]
    browser.start_tracing(page=page, categories=categories)
    for _ in range(2):
        for key in ("ArrowRight", "ArrowLeft"):
            for _ in range(presses):
                page.keyboard.press(key)
                page.wait_for_timeout(50)
    page.wait_for_timeout(400)
    events = json.loads(browser.stop_tracing())
    events = events["traceEvents"] if isinstance(events, dict) else events
    names = [e for e in events if e.get("name") == "thread_name"]
    main = {(e["pid"], e["tid"]) for e in names if e["args"].get("name") == "CrRendererMain"}
    total = dict.fromkeys(TRACED, 0.0)
    for e in events:
        if e.get("ph") == "X" and e.get("name") in total and (e["pid"], e["tid"]) in main:
            total[e["name"]] += e.get("tdur", 0) / 1000
    return {f"{k}_ms": round(v / (4 * presses), 2) for k, v in total.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--offline-only", action="store_true", help="no app: the lesson file")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": platform.platform(),
                     "cpus": os.cpu_count(), "load_before": os.getloadavg()}  # fmt: skip
    with contextlib.ExitStack() as stack:
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        results["chromium"] = browser.version
        if not args.offline_only:
            url, _proc = stack.enter_context(serve_app(max_runs=1))
            results["lecture"] = _app(browser, url + "/lecture", None, args.rounds)
            results["decode"] = _app(browser, url, "③ Decoder, step by step", args.rounds)
        results["offline"] = _offline(browser, args.rounds)
        browser.close()
    results["load_after"] = os.getloadavg()
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
