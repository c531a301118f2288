"""The gradient-descent lesson in a real browser, opened by its URL on a fresh server."""

import pytest

from tests.e2e.conftest import assert_healthy, open_page, press_until, wait_idle

pytestmark = pytest.mark.e2e

MAP = '[data-testid="stVegaLiteChart"]'
# The walker's head: the only mark drawn with a 2-px white outline in the first walker's colour.
HEAD_POSITION = """() => {
  const chart = document.querySelectorAll('[data-testid="stVegaLiteChart"]')[0];
  if (!chart) return null;  // not drawn yet (a loaded machine): keep waiting
  const head = [...chart.querySelectorAll('path')].find(p =>
    p.getAttribute('stroke-width') === '2' && p.getAttribute('stroke') === '#ffffff'
    && p.getAttribute('fill') === '#d55e00');
  return head ? head.getAttribute('transform') : null;
}"""
# How many different walker positions the browser draws in one second (frames actually shown).
POSITIONS_PER_SECOND = """() => new Promise(done => {
  const seen = new Set(); const start = performance.now();
  const tick = () => {
    seen.add((HEAD)());
    if (performance.now() - start < 1000) requestAnimationFrame(tick); else done(seen.size);
  };
  requestAnimationFrame(tick);
})""".replace("HEAD", HEAD_POSITION)


def test_deep_link_animates_the_walk_in_the_browser(server, page):
    open_page(page, server, "descent?gd_view=two")
    page.wait_for_selector(f"{MAP} svg")
    page.wait_for_function(f"() => ({HEAD_POSITION})() !== null")
    first = page.evaluate(HEAD_POSITION)
    page.wait_for_timeout(400)
    second = page.evaluate(HEAD_POSITION)
    assert first != second  # the walker moved between two moments, with no server round trip
    shots = [page.locator(MAP).first.screenshot()]
    page.wait_for_timeout(400)
    shots.append(page.locator(MAP).first.screenshot())
    assert shots[0] != shots[1]
    frames = page.evaluate(POSITIONS_PER_SECOND)
    print(f"walker positions drawn in one second: {frames}")
    assert frames > 1
    assert_healthy(page)


def test_clicker_steps_through_the_numbers(server, page):
    open_page(page, server, "descent?gd_view=two&gd_surface=bowl")
    page.wait_for_function("() => document.body.innerText.includes('Step 0 of 100')")
    for n in (1, 2):
        press_until(page, "PageDown", f"Step {n} of 100")
        wait_idle(page)
    # Bowl, learning rate 0.1: each step keeps 0.8 of the weights; start (-2.5, 2).
    assert "(-1.6, 1.28)" in page.locator('[data-testid="stMain"]').inner_text()
    press_until(page, "PageUp", "Step 1 of 100")
    wait_idle(page)
    assert "gd_step=1" in page.url
    assert_healthy(page)


def test_a_click_on_the_map_moves_the_start(server, page):
    open_page(page, server, "descent?gd_view=two&gd_surface=bowl")
    page.wait_for_selector(f"{MAP} svg")
    slider = page.get_by_role("slider", name="Start: weight 1")
    before = slider.get_attribute("aria-valuetext")
    chart = page.locator(f"{MAP} svg").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    # Somewhere in the right half of the plot, away from the path on the left.
    page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.7)
    for _ in range(300):  # the click reruns the script; wait for the new start to arrive
        if slider.get_attribute("aria-valuetext") != before:
            break
        page.wait_for_timeout(100)
    wait_idle(page)
    assert float(slider.get_attribute("aria-valuetext")) > 0  # right half of the bowl's map
    assert "gd_x0=" in page.url
    assert_healthy(page)


def test_one_weight_lesson_opens_by_its_url(server, page):
    open_page(page, server, "descent")
    page.wait_for_selector(f"{MAP} svg")
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "After 0 of 20 steps" in text and "slope" in text
    press_until(page, "PageDown", "After 1 of 20 steps")
    assert_healthy(page)


def test_race_map_names_each_walker_in_its_legend(server, page):
    open_page(page, server, "descent?gd_view=race&gd_surface=ravine")
    page.wait_for_selector(f"{MAP} svg")
    legend = page.locator(f"{MAP}").first.locator("g.role-legend text")
    legend.first.wait_for(state="attached")
    labels = legend.all_text_contents()
    assert [label.split(":")[0] for label in labels] == ["Walker 1", "Walker 2", "Walker 3"]
    assert_healthy(page)
