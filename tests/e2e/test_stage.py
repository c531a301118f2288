"""Presenter mode on a projector: each step of a house lesson fits the first screen."""

import re

import pytest

from tests.e2e.conftest import open_page, press_until, sized_page, wait_idle

pytestmark = pytest.mark.e2e

MAIN = '[data-testid="stMain"]'


def inside(pg, locator) -> bool:
    box = locator.bounding_box()
    view = pg.viewport_size
    return (box is not None and box["x"] >= 0 and box["y"] >= 0
            and box["x"] + box["width"] <= view["width"] + 1
            and box["y"] + box["height"] <= view["height"] + 1)


def current_row(pg) -> int | None:
    """The row the step explains ("Row 2, weighted sum"), None while the table is empty."""
    found = re.search(r"Row (\d+), ", pg.locator(MAIN).inner_text())
    return int(found.group(1)) if found else None


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("path, last", [("house", 12), ("hidden-layer", 15)])
def test_clicker_walk_stays_in_the_first_screen(server, browser, size, path, last):
    with sized_page(browser, *size) as pg:
        walk_on_stage(pg, server, path, last)


def walk_on_stage(pg, server, path, last) -> None:
    open_page(pg, server, f"{path}?present=1")
    diagram = pg.locator(f"{MAIN} [data-testid='stVegaLiteChart']").first
    rows = pg.locator(f"{MAIN} [data-testid='stTable'] tbody tr")
    for step in range(last + 1):
        if step:
            press_until(pg, "PageDown", f"Step {step} of {last}")
            wait_idle(pg)
        assert inside(pg, diagram), f"step {step}: the diagram is off-screen"
        row = current_row(pg)
        shown = rows.nth(row - 1 if row else 0)
        assert inside(pg, shown), f"step {step}: table row {row} is off-screen"
        if row:
            assert inside(pg, pg.get_by_text(re.compile(rf"^Row {row}, ")).first)
    assert pg.get_by_role("button", name=re.compile("Next lesson")).is_visible()
    assert not pg.console.errors, pg.console.errors


@pytest.mark.parametrize("path", ["hello?hello_slow=0", "binary?bin_speed=fast"])
def test_clicker_trains_and_the_replay_fits_the_first_screen(server, browser, path):
    with sized_page(browser, 1280, 720) as pg:
        open_page(pg, server, f"{path}&present=1")
        press_until(pg, "PageDown", "Train again")  # PageDown pressed Train; training ended
        wait_idle(pg)
        train = pg.get_by_role("button", name=re.compile("Train again"))
        replay = pg.locator(f"{MAIN} [class*='st-key-'][class*='_replay']").first
        assert inside(pg, train) and inside(pg, replay)
        assert inside(pg, replay.locator("canvas").first)  # the picture, with its curves
        assert not pg.console.errors, pg.console.errors


@pytest.mark.parametrize("view", ["one", "two"])
def test_descent_picture_and_its_step_fit_the_first_screen(server, browser, view):
    with sized_page(browser, 1280, 720) as pg:
        open_page(pg, server, f"descent?present=1&gd_view={view}")
        press_until(pg, "PageDown", "Step 1 of")
        wait_idle(pg)
        picture = pg.locator(f"{MAIN} [data-testid='stVegaLiteChart']").first
        assert inside(pg, picture), "the map (or the one-weight chart) is off-screen"
        assert inside(pg, pg.get_by_text(re.compile(r"^Step 1 of")).first)
        assert inside(pg, pg.get_by_role("button", name=re.compile("^Next step")))
        assert not pg.console.errors, pg.console.errors
