"""The sidebar's Share box is on every page, in every state, including a page that stops early
(nothing trained yet, no file uploaded, a setting that makes no data)."""

import pytest

from nnviz.ui import catalog
from tests.app.conftest import assert_clean, open_page

LESSONS = [lesson for lessons in catalog.SECTIONS.values() for lesson in lessons]


def share_link(at) -> str:
    boxes = [b for b in at.sidebar.get("popover") if b.proto.popover.label == "Share this view"]
    assert len(boxes) == 1, "exactly one Share box in the sidebar"
    (code,) = boxes[0].code
    return code.value


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.url_path)
def test_every_page_opens_with_a_link_to_itself(lesson):
    at = open_page(lesson.path)
    address = "" if lesson.url_path == "home" else lesson.url_path  # the default page is /
    assert share_link(at).split("?")[0] == f"http://localhost:8501/{address}"


@pytest.mark.parametrize(("path", "query", "expected"), [
    ("app_pages/regression.py", {"reg_source": "upload"}, "reg_source=upload"),  # no file yet
    ("app_pages/regression.py", {"reg_source": "diabetes"}, "reg_source=diabetes"),
    ("app_pages/multiclass.py", {"mc_layers": "3"}, "mc_layers=3"),  # not trained yet
    ("app_pages/binary.py", {"bin_f_x1": "0", "bin_f_x2": "0"}, "bin_f_x1=0"),  # no inputs
])
def test_a_page_that_stops_early_still_shares_its_state(path, query, expected):
    at = open_page(path, query)
    assert_clean(at)
    assert expected in share_link(at)
    if path.endswith("binary.py"):
        assert any("Switch on at least one input" in w.value for w in at.warning)
