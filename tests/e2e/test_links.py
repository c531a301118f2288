"""A shared link, opened first thing on a freshly started server, restores the state."""

import pytest

from tests.e2e.conftest import open_page

pytestmark = pytest.mark.e2e


def test_link_with_parameters_restores_weights_step_and_presenter_mode(server, page):
    open_page(page, server, "hidden-layer?hidden_h1_price=60000&hidden_step=4&present=1")
    table = page.locator('[data-testid="stTable"]').first.inner_text()
    assert "$640,000" not in table  # row 3 is not computed yet at step 4 ...
    assert "$200,000" in table  # ... but row 1 is, with its prediction filled at step 4
    assert page.get_by_text("Step 4 of 15").count() == 1
    exact = page.get_by_label("Hidden 1 → Price (exact)")
    assert exact.input_value() == "60000"
    assert page.get_by_role("switch", name="Presenter mode").is_checked()

    page.get_by_role("button", name="Show all").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stTable\"]').innerText.includes('$640,000')")
    # Presenter mode folds the sidebar away; the speaker opens it to share.
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.get_by_text("Share this view").click()
    code = page.locator('[data-testid="stCode"]').first.inner_text()
    assert "/hidden-layer?" in code and "hidden_h1_price=60000" in code and "present=1" in code
    assert not page.console.errors, page.console.errors
