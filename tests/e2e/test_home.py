"""The welcome page in a real browser, opened at the app's root on a fresh server: the talk's
question, a map of every lesson, and a map link that lands on its lesson."""

import pytest

from nnviz.ui import catalog
from tests.e2e.conftest import assert_healthy, open_page, wait_idle

pytestmark = pytest.mark.e2e


def test_welcome_opens_at_the_root_and_its_map_leads_to_a_lesson(server, page):
    open_page(page, server, "")
    assert page.get_by_text("5 rooms, 10 years old").count() == 1
    main = page.locator('[data-testid="stMain"]')
    lessons = [lesson for lessons in catalog.SECTIONS.values() for lesson in lessons
               if lesson.url_path != "home"]
    for lesson in lessons:  # each lesson's link, its full title readable
        link = main.get_by_role("link", name=lesson.title, exact=True)
        link.wait_for()  # the map may still be arriving when the first heading shows
        assert link.count() == 1
        assert main.get_by_text(lesson.promise, exact=True).count() == 1

    main.get_by_role("link", name="Adding a hidden layer", exact=True).click()
    page.wait_for_url("**/hidden-layer")
    main.get_by_role("heading", name="Adding a hidden layer").wait_for()
    wait_idle(page)
    assert_healthy(page)
