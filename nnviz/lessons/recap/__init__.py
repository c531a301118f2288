"""The talk's closing recaps as data: the three kinds of problem, the improvement checklist,
the takeaways, each pointing at the lesson (and the settings) that shows it."""

from __future__ import annotations

from dataclasses import dataclass, field

from nnviz.codegen import CodeSettings, keras_script, model_code, pytorch_script, sklearn_data_code
from nnviz.core.spec import NetSpec, TrainConfig

# The talk's recipes: 10 inputs, three hidden ReLU layers of 20, and an output that suits the task.
TALK_INPUTS = 10
TALK_HIDDEN = (20, 20, 20)
TALK_CLASSES = 5


@dataclass(frozen=True)
class Problem:
    task: str
    title: str
    question: str  # what kind of answer the network gives
    example: str  # a question it answers, with its own question mark
    n_outputs_text: str
    lesson: str  # page path

    @property
    def spec(self) -> NetSpec:
        return NetSpec(TALK_INPUTS, TALK_HIDDEN, "relu", self.task,
                       n_classes=TALK_CLASSES if self.task == "multiclass" else 2)

    def code(self) -> CodeSettings:
        data = {
            "regression": sklearn_data_code("make_regression", n_samples=500,
                                            n_features=TALK_INPUTS, noise=10.0, random_state=0),
            "binary": sklearn_data_code("make_classification", n_samples=500,
                                        n_features=TALK_INPUTS, random_state=0),
            "multiclass": sklearn_data_code("make_classification", n_samples=500,
                                            n_features=TALK_INPUTS, n_informative=6,
                                            n_classes=TALK_CLASSES, random_state=0),
        }[self.task]
        return CodeSettings(self.spec, TrainConfig(lr=0.001, epochs=50, batch_size=32),
                            data_code=data, normalization="standardize", val_fraction=0.2,
                            stratify=self.spec.recipe.classifies)

    def pytorch_model(self) -> str:
        return model_code(self.spec)

    def pytorch_script(self) -> str:
        return pytorch_script(self.code())

    def keras_script(self) -> str:
        return keras_script(self.code())


PROBLEMS = (
    Problem("regression", "Regression", "a number",
            "What will this house sell for, given its rooms and age?", "one output node",
            "app_pages/regression.py"),
    Problem("binary", "Binary classifier", "yes or no", "Is this tumour malignant?",
            "one output node", "app_pages/binary.py"),
    Problem("multiclass", "Multi-class classifier", "one of several kinds",
            "Which digit is in this picture?", "one output node per class",
            "app_pages/multiclass.py"),
)


@dataclass(frozen=True)
class Tip:
    text: str
    why: str
    page: str
    label: str
    query: dict[str, str] = field(default_factory=dict)


IMPROVE_DATA = (
    Tip("Clean the data", "Blank cells and typos teach the network nonsense; drop or fill them.",
        "app_pages/regression.py", "Regression: filling blanks", {"reg_missing": "median"}),
    Tip("Get more data", "With few examples a big network memorises them; more examples force "
        "it to find the rule.", "app_pages/binary.py", "Binary: 1,000 noisy points, big network",
        {"bin_n": "1000", "bin_noise": "0.35", "bin_layers": "3", "bin_nodes": "32"}),
    Tip("Generate more data", "When real examples are scarce, make new ones from what you know.",
        "app_pages/binary.py", "Binary: a generated spiral",
        {"bin_shape": "spiral", "bin_n": "800"}),
    Tip("Remove inputs that don't help", "Every extra input is one more thing to get wrong; keep "
        "the ones that carry the signal.", "app_pages/binary.py",
        "Binary: pick 5 of 30 cancer features", {"bin_data": "cancer", "bin_k": "5"}),
    Tip("Normalize the inputs", "Inputs on wildly different scales turn the loss surface into a "
        "narrow ravine; scaled inputs make it a round bowl.", "app_pages/descent.py",
        "Gradient descent: raw vs normalized", {"gd_view": "two", "gd_normalized": "1"}),
    Tip("Keep a validation split", "Score the network on examples it never trained on: that is "
        "the only honest score.", "app_pages/regression.py", "Regression: a 30% validation split",
        {"reg_val": "0.3"}),
    Tip("Make validation data look like the real world", "If the held-out examples differ from "
        "what the network will meet, its score is a promise it cannot keep.",
        "app_pages/multiclass.py", "Multi-class: per-class mistakes on digits",
        {"mc_data": "digits"}),
)

IMPROVE_ALGORITHM = (
    Tip("Change the number of layers", "No hidden layer can only draw straight lines; one or two "
        "can bend around the data.", "app_pages/hello.py", "Hello: no hidden layer on moons",
        {"hello_layers": "0"}),
    Tip("Change the nodes per layer", "Too few nodes underfit; too many can memorise noise.",
        "app_pages/hello.py", "Hello: two nodes per layer", {"hello_nodes": "2"}),
    Tip("Change epochs and batch size", "More passes over the data keep improving it until it "
        "starts to memorise; batch size trades smooth steps for many steps.",
        "app_pages/hello.py", "Hello: 5 epochs, batches of 128",
        {"hello_epochs": "5", "hello_batch": "128"}),
)

TAKEAWAYS = (
    Tip("Look at everything", "Tables, curves, boundaries and diagrams show what a single "
        "number hides: draw the data and the network's answers before trusting either.",
        "app_pages/binary.py", "The binary lesson's live boundary"),
    Tip("Measure how good it is", "Accuracy, errors in real units, a confusion matrix, always on "
        "held-out data: without a measurement, 'better' is a guess.",
        "app_pages/multiclass.py", "The multi-class confusion matrix"),
    Tip("Change one thing, measure again", "Training is an experiment: adjust a setting, compare "
        "the validation score, keep what helps.", "app_pages/regression.py",
        "Regression: compare topologies side by side"),
)


def sketch(task: str) -> tuple[list[list[str]], dict[tuple[str, str], float], dict[str, str]]:
    """A small picture of the recipe: 3 inputs, two ReLU layers of 3, the task's outputs, and
    each node's activation (drawn inside the node: captions below would crowd the next node)."""
    outputs = {"regression": ["number"], "binary": ["yes?"],
               "multiclass": ["class A", "class B", "class C"]}[task]
    activation = {"regression": "linear", "binary": "sigmoid", "multiclass": "softmax"}[task]
    layers = [["in 1", "in 2", "in 3"], ["a1", "a2", "a3"], ["b1", "b2", "b3"], outputs]
    weights = {(src, dst): 1.0 for left, right in zip(layers, layers[1:], strict=False)
               for src in left for dst in right}
    activations = {n: "ReLU" for n in layers[1] + layers[2]} | {n: activation for n in outputs}
    return layers, weights, activations
