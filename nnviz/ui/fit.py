"""Text that fits its box at every size: a phone's 390 px as well as a projector's large type.

One small style sheet, on every page (app.py), for what Streamlit's own styles cut off or
make too small to touch.
"""

import streamlit as st

PHONE = 640  # px: below this Streamlit stacks columns, and a finger replaces the mouse
# Key prefix of the curves drawn below a replay that already plays them (nnviz.ui.training).
REPLAYED = "replayed_curves_"
# Key prefix of pictures a projector shows beside the step, which a phone, stacking everything,
# has no room for between the diagram and the step's table row (the step says it in words).
NOT_ON_PHONE = "not_on_phone_"

# - Streamlit cuts long labels (metrics, buttons, page links) with an ellipsis: "Validation
#   ac...". They wrap instead, so every word stays readable at any size.
# - On a phone: buttons at least 44 px high (a fingertip's target), no key hints on them
#   (PageDown on a phone is noise, and it squeezes the label), and curves drawn once, in the
#   replay, not again below it (a phone's page is long enough), formulas at text size, not
#   larger, so the gradient-descent rule fits the width, and tables in small type with tight
#   cells, so the house lessons' rows stay one line and a step's row fits the screen with the
#   diagram above it.
_CSS = f"""
<style>
.stMarkdownEllipsis, .stMarkdownEllipsis p, [data-testid="stPageLink-NavLink"] p {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}}
@media (max-width: {PHONE}px) {{
  [data-testid="stMain"] button kbd, [data-testid="stSidebar"] button kbd {{ display: none; }}
  [data-testid="stMain"] button, [data-testid="stSidebar"] button {{ min-height: 44px; }}
  [class*="st-key-{REPLAYED}"], [class*="st-key-{NOT_ON_PHONE}"] {{ display: none; }}
  .katex-display > .katex {{ font-size: 1em; }}
  [data-testid="stMain"] [data-testid="stTable"] :is(th, td) {{ padding: 0.25rem 0.375rem; }}
  [data-testid="stMain"] [data-testid="stTable"] :is(th, td, p) {{ font-size: 0.8rem !important; }}
  [data-testid="stMain"] [data-testid="stTable"] tbody th p {{ white-space: nowrap; }}
}}
</style>
"""


def apply() -> None:
    """Call once per run, from app.py."""
    st.sidebar.html(_CSS)  # the sidebar: no empty line above the lesson
