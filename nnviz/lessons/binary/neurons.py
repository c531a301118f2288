"""What each hidden neuron computes: its output (after the activation) for given inputs.

Torch-only (training pages only). Works on the engine's model, an nn.Sequential of
Linear -> activation (-> Dropout) blocks ending in a Linear, by running the layers one by one
and keeping each activation's output. The model should be in eval mode (the engine keeps it
there), so dropout does not scramble the pictures.

    layers = hidden_outputs(model, x)          # list: (n, nodes) array per hidden layer
    values, names = neuron_table(model, x)     # (n, all hidden nodes) and "layer 1 · node 3"
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

_ACTIVATIONS = (nn.ReLU, nn.Tanh, nn.Sigmoid)


def hidden_outputs(model: nn.Sequential, x) -> list[np.ndarray]:
    """Each hidden layer's outputs after its activation, in layer order."""
    h = torch.as_tensor(np.asarray(x, dtype=np.float32))
    outputs = []
    with torch.inference_mode():
        for layer in model:
            h = layer(h)
            if isinstance(layer, _ACTIVATIONS):
                outputs.append(h.numpy().copy())
    return outputs


def neuron_table(model: nn.Sequential, x, max_per_layer: int | None = None
                 ) -> tuple[np.ndarray, list[str]]:
    """All hidden neurons' outputs side by side, with a name for each column.

    `max_per_layer` keeps only the first neurons of wide layers (pictures get small fast).
    A neuron that outputs 0 for every given input (a "dead" ReLU) says so in its name: its
    picture is blank, which would otherwise look like a picture that failed to draw.
    """
    columns, names = [], []
    for k, out in enumerate(hidden_outputs(model, x), start=1):
        width = out.shape[1] if max_per_layer is None else min(out.shape[1], max_per_layer)
        for j in range(width):
            columns.append(out[:, j])
            silent = " (always 0)" if not np.any(out[:, j]) else ""
            names.append(f"layer {k} · node {j + 1}{silent}")
    if not columns:
        return np.zeros((len(np.asarray(x)), 0)), []
    return np.column_stack(columns), names
