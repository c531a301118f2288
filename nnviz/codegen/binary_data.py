"""The data part of the binary lesson's "show the code": the lines that make X and y.

nnviz.codegen writes the network, the split, the normalization and the training loop around
a data snippet that defines `X` and `y`; this module writes that snippet for the lesson's
data: generated points (through the chosen features, x1 rescaled if asked) or the chosen
breast-cancer measurements. Text only: no torch, no streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence

from nnviz import codegen
from nnviz.data.features import FEATURE_CODE, breast_cancer


def generated_data_code(shape: str, n: int, noise: float, seed: int,
                        features: Sequence[str], x1_scale: float = 1.0) -> str:
    lines = [codegen.two_class_data_code(shape, n, noise, seed)]
    if float(x1_scale) != 1.0:
        lines.append(f"X = X * np.array([{float(x1_scale)!r}, 1.0])  # x1 in other units")
    if list(features) != ["x1", "x2"]:
        lines.append(f"# The inputs the network sees: {', '.join(features)}")
        columns = ",\n    ".join(FEATURE_CODE[name] for name in features)
        lines.append(f"X = np.column_stack([\n    {columns},\n])")
    return "\n".join(lines)


def cancer_data_code(columns: Sequence[int]) -> str:
    names = breast_cancer().feature_names
    listed = "\n".join(f"    {int(c)},  # {names[int(c)]}" for c in columns)
    return "\n".join([
        "from sklearn.datasets import load_breast_cancer",
        "",
        "data = load_breast_cancer()",
        f"columns = [\n{listed}\n]",
        "X = data.data[:, columns]",
        "y = 1 - data.target  # scikit-learn says 0 = malignant; here 1 = malignant",
    ])
