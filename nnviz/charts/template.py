"""Altair builds the chart; reruns only swap its data.

Building an Altair chart and turning it into Vega-Lite costs ~100-300 ms (schema objects, deep
copies, validation), far more than the lesson's own math. The chart's shape rarely changes
between reruns, only its data does. So a chart is written with named data sources
(alt.Data(name=...)), built and validated once per shape, and each rerun fills the names in:

    spec = fill(("network", 3, 2), lambda: build_chart(...), edges=edges_df, nodes=nodes_df)
    st.vega_lite_chart(spec, width="stretch")

Streamlit sends each named DataFrame to the browser as Arrow, as it does for st.altair_chart.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from functools import lru_cache

import altair as alt
import pandas as pd

# Without an autosize of its own, Streamlit sizes a chart with "fit": its height then holds the
# title, legends and axes too (a 240-pixel chart kept about 70 pixels for its lines, and legends
# taller than the plot were cut off). "fit-x" still fills the column's width but gives `height`
# to the plot itself.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")

_BUILDERS: dict[Hashable, Callable[[], alt.TopLevelMixin]] = {}


@lru_cache(maxsize=256)
def _template_json(key: Hashable) -> str:
    return json.dumps(_BUILDERS[key]().to_dict())


def fill(key: Hashable, build: Callable[[], alt.TopLevelMixin], **data: pd.DataFrame) -> dict:
    """The Vega-Lite spec of `build()` (cached under `key`) with its named datasets filled in."""
    _BUILDERS.setdefault(key, build)
    spec = json.loads(_template_json(key))
    spec["datasets"] = dict(data)
    return spec
