"""Every lesson once: its file, title, icon, address and a one-line promise.

app.py builds the navigation from this list and the welcome page its map, so the two agree.
"""

from typing import NamedTuple


class Lesson(NamedTuple):
    path: str
    title: str
    icon: str
    url_path: str
    promise: str


SECTIONS: dict[str, list[Lesson]] = {
    "Foundations": [
        Lesson("app_pages/home.py", "Welcome", ":material/home:", "home", ""),
        Lesson("app_pages/house.py", "The house-price network", ":material/house:", "house",
               "two weights, three houses, every sum and every loss"),
        Lesson("app_pages/hidden_layer.py", "Adding a hidden layer", ":material/layers:",
               "hidden-layer", "how ReLU lets the network fit the house a plain sum cannot"),
        Lesson("app_pages/descent.py", "Gradient descent", ":material/landscape:", "descent",
               "walking downhill on the loss, blindfolded"),
    ],
    "Training": [
        Lesson("app_pages/hello.py", "Hello, neural net", ":material/school:", "hello",
               "build one, train it, see it underfit"),
        Lesson("app_pages/regression.py", "Regression: predict a number",
               ":material/trending_up:", "regression", "your own CSV welcome"),
        Lesson("app_pages/binary.py", "Binary classifier", ":material/call_split:", "binary",
               "boundaries, overfitting, features, thresholds"),
        Lesson("app_pages/multiclass.py", "Multi-class classifier", ":material/category:",
               "multiclass", "softmax and how sure the network is"),
    ],
    "Recap": [
        Lesson("app_pages/recap_problems.py", "Three kinds of problem", ":material/view_column:",
               "recap-problems", "the three recipes side by side"),
        Lesson("app_pages/recap_improve.py", "Making it better", ":material/tune:",
               "recap-improve", "a checklist, each item one click from a demo"),
        Lesson("app_pages/recap_takeaways.py", "Takeaways", ":material/flag:", "recap-takeaways",
               "three habits"),
    ],
}


def following(url_path: str | None) -> Lesson | None:
    """The lesson after the one at `url_path`, in the navigation's order (None after the last)."""
    lessons = [lesson for section in SECTIONS.values() for lesson in section]
    paths = [lesson.url_path for lesson in lessons]
    if url_path not in paths or paths.index(url_path) + 1 == len(lessons):
        return None
    return lessons[paths.index(url_path) + 1]
