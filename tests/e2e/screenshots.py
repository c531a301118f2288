"""Regenerate the screenshots in docs/screens/: every page's first screen at 1280x720 in
presenter mode (house lessons mid-walk, training pages trained with the clicker) and at 390x844
on a phone. Run from the repository root:

    python -m tests.e2e.screenshots

PNGs are reduced to a 64-colour palette so the folder stays small.
"""

from __future__ import annotations

import io
import re
import shutil

from PIL import Image
from playwright.sync_api import sync_playwright

from nnviz.ui.catalog import SECTIONS
from tests.e2e.conftest import CHROMIUM_FLAGS, ROOT, RUN_TIMEOUT, streamlit_server, wait_idle

OUT = ROOT / "docs" / "screens"
SIZES = {"stage": (1280, 720), "phone": (390, 844)}
# Where a speaker would be mid-talk: a step that fills a row, a trained network.
STAGE_STATE = {"house": "house_step=4", "hidden-layer": "hidden_step=2", "hello": "hello_slow=0",
               "binary": "bin_speed=fast"}
TRAINING = {"hello", "regression", "binary", "multiclass"}


def address(url_path: str, size: str) -> str:
    path = "" if url_path == "home" else url_path
    query = ["present=1"] if size == "stage" else []
    if size == "stage" and url_path in STAGE_STATE:
        query.append(STAGE_STATE[url_path])
    return f"{path}?{'&'.join(query)}" if query else path


def shoot(pg, base: str, url_path: str, size: str) -> None:
    pg.goto(f"{base}/{address(url_path, size)}")
    pg.wait_for_selector('[data-testid="stMain"] [data-testid="stHeading"]', timeout=RUN_TIMEOUT)
    wait_idle(pg)
    if size == "stage" and url_path in TRAINING:
        pg.keyboard.press("PageDown")  # the clicker presses Train
        pg.wait_for_function("() => document.body.innerText.includes('Train again')",
                             timeout=RUN_TIMEOUT)
        wait_idle(pg)
        # The replay plays the run once more: shoot its last epoch, not wherever it is.
        pg.get_by_role("button", name=re.compile("^Play")).first.wait_for(timeout=RUN_TIMEOUT)
    pg.wait_for_timeout(1500)  # charts and the replay finish drawing
    image = Image.open(io.BytesIO(pg.screenshot())).convert("RGB")
    image.quantize(colors=64).save(OUT / f"{url_path}-{size}.png", optimize=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    lessons = [lesson.url_path for section in SECTIONS.values() for lesson in section]
    with streamlit_server() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                    args=CHROMIUM_FLAGS)
        for size, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            pg = context.new_page()
            for url_path in lessons:
                shoot(pg, base, url_path, size)
                print(f"{url_path}-{size}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
