"""A hand-edited link never breaks a page: every URL value parses to something allowed."""

import pytest

from nnviz.ui.urlstate import Param


@pytest.mark.parametrize("param, raw, expected", [
    (Param(1.5), "2.25", 2.25),
    (Param(1.5), "abc", 1.5),
    (Param(1.5), "nan", 1.5),
    (Param(1.5), "inf", 1.5),
    (Param(1.5, lo=0, hi=10), "99", 10.0),
    (Param(1.5, lo=0, hi=10), "-3", 0.0),
    (Param(3, lo=0, hi=12), "7.9", 7),
    (Param(3, lo=0, hi=12), "", 3),
    (Param(3, lo=0, hi=12), "inf", 3),
    (Param(3, lo=0, hi=12), "-inf", 3),
    (Param(3, lo=0, hi=12), "1e400", 3),
    (Param(3, lo=0, hi=12), "nan", 3),
    (Param(1.5), "1e400", 1.5),
    (Param(0.01, choices=(0.001, 0.01)), "inf", 0.01),
    (Param(False), "1", True),
    (Param(True), "0", False),
    (Param("adam", choices=("sgd", "adam")), "sgd", "sgd"),
    (Param("adam", choices=("sgd", "adam")), "rmsprop", "adam"),
    (Param(0.01, choices=(0.001, 0.01, 0.1)), "0.1", 0.1),
])
def test_parse(param, raw, expected):
    value = param.parse(raw)
    assert value == expected and type(value) is type(expected)


def test_list_params_keep_known_names_in_order_once():
    param = Param((), choices=("mean radius", "worst area", "mean texture"))
    assert param.parse("worst area,mean radius,bogus,worst area") == ["worst area", "mean radius"]
    assert param.parse("") == []
    assert param.parse(param.format(["mean texture", "worst area"])) == [
        "mean texture", "worst area"]


@pytest.mark.parametrize("param, value", [
    (Param(1.5), 100000.0), (Param(1.5), -0.2), (Param(3), 7), (Param(False), True),
    (Param("adam"), "sgd"),
])
def test_format_round_trips(param, value):
    assert param.parse(param.format(value)) == value


def test_share_link_keeps_origin_page_and_params():
    from nnviz.ui.share import link

    url = link("house", {"house_w_rooms": "90000", "present": "1"},
               "https://nnviz.streamlit.app/hidden-layer?x=1")
    assert url == "https://nnviz.streamlit.app/house?house_w_rooms=90000&present=1"
    assert link("", {}, None) == "http://localhost:8501/"
