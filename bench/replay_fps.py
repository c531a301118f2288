"""How fast the in-browser replay (nnviz/ui/replay.py) plays, in headless chromium.

Run: python -m bench.replay_fps [--seconds 6] [--repeats 2]
     python -m bench.replay_fps --pages        (the lesson pages themselves, after training)

Starts `streamlit run tests/e2e/replay_app.py` (synthetic frames, no torch) and opens it for
three pictures: "probability" (a 50 x 50 grid, 300 frames, 200 points), "classes" (3 classes,
50 x 50, 300 frames) and "scatter" (300 points, 300 frames). For each it plays the run and
reads what the component reports about itself once a second: `data-fps` (pictures drawn per
second while playing) and `data-draw-ms` (the mean time one frame took to draw). The peer, in
the same page over the same seconds, is the browser's own animation-frame rate: the most any
requestAnimationFrame player can draw. At 1x the replay asks for 30 run frames a second (so
about 30 is the most it can show); at 4x it asks for 120, so it draws on every animation frame
the browser gives it. Target: >= 24 frames a second.

`--pages` measures the real lessons instead: `streamlit run app.py`, each training page opened
by its URL with its default settings, Train clicked, and once the run is done ("Train again")
its replay played from the first frame at 1x, sampled the same way (a default run records
about 100 frames, so a faster speed ends before a one-second sample does).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.memory import ROOT, start_server

SCRIPT = "tests/e2e/replay_app.py"
CASES = {
    "probability 50x50, 300 frames": "kind=probability&grid=50&frames=300",
    "classes (3) 50x50, 300 frames": "kind=classes&grid=50&frames=300",
    "scatter 300 points, 300 frames": "kind=scatter&points=300&frames=300",
}
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_MS = 120_000
PAGES = {  # page path, its training widget's key
    "hello": ("hello", "hello"),
    "binary": ("binary", "bin"),
    "multi-class": ("multiclass", "mc"),
    "regression": ("regression", "reg_houses"),
}

# Reads the replay's attributes (inside its shadow root) and counts the page's own animation
# frames over `ms` milliseconds, all in the page.
_SAMPLE = """async ([ms]) => {
    const root = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
        .map(e => e.shadowRoot && e.shadowRoot.querySelector('.nnviz-replay')).find(Boolean);
    let frames = 0;
    let going = true;
    const count = () => { frames += 1; if (going) requestAnimationFrame(count); };
    requestAnimationFrame(count);
    const start = performance.now();
    await new Promise(r => setTimeout(r, ms));
    going = false;
    const seconds = (performance.now() - start) / 1000;
    return {raf: frames / seconds, fps: Number(root.dataset.fps),
            drawMs: Number(root.dataset.drawMs), playing: root.dataset.playing};
}"""


def measure(pg, base: str, query: str, speed: str, seconds: float) -> dict:
    pg.goto(f"{base}/?{query}", timeout=WAIT_MS)
    return play(pg, speed, seconds)


def train_page(pg, base: str, path: str, key: str) -> None:
    """Open a lesson, train it with its defaults, and wait for the run to end."""
    pg.goto(f"{base}/{path}", timeout=WAIT_MS)
    pg.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                         timeout=WAIT_MS)
    button = pg.locator(f".st-key-{key}_train button")
    button.wait_for(timeout=WAIT_MS)
    button.click()
    pg.get_by_role("button", name="Train again").wait_for(timeout=WAIT_MS)
    pg.locator(".nnviz-replay").scroll_into_view_if_needed()


def play(pg, speed: str, seconds: float) -> dict:
    """Play the replay on the page from its first frame and sample it for `seconds`."""
    pg.wait_for_selector(".nnviz-replay button.play:not([disabled])", timeout=WAIT_MS)
    pg.locator(".nnviz-replay select").select_option(speed)
    pg.locator(".nnviz-replay input.scrub").fill("0")  # pauses at the first frame
    pg.locator(".nnviz-replay button.play").click()
    pg.wait_for_timeout(1200)  # let one whole fps interval pass while playing
    readings = []
    # At 4x a 300-frame run lasts 2.5 s: sample in 1 s windows, restarting when it ends.
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        r = pg.evaluate(_SAMPLE, [1050])
        if r["playing"] == "true" and r["fps"] > 0:
            readings.append(r)
        else:
            pg.locator(".nnviz-replay input.scrub").fill("0")
            pg.locator(".nnviz-replay button.play").click()
            pg.wait_for_timeout(1100)
    if not readings:
        raise RuntimeError(f"no readings while playing at {speed}x")
    return {
        "fps": statistics.median(r["fps"] for r in readings),
        "fps_min": min(r["fps"] for r in readings),
        "raf": statistics.median(r["raf"] for r in readings),
        "draw_ms": statistics.median(r["drawMs"] for r in readings),
        "samples": len(readings),
    }


def payload_kb(query: str) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / SCRIPT), default_timeout=60)
    for pair in query.split("&"):
        k, v = pair.split("=")
        at.query_params[k] = v
    at.run()
    return len(at.get("bidi_component")[0].proto.bytes) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="seconds sampled per case")
    parser.add_argument("--repeats", type=int, default=2, help="runs of every case")
    parser.add_argument("--pages", action="store_true", help="the trained lesson pages")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server("app.py" if args.pages else SCRIPT, ROOT, Path(tmp))
        server.sampler.stop()  # bench.memory's RSS sampler: not needed here
        base = server.base
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS,
                                            headless=True)
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                pg = context.new_page()
                print(f"load average {os.getloadavg()[0]:.1f}")
                print(f"{'case':34} {'speed':>5} {'fps':>6} {'min':>6} {'rAF/s':>6} "
                      f"{'ratio':>6} {'draw ms':>8} {'payload':>9}")
                for name, query in (PAGES if args.pages else CASES).items():
                    if args.pages:
                        train_page(pg, base, *query)
                    size = math.nan if args.pages else payload_kb(query)
                    # A lesson's default run is ~100 frames: at 4x it is over in under a second.
                    for speed in ("1",) if args.pages else ("1", "4"):
                        for _ in range(args.repeats):
                            r = (play(pg, speed, args.seconds) if args.pages
                                 else measure(pg, base, query, speed, args.seconds))
                            print(f"{name:34} {speed + 'x':>5} {r['fps']:6.1f} "
                                  f"{r['fps_min']:6.1f} {r['raf']:6.1f} "
                                  f"{r['fps'] / r['raf']:6.2f} {r['draw_ms']:8.2f} "
                                  + ("        —" if math.isnan(size) else f"{size:7.0f}kB"),
                                  flush=True)
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
