"""8x8 handwritten digits drawn as Altair heatmaps: one rect per pixel, darker = more ink."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

MAX_INK = 16.0  # scikit-learn's digits store ink as 0..16


def digit_frame(image, item: int = 0, caption: str = "") -> pd.DataFrame:
    """Long form: one row per pixel with its row, column and ink."""
    img = np.asarray(image, dtype=np.float64)
    if img.shape == (64,):
        img = img.reshape(8, 8)
    if img.shape != (8, 8):
        raise ValueError(f"a digit is 8x8 pixels, got shape {img.shape}")
    rows, cols = np.indices((8, 8))
    return pd.DataFrame({
        "item": item, "caption": caption,
        "row": rows.ravel(), "col": cols.ravel(), "ink": img.ravel(),
    })


def _encode(chart: alt.Chart) -> alt.Chart:
    axis = alt.Axis(labels=False, ticks=False, title=None, domain=False, grid=False)
    return chart.mark_rect().encode(
        x=alt.X("col:O", axis=axis),
        y=alt.Y("row:O", axis=axis),  # row 0 at the top, as in the picture
        color=alt.Color("ink:Q", scale=alt.Scale(scheme="greys", domain=[0, MAX_INK]),
                        legend=None),
        tooltip=[alt.Tooltip("row:O"), alt.Tooltip("col:O"), alt.Tooltip("ink:Q")],
    )


def digit_image(image, title: str = "", size: int = 160) -> alt.Chart:
    return _encode(alt.Chart(digit_frame(image))).properties(width=size, height=size,
                                                             title=title)


def digit_gallery(images: Sequence, captions: Sequence[str], items: Sequence[int] | None = None,
                  columns: int = 6, size: int = 70, select_name: str | None = None):
    """Small multiples, one per image, captioned. With `select_name`, a click picks an item."""
    if len(images) != len(captions):
        raise ValueError("need one caption per image")
    items = list(range(len(images))) if items is None else list(items)
    df = pd.concat([digit_frame(img, int(it), str(cap))
                    for img, it, cap in zip(images, items, captions, strict=True)],
                   ignore_index=True)
    chart = _encode(alt.Chart(df)).properties(width=size, height=size)
    if select_name:
        pick = alt.selection_point(name=select_name, fields=["item"], on="click")
        chart = chart.add_params(pick).encode(
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)))
    return chart.facet(
        facet=alt.Facet("caption:N", sort=[str(c) for c in captions], title=None,
                        header=alt.Header(labelFontSize=12)),
        columns=columns,
    )
