"""Number words: the noun agrees with its count."""

import pytest

from nnviz.core.formatting import count


@pytest.mark.parametrize(("n", "noun", "plural", "text"), [
    (0, "step", None, "0 steps"),
    (1, "step", None, "1 step"),
    (2, "false alarm", None, "2 false alarms"),
    (1, "false alarm", None, "1 false alarm"),
    (1_200, "point", None, "1,200 points"),
    (1, "class", "classes", "1 class"),
    (3, "class", "classes", "3 classes"),
])
def test_count_makes_the_noun_agree(n, noun, plural, text):
    assert count(n, noun, plural) == text
