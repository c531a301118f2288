"""What each hidden neuron computes: its output (after the activation) for given inputs.

Works on a page's network (nnviz.core.trained.TrainedNet), whose forward pass keeps each hidden
layer's output; dropout is off once trained, so it does not scramble the pictures.

    values, names = neuron_table(net, x)     # (n, all hidden nodes) and "layer 1 · node 3"
"""

from __future__ import annotations

import numpy as np

from nnviz.core.trained import TrainedNet


def neuron_table(net: TrainedNet, x, max_per_layer: int | None = None
                 ) -> tuple[np.ndarray, list[str]]:
    """All hidden neurons' outputs side by side, with a name for each column.

    `max_per_layer` keeps only the first neurons of wide layers (pictures get small fast).
    A neuron that outputs 0 for every given input (a "dead" ReLU) says so in its name: its
    picture is blank, which would otherwise look like a picture that failed to draw.
    """
    columns, names = [], []
    for k, out in enumerate(net.hidden_outputs(x), start=1):
        width = out.shape[1] if max_per_layer is None else min(out.shape[1], max_per_layer)
        for j in range(width):
            columns.append(out[:, j])
            silent = " (always 0)" if not np.any(out[:, j]) else ""
            names.append(f"layer {k} · node {j + 1}{silent}")
    if not columns:
        return np.zeros((len(np.asarray(x)), 0)), []
    return np.column_stack(columns), names
