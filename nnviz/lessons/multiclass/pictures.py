"""The lesson's pictures of a trained network: its answer over the input plane, and galleries
of digits captioned with what it answered."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nnviz.charts import boundary
from nnviz.charts import digits as digit_charts
from nnviz.core import labels
from nnviz.core.plane import evaluate, plane_around


def region_chart(trainer, rows, data, predicted: np.ndarray | None = None,
                 select: str | None = None) -> dict:
    """The network's answer over the input plane (raw units), with every example on top.

    `rows` is the data's split (its normalizer turns the plane into the network's inputs);
    `predicted` holds each example's predicted code, to outline the mistakes.
    """
    plane = plane_around(data.X, resolution=60)
    proba = evaluate(plane, lambda pts: trainer.predict_proba(rows.normalizer.transform(pts)))
    codes = labels.encode(data.y, data.class_names)
    points = boundary.points_frame(data.X, codes, data.class_names,
                                   rows.split_labels(len(codes)), predicted)
    return boundary.boundary_spec(plane, proba, points, data.class_names,
                                  axis_titles=data.feature_names, select_points=select,
                                  height=420)


def example_captions(frame: pd.DataFrame) -> list[str]:
    """Captions such as "row 905: 8 → 1 (99%)" for a mistake, "row 12: 5 (100%)" when right."""
    return [f"row {r}: {p} ({c:.0%})" if a == p else f"row {r}: {a} → {p} ({c:.0%})"
            for r, a, p, c in zip(frame["row"], frame["actual"], frame["predicted"],
                                  frame["confidence"], strict=True)]


def example_gallery(data, frame: pd.DataFrame, select: str, columns: int = 3) -> dict:
    """The pictures of the examples in `frame` (a probability table), clickable by row."""
    return digit_charts.digit_gallery_spec(data.images[frame["row"].to_numpy()],
                                           example_captions(frame),
                                           items=frame["row"].tolist(), columns=columns,
                                           size=56, select_name=select)
