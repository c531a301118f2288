"""What one live-training tick of the binary lesson costs to draw, against building the same
charts with Altair on every tick.

Run: python -m bench.binary_redraw [--repeats 30]

While a network trains, the page redraws the decision boundary (a 50 x 50 grid of the network's
probabilities, the boundary line and every point) and up to 32 hidden-neuron pictures several
times a second. Both ways below draw exactly the same pictures from the same trained network;
"altair every tick" is the straightforward way (build the Altair chart and turn it into
Vega-Lite each time), "refilled spec" is what the page does (build the spec once per look and
swap only its data). The network's own work (evaluating the grid) is timed separately.
"""

from __future__ import annotations

import argparse
import statistics
import time

import altair as alt
import numpy as np

from nnviz.charts import boundary
from nnviz.charts import features as feature_charts
from nnviz.core.engine import TrainConfig, Trainer
from nnviz.core.models import NetSpec
from nnviz.core.plane import evaluate, plane_around
from nnviz.lessons.binary.neurons import neuron_table
from nnviz.lessons.binary.problem import generated_problem, split_problem


def median_ms(func, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--points", type=int, default=300)
    args = parser.parse_args()

    problem = generated_problem("moons", args.points, 0.2, 0, ["x1", "x2"])
    split = split_problem(problem, 0.3, "standardize", 0)
    spec = NetSpec(2, (8, 8), "relu", "binary")
    trainer = Trainer(spec, TrainConfig(epochs=50), split.x_train, split.y_train,
                      split.x_val, split.y_val)
    trainer.run()
    plane = plane_around(problem.points, 50)
    small = plane_around(problem.points, 22)

    def inputs(points):
        return split.normalizer.transform(problem.inputs_at(points))

    proba = evaluate(plane, lambda p: trainer.predict_proba(inputs(p)))
    predicted = trainer.predict(split.normalizer.transform(problem.X))
    points = boundary.points_frame(problem.points, problem.y, problem.class_names,
                                   split.split_labels(len(problem.y)), predicted)
    values, names = neuron_table(trainer.model, inputs(small.points()), max_per_layer=8)

    rows = [
        ("network over the 50x50 grid", lambda: evaluate(
            plane, lambda p: trainer.predict_proba(inputs(p))), None),
        ("boundary chart", lambda: boundary.boundary_chart(
            plane, proba, points, problem.class_names).to_dict(),
         lambda: boundary.boundary_spec(plane, proba, points, problem.class_names)),
        ("16 neuron pictures", lambda: feature_charts.plane_pictures(
            small, values, names, size=64, columns=4).to_dict(),
         lambda: feature_charts.plane_pictures_spec(small, values, names, size=64, columns=4)),
    ]
    alt.data_transformers.disable_max_rows()  # Streamlit ships big frames itself
    print(f"{'per tick':32} {'altair every tick':>18} {'refilled spec':>14} {'ratio':>7}")
    for label, slow, fast in rows:
        slow_ms = median_ms(slow, args.repeats)
        if fast is None:
            print(f"{label:32} {slow_ms:15.1f} ms {'(same)':>14}")
            continue
        fast(), fast()  # the first call builds the template: not a tick's cost
        fast_ms = median_ms(fast, args.repeats)
        print(f"{label:32} {slow_ms:15.1f} ms {fast_ms:11.1f} ms {slow_ms / fast_ms:6.0f}x")
    print(f"(median of {args.repeats}; grid {plane.size} cells, {len(points)} points, "
          f"{values.shape[1]} neuron pictures of {small.size} cells; "
          f"numpy {np.__version__})")


if __name__ == "__main__":
    main()
