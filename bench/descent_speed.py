"""How fast the gradient-descent lesson computes: a 500-step walk, the loss grid, a page rerun.

Run: python -m bench.descent_speed [--repeats 20]

Absolute times depend on the machine, so each number comes with a peer measured in the same run:
- a 500-step walk in numpy (nnviz.lessons.descent) against the same walk with torch.optim on the CPU
  (torch.autograd computing each slope), for plain gradient descent, momentum and Adam;
- the loss grid the map draws, one vectorized numpy call against a point-by-point Python loop;
- the page's rerun after a control change (AppTest), against a bare Streamlit page with one
  slider and one table: the AppTest round trip, and the script's own wall and CPU time (the
  server's share of what a visitor waits for; the round trip adds AppTest's polling).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import streamlit.runtime.scriptrunner.script_runner as script_runner
import torch
from streamlit.testing.v1 import AppTest

from nnviz.charts.descent import grid_size
from nnviz.lessons import descent
from nnviz.lessons.descent import surfaces
from nnviz.lessons.descent.optimizers import Optimizer

ROOT = Path(__file__).resolve().parents[1]
PAGE = "app_pages/descent.py"
STEPS = 500

FLOOR_PAGE = """
import pandas as pd
import streamlit as st
w = st.slider("w", -300000.0, 300000.0, 100000.0, key="w")
st.table(pd.DataFrame({"Price": [w * 4]}))
"""

WALKS = [
    ("gradient descent", "ravine", Optimizer("sgd", 0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
    ("momentum", "ravine", Optimizer("momentum", 0.05, 0.9),
     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    ("Adam", "banana", Optimizer("adam", 0.05), lambda p: torch.optim.Adam(p, lr=0.05)),
]

# (view, control kind, key, two values to alternate between)
RERUNS = [
    ("one weight", "one", "select_slider", "gd_w1_lr", (0.002, 0.005)),
    ("two weights", "two", "select_slider", "gd_lr", (0.001, 0.002)),
    ("two weights, 500 steps", "two", "number_input", "gd_steps", (499, 500)),
    ("race of three", "race", "select_slider", "gd_r1_lr", (0.001, 0.002)),
]


def median_time(repeats: int, fn, *args) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def torch_walk(s, make_opt, steps=STEPS):
    p = torch.tensor(s.start, dtype=torch.float64, requires_grad=True)
    opt = make_opt([p])
    for _ in range(steps):
        opt.zero_grad()
        s.height(p[0], p[1]).backward()
        opt.step()
    return p.detach().numpy()


def bench_walks(repeats: int) -> None:
    print(f"\n500-step walk{'':<19}{'nnviz (numpy)':>15}{'torch.optim':>14}{'speed-up':>10}")
    for label, key, ours, theirs in WALKS:
        s = surfaces.surface_by_key(key)
        mine = median_time(repeats, descent.walk, s.loss, s.gradient, s.start, ours, STEPS)
        peer = median_time(repeats, torch_walk, s, theirs)
        end = descent.walk(s.loss, s.gradient, s.start, ours, STEPS).points[-1]
        assert np.allclose(end, torch_walk(s, theirs), rtol=1e-6, atol=1e-6)  # same walk
        print(f"{label:<32}{mine * 1e3:>12.1f} ms{peer * 1e3:>11.1f} ms{peer / mine:>9.1f}x")


def bench_grid(repeats: int) -> None:
    print(f"\nloss grid{'':<23}{'numpy':>15}{'Python loop':>14}{'speed-up':>10}")
    for key in ("house", "banana"):
        s = surfaces.surface_by_key(key)
        for nx, ny in (grid_size(s), (200, 200)):
            fast = median_time(repeats, surfaces.grid, s, nx, ny)
            slow = median_time(max(3, repeats // 4), surfaces.grid_by_loop, s, nx, ny)
            label = f"{s.key}, {nx}x{ny}"
            print(f"{label:<32}{fast * 1e3:>12.2f} ms{slow * 1e3:>11.1f} ms{slow / fast:>9.0f}x")


SCRIPT_TIMES: list[tuple[float, float]] = []
_run_script = script_runner.exec_func_with_error_handling


def _timed_run_script(func, ctx):
    """The script's own run, timed on the thread that runs it: the server's share of a rerun."""
    wall, cpu = time.perf_counter(), time.thread_time()
    try:
        return _run_script(func, ctx)
    finally:
        SCRIPT_TIMES.append((time.perf_counter() - wall, time.thread_time() - cpu))


def time_reruns(at: AppTest, kind: str, key: str, values, repeats: int):
    """Median AppTest round trip, and median wall and CPU time of the script itself."""
    round_trip = []
    SCRIPT_TIMES.clear()
    for i in range(repeats):
        widget = getattr(at, kind)(key=key).set_value(values[i % 2])
        start = time.perf_counter()
        widget.run()
        round_trip.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    script_wall = statistics.median(t[0] for t in SCRIPT_TIMES)
    script_cpu = statistics.median(t[1] for t in SCRIPT_TIMES)
    return statistics.median(round_trip), script_wall, script_cpu


def open_lesson(view: str) -> AppTest:
    app = ROOT / "app.py"
    if PAGE in app.read_text():
        at = AppTest.from_file(str(app), default_timeout=60).run()
        at.query_params["gd_view"] = view
        return at.switch_page(PAGE).run()
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=60)
    at.query_params["gd_view"] = view
    return at.run()


def bench_reruns(repeats: int) -> None:
    script_runner.exec_func_with_error_handling = _timed_run_script
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "floor.py"
        script.write_text(FLOOR_PAGE)
        floor_at = AppTest.from_file(str(script), default_timeout=60).run()
        floor = time_reruns(floor_at, "slider", "w", (9e4, 1.1e5), repeats)
    print("\npage rerun after a control change   AppTest   script wall   script CPU"
          "   vs floor")
    rows = [("bare Streamlit page (floor)", floor)]
    rows += [(label, time_reruns(open_lesson(view), kind, key, values, repeats))
             for label, view, kind, key, values in RERUNS]
    for label, (trip, wall, cpu) in rows:
        print(f"{label:<33}{trip * 1e3:>6.0f} ms{wall * 1e3:>11.0f} ms{cpu * 1e3:>10.0f} ms"
              f"{wall / floor[1]:>10.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    torch.set_num_threads(1)
    bench_walks(args.repeats)
    bench_grid(args.repeats)
    bench_reruns(args.repeats)


if __name__ == "__main__":
    main()
