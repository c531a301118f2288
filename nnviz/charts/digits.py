"""8x8 handwritten digits drawn as Altair heatmaps: one rect per pixel, darker = more ink.

`digit_image` / `digit_gallery` return Altair charts; the `*_spec` twins return the same picture
as a Vega-Lite dict built once per look and refilled with data (nnviz.charts.template).
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from nnviz.charts.template import fill

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


def gallery_frame(images: Sequence, captions: Sequence[str],
                  items: Sequence[int] | None = None) -> pd.DataFrame:
    if len(images) != len(captions):
        raise ValueError("need one caption per image")
    items = list(range(len(images))) if items is None else list(items)
    if len(items) != len(images):
        raise ValueError("need one item number per image")
    frame = pd.concat([digit_frame(img, int(it), str(cap))
                       for img, it, cap in zip(images, items, captions, strict=True)],
                      ignore_index=True)
    # Panels follow the order given (a sort field, so the order travels with the data).
    frame["position"] = np.repeat(np.arange(len(images)), 64)
    return frame


def _encode(chart: alt.Chart) -> alt.Chart:
    axis = alt.Axis(labels=False, ticks=False, title=None, domain=False, grid=False)
    return chart.mark_rect().encode(
        x=alt.X("col:O", axis=axis),
        y=alt.Y("row:O", axis=axis),  # row 0 at the top, as in the picture
        color=alt.Color("ink:Q", scale=alt.Scale(scheme="greys", domain=[0, MAX_INK]),
                        legend=None),
        tooltip=[alt.Tooltip("caption:N", title="example"), alt.Tooltip("row:O"),
                 alt.Tooltip("col:O"), alt.Tooltip("ink:Q")],
    )


def _image(source, title: str, size: int) -> alt.Chart:
    named = f": {title}" if title else ""
    return _encode(alt.Chart(source)).properties(
        width=size, height=size, title=title,
        description=f"An 8 by 8 pixel picture of a handwritten digit{named}, darker where "
                    "there is more ink.")


def digit_image(image, title: str = "", size: int = 160) -> alt.Chart:
    return _image(digit_frame(image), title, size)


def digit_image_spec(image, title: str = "", size: int = 160) -> dict:
    return fill(("digit_image", title, size), lambda: _image(alt.Data(name="pixels"), title, size),
                pixels=digit_frame(image))


def digit_gallery(images: Sequence, captions: Sequence[str], items: Sequence[int] | None = None,
                  columns: int = 6, size: int = 70,
                  select_name: str | None = None) -> alt.FacetChart:
    """Small multiples, one per image, captioned. With `select_name`, a click picks an item."""
    return _gallery(gallery_frame(images, captions, items), columns, size, select_name)


def digit_gallery_spec(images: Sequence, captions: Sequence[str],
                       items: Sequence[int] | None = None, columns: int = 6, size: int = 70,
                       select_name: str | None = None) -> dict:
    return fill(("digit_gallery", columns, size, select_name),
                lambda: _gallery(alt.Data(name="digits"), columns, size, select_name),
                digits=gallery_frame(images, captions, items))


def _gallery(source, columns: int, size: int, select_name: str | None):
    chart = _encode(alt.Chart(source)).properties(width=size, height=size)
    if select_name:
        pick = alt.selection_point(name=select_name, fields=["item"], on="click")
        chart = chart.add_params(pick).encode(
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)))
    return chart.facet(
        facet=alt.Facet("caption:N", title=None, header=alt.Header(labelFontSize=12),
                        sort=alt.SortField("position")),
        columns=columns,
    ).properties(description="A gallery of 8 by 8 pixel handwritten digits, each captioned, "
                             "darker where there is more ink"
                             + (" (click one to pick it)." if select_name else "."))
