"""How long a lesson takes to rerun after a slider move, measured with AppTest.

Run: python -m bench.rerun_speed [--repeats 30]

Server time of one rerun is what a visitor waits for after each move. Absolute times depend on the
machine, so each page is reported as a ratio against a peer measured in the same run: a bare
Streamlit page that draws one slider and one table (Streamlit's own floor for a rerun).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]

FLOOR_PAGE = """
import pandas as pd
import streamlit as st
w = st.slider("w", -300000.0, 300000.0, 100000.0, key="w")
st.table(pd.DataFrame({"Price": [w * 4]}))
"""

# (label, page, slider key, two values to alternate between)
CASES = [
    ("house-price network", "app_pages/house.py", "house_w_rooms_slider", (90_000.0, 110_000.0)),
    ("hidden layer", "app_pages/hidden_layer.py", "hidden_h1_price_slider", (40_000.0, 60_000.0)),
    ("multi-class (softmax)", "app_pages/multiclass.py", "mc_z0", (1.0, 3.0)),
]


def time_reruns(at: AppTest, key: str, values: tuple[float, float], repeats: int) -> list[float]:
    times = []
    for i in range(repeats):
        slider = at.slider(key=key).set_value(values[i % 2])
        start = time.perf_counter()
        slider.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return times


def floor_times(repeats: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "floor.py"
        script.write_text(FLOOR_PAGE)
        at = AppTest.from_file(str(script), default_timeout=60).run()
        return time_reruns(at, "w", (90_000.0, 110_000.0), repeats)


def page_times(page: str, key: str, values, repeats: int) -> list[float]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page(page).run()
    return time_reruns(at, key, values, repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()

    floor = statistics.median(floor_times(args.repeats))
    print(f"{'page':<24}{'median rerun':>14}{'vs floor':>10}")
    print(f"{'bare Streamlit (floor)':<24}{floor * 1000:>11.1f} ms{1.0:>9.1f}x")
    for label, page, key, values in CASES:
        median = statistics.median(page_times(page, key, values, args.repeats))
        print(f"{label:<24}{median * 1000:>11.1f} ms{median / floor:>9.1f}x")


if __name__ == "__main__":
    main()
