"""The pieces both house-price lessons share: weight controls, the walk, the table, your house."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from nnviz.charts.network import network_spec
from nnviz.core.formatting import dollars, md, number
from nnviz.lessons import house
from nnviz.ui import stage
from nnviz.ui.catalog import following
from nnviz.ui.steps import END, step_controls
from nnviz.ui.urlstate import Param, Params

# How much larger the network diagram is drawn in presenter mode, to read from the back row,
# and how tall: on stage it shares the first screen (1280x720) with the steps and the table.
STAGE_SCALE = 1.2
STAGE_HEIGHT = 260
# Typed numbers may go far beyond the slider's range; past this they stop meaning anything.
EXACT_LIMIT = 1e15


@dataclass(frozen=True)
class WeightControl:
    name: str  # the net's field name, also the session/URL key
    label: str
    lo: float
    hi: float
    step: float
    fmt: str = "%d"


def lesson_params(prefix: str, controls: list[WeightControl], net_type) -> Params:
    """Each page's keys carry its prefix: session state is shared by every page of a visit."""
    defaults = net_type()
    weights = {f"{prefix}_{c.name}": Param(float(getattr(defaults, c.name)), lo=-EXACT_LIMIT,
                                           hi=EXACT_LIMIT) for c in controls}
    # Learners arrive at the finished table; a speaker arrives at the empty one and clicks through.
    first_step = 0 if stage.on() else END
    return Params(**weights, **{
        f"{prefix}_step": Param(first_step, lo=0, hi=END),
        f"{prefix}_rooms": Param(5.0, lo=-EXACT_LIMIT, hi=EXACT_LIMIT),
        f"{prefix}_age": Param(10.0, lo=-EXACT_LIMIT, hi=EXACT_LIMIT),
    })


def _slider_to_exact(key: str) -> None:
    st.session_state[key] = float(st.session_state[f"{key}_slider"])


def weights_box(title: str):
    """The weights: section 1 for a learner; on stage, in the sidebar (see stage.settings)."""
    if not stage.on():
        st.subheader(f"1. {title}")
    return stage.settings(title)


def weight_inputs(prefix: str, controls: list[WeightControl]) -> dict[str, float]:
    """A slider to explore and a box for an exact value, kept in step, for each weight."""
    values = {}
    for c in controls:
        key = f"{prefix}_{c.name}"
        exact = float(st.session_state[key])
        st.session_state[f"{key}_slider"] = min(c.hi, max(c.lo, exact))
        left, right = st.columns([3, 2], vertical_alignment="bottom")
        left.slider(c.label, min_value=c.lo, max_value=c.hi, step=c.step, format=c.fmt,
                    key=f"{key}_slider", on_change=_slider_to_exact, args=(key,))
        right.number_input(f"{c.label} (exact)", min_value=-EXACT_LIMIT, max_value=EXACT_LIMIT,
                           key=key, format="%g", label_visibility="collapsed")
        values[c.name] = float(st.session_state[key])
    return values


def table_at(net, rows, step: house.Step) -> pd.DataFrame:
    """The talk's table as it stands at this step: later cells still blank, money formatted."""
    full = house.loss_table(net, rows)
    n_pred, n_loss = step.filled(len(rows), house.phases_for(net))
    shown = pd.DataFrame({
        "Rooms": full["Rooms"].map(number),
        "Age": full["Age"].map(number),
        "Price": full["Price"].map(dollars),
        "Predicted Price": [dollars(v) if i < n_pred else "" for i, v in
                            enumerate(full["Predicted Price"])],
        "Loss": [dollars(v) if i < n_loss else "" for i, v in enumerate(full["Loss"])],
    })
    shown.index = [f"Row {i + 1}" for i in range(len(rows))]
    return shown


def your_rows_editor(prefix: str) -> tuple[list[house.HouseRow], list[str]]:
    st.caption("Add your own houses below the talk's three; they join the table and the loss.")
    edited = st.data_editor(
        pd.DataFrame({c: pd.Series(dtype="string") for c in house.COLUMNS}),
        num_rows="dynamic", key=f"{prefix}_your_rows", width="stretch",
        column_config={c: st.column_config.TextColumn(c) for c in house.COLUMNS},
    )
    rows, problems = house.parse_rows(edited)
    for problem in problems:
        st.warning(problem, icon=":material/edit_note:")
    return rows, problems


def walk(prefix: str, net, rows, extra_for_phase=None) -> house.Step:
    """Step controls, the diagram with the current row's numbers, the arithmetic, the table."""
    phases = house.phases_for(net)
    steps = house.walkthrough(len(rows), phases)
    index = step_controls(f"{prefix}_step", len(steps), next_lesson=following(stage.page()),
                          section=f"{prefix}_walk")
    step = steps[index]
    layers, weights = house.diagram(net)
    row = rows[step.row] if step.row >= 0 else None
    values = house.node_values(net, row, step.phase) if row else {}
    captions = {name: "ReLU" for name in house.HIDDEN_NODES} if net.hidden_size else {}

    spec = network_spec(layers, weights, values, captions,
                        **({"scale": STAGE_SCALE, "height": STAGE_HEIGHT} if stage.on() else {}))
    if stage.on():
        # Side by side, so the diagram, the step and the row it fills share the first screen.
        picture, arithmetic = st.columns([5, 6])
        table_box = arithmetic
    else:
        picture, arithmetic = st.columns([3, 2])
        table_box = st.container()
    with picture:
        st.vega_lite_chart(spec, width="stretch")
    with arithmetic:
        _arithmetic(net, row, step)
    # A static table, not a data grid: large on a projector, nothing to scroll or sort.
    table_box.table(table_at(net, rows, step))
    if extra_for_phase and row is not None:
        # On stage beside the table, under the diagram; otherwise after the table, so that on a
        # phone (where everything stacks) the step's row comes before the extra picture.
        with picture if stage.on() else table_box:
            extra_for_phase(step, row)
    return step


def _arithmetic(net, row, step: house.Step) -> None:
    if row is None:
        st.info("The table is empty. Press **Next step** (or PageDown) to feed the first "
                "house through the network.")
        return
    st.markdown(f"**Row {step.row + 1}, {_PHASE_TITLES[step.phase]}**")
    for line in house.explain_step(net, row, step.phase, number):
        st.markdown(line)


_PHASE_TITLES = {
    "inputs": "inputs in",
    "hidden": "hidden layer",
    "sum": "weighted sum",
    "prediction": "prediction",
    "loss": "loss",
}


def loss_summary(net, rows) -> None:
    table = house.loss_table(net, rows)
    summary = house.summarize_loss(table["Predicted Price"], table["Price"])
    total, mean, mse = st.columns(3)
    total.metric("Total loss", dollars(summary.total_abs))
    mean.metric("Mean loss", dollars(summary.mean_abs))
    mse.metric("Mean squared error", number(summary.mse))
    stage.explain(
        "The **total loss** adds up every row's miss; the **mean loss** divides it by the number "
        "of rows, so tables of any length compare fairly. The **mean squared error** squares "
        "each miss before averaging: one big miss then counts far more than several small ones, "
        "which is what most training uses."
    )


def slope_hints(net, rows) -> None:
    """Which way to turn each weight to lower the mean loss, and how strongly."""
    grad = net.gradient(rows, loss="mae")
    names = {c.name: c.label for c in _controls_of(net)}
    lines = []
    for name, slope in grad.items():
        if slope == 0:
            advice = "a small turn either way leaves the mean loss as it is"
        else:
            way = "down" if slope > 0 else "up"
            advice = (f"turn it **{way}**; nudged {way} a little, the mean loss falls by about "
                      f"{md(dollars(abs(slope)))} for each 1 it moves")
        lines.append(f"- **{names.get(name, name)}** (slope {number(slope)}): {advice}.")
    st.markdown("\n".join(lines))
    relu = ", or switch a ReLU node on or off," if net.hidden_size else ""
    stage.explain(
        "The slope says how fast the mean loss changes as a weight grows, per 1 of the weight. "
        f"It holds for small moves only: a big turn can push a guess past the real price{relu} "
        "and then the slope changes. A positive slope means "
        "growing the weight makes things worse, so turn it down; a negative slope means turn it "
        "up. Following these slopes a little at a time is gradient descent, the next lesson."
    )


def _controls_of(net) -> list[WeightControl]:
    return HIDDEN_CONTROLS if net.hidden_size else LINEAR_CONTROLS


def your_house(prefix: str, net) -> None:
    left, right, result = st.columns([1, 1, 2], vertical_alignment="bottom")
    left.number_input("Rooms", key=f"{prefix}_rooms", min_value=-EXACT_LIMIT,
                      max_value=EXACT_LIMIT, format="%g")
    right.number_input("Age (years)", key=f"{prefix}_age", min_value=-EXACT_LIMIT,
                       max_value=EXACT_LIMIT, format="%g")
    rooms = float(st.session_state[f"{prefix}_rooms"])
    age = float(st.session_state[f"{prefix}_age"])
    result.metric("The network's price", dollars(float(net.predict(rooms, age))))


LINEAR_CONTROLS = [
    WeightControl("w_rooms", "Rooms weight", -300_000.0, 300_000.0, 1_000.0),
    WeightControl("w_age", "Age weight", -100_000.0, 100_000.0, 500.0),
]
HIDDEN_CONTROLS = [
    WeightControl("rooms_h1", "Rooms → Hidden 1", -200.0, 200.0, 0.1, "%.1f"),
    WeightControl("age_h1", "Age → Hidden 1", -200.0, 200.0, 0.1, "%.1f"),
    WeightControl("rooms_h2", "Rooms → Hidden 2", -200.0, 200.0, 0.1, "%.1f"),
    WeightControl("age_h2", "Age → Hidden 2", -200.0, 200.0, 0.1, "%.1f"),
    WeightControl("h1_price", "Hidden 1 → Price", -300_000.0, 300_000.0, 1_000.0),
    WeightControl("h2_price", "Hidden 2 → Price", -300_000.0, 300_000.0, 1_000.0),
]


def table_and_results(prefix: str, net, extra_for_phase=None) -> None:
    """Sections 2 to 5 of both house lessons: the walk, the totals, the slopes, your house."""
    if not stage.on():  # on stage the walk comes first, with no heading to push it down
        st.subheader("2. Walk through the table")
    # Drawn after the editor below, which decides the rows. Keyed: a step brings it into view.
    walk_box = st.container(key=f"{prefix}_walk")
    with st.expander("Add your own houses"):
        extra_rows, _ = your_rows_editor(prefix)
    rows = list(house.TALK_ROWS) + extra_rows
    with walk_box:
        walk(prefix, net, rows, extra_for_phase)

    st.subheader("3. How wrong is it overall?")
    loss_summary(net, rows)

    st.subheader("4. Which way should each weight move?")
    slope_hints(net, rows)

    st.subheader("5. Your house")
    stage.explain("The talk opens with a house of 5 rooms, 10 years old. What would this "
                  "network ask?")
    your_house(prefix, net)
