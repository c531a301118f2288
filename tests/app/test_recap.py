"""AppTest of the recap pages, and of every link they offer: each preset really opens its lesson
in the promised state."""

import pytest

from nnviz.lessons import recap
from tests.app.conftest import open_page

ALL_TIPS = recap.IMPROVE_DATA + recap.IMPROVE_ALGORITHM + recap.TAKEAWAYS


def test_problems_page_shows_each_recipe_and_its_code():
    at = open_page("app_pages/recap_problems.py")
    assert [s.value for s in at.subheader][:3] == [p.title for p in recap.PROBLEMS]
    tables = [t.value for t in at.table]
    activations = [t.loc["Output activation"].iloc[0] for t in tables]
    assert activations == ["linear", "sigmoid", "softmax"]
    codes = " ".join(c.value for c in at.code)
    assert "Dense(5, activation='softmax')" in codes and "nn.Linear(20, 5)" in codes
    assert len(at.get("vega_lite_chart")) == 3


@pytest.mark.parametrize("page", ["app_pages/recap_problems.py", "app_pages/recap_improve.py",
                                  "app_pages/recap_takeaways.py"])
def test_no_question_mark_is_followed_by_a_full_stop(page):
    at = open_page(page)
    texts = [e.value for kind in (at.title, at.subheader, at.markdown, at.caption) for e in kind]
    texts += [link.proto.label for link in at.get("page_link")]
    assert len(texts) > 3
    assert not [t for t in texts if "?." in t]


@pytest.mark.parametrize("page, tips", [
    ("app_pages/recap_improve.py", recap.IMPROVE_DATA + recap.IMPROVE_ALGORITHM),
    ("app_pages/recap_takeaways.py", recap.TAKEAWAYS),
])
def test_every_item_links_to_its_lesson(page, tips):
    at = open_page(page)
    links = at.get("page_link")
    labels = [link.proto.label for link in links]
    assert labels == [t.label for t in tips]


@pytest.mark.parametrize("tip", [t for t in ALL_TIPS if t.query], ids=lambda t: t.text)
def test_each_preset_link_restores_its_settings(tip):
    at = open_page(tip.page, tip.query)
    for key, raw in tip.query.items():
        assert same(at.session_state[key], raw), (key, at.session_state[key], raw)


def same(value, raw: str) -> bool:
    if isinstance(value, bool):
        return value == (raw == "1")
    if isinstance(value, int | float):
        return float(value) == float(raw)
    return str(value) == raw


def test_presenter_mode_hides_the_explanations():
    at = open_page("app_pages/recap_improve.py", {"present": "1"})
    assert not any(t.why in m.value for t in recap.IMPROVE_DATA for m in at.markdown)
