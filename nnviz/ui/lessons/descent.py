"""The gradient-descent lesson's views: one weight, two weights, and a race between optimizers.

Every control keeps its value in st.session_state under a "gd_" key, which the page mirrors
into the URL. Changing what a walk walks on sends it back to step 0.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from nnviz.charts import descent as charts
from nnviz.core.formatting import count, number
from nnviz.lessons import descent
from nnviz.lessons.descent import surfaces
from nnviz.lessons.descent.controls import (
    BETAS,
    LEARNING_RATES,
    nearest_rate,
    notch,
    snap,
    surface_key,
)
from nnviz.lessons.descent.messages import step_line, update_latex, walk_message
from nnviz.lessons.descent.optimizers import KINDS, Optimizer, current_name, make
from nnviz.ui import motion, stage
from nnviz.ui.steps import step_controls
from nnviz.ui.urlstate import Param, Params

VIEWS = {"one": "1 · One weight", "two": "2 · Two weights", "race": "3 · Race"}
SHAPES = {
    "house": "House prices (the talk's network)",
    **{name: s.name for name, s in surfaces.CLASSIC.items()},
}
ONE_WEIGHT = {"age": "Age weight", "rooms": "Rooms weight"}
TALK = surfaces.talk_surface()
HELD = {"age": TALK.start[0], "rooms": TALK.start[1]}  # the talk's weights: 100k and -20k
ONE_START = {"age": 40.0, "rooms": 30.0}
RACERS = ("r1", "r2", "r3")
RACER_DEFAULTS = {"r1": "sgd", "r2": "momentum", "r3": "adam"}
P = "gd_"  # this page's prefix for session-state and URL keys


def key(name: str) -> str:
    return P + name


# ---- settings and the URL ---------------------------------------------------------------------

class OptimizerParam(Param):
    """An optimizer in a link; links from before plain gradient descent was named "sgd" say
    "gd", and open the same walk."""

    def parse(self, raw: str):
        return super().parse(current_name(raw))


def independent_settings() -> Params:
    """Controls whose sensible value does not depend on any other control."""
    return Params(**{
        key("view"): Param("one", choices=tuple(VIEWS)),
        key("w1"): Param("age", choices=tuple(ONE_WEIGHT)),
        key("w1_lr"): Param(0.005, choices=LEARNING_RATES),
        key("w1_steps"): Param(20, lo=1, hi=200),
        key("w1_step"): Param(0, lo=0, hi=10_000),
        key("surface"): Param("house", choices=tuple(SHAPES)),
        key("normalized"): Param(False),
        key("opt"): OptimizerParam("sgd", choices=tuple(KINDS)),
        key("beta"): Param(0.9, choices=BETAS),
        key("steps"): Param(100, lo=1, hi=500),
        key("step"): Param(0, lo=0, hi=10_000),
        key("r3_on"): Param(True),
        **{key(f"{r}_opt"): OptimizerParam(RACER_DEFAULTS[r], choices=tuple(KINDS))
           for r in RACERS},
    })


def dependent_settings() -> Params:
    """Controls whose default follows the independent ones (read them first): each surface has
    its own start and a learning rate that suits it and the chosen optimizer. A link leaves out
    whatever equals these defaults, and reading it back computes the same defaults, so links
    still round-trip."""
    s = chosen_surface()
    return Params(**{
        key("w1_start"): Param(ONE_START[st.session_state[key("w1")]], lo=-1e3, hi=1e3),
        key("lr"): Param(suited_rate(s, key("opt")), choices=LEARNING_RATES),
        key("x0"): Param(float(s.start[0]), lo=-1e3, hi=1e3),
        key("y0"): Param(float(s.start[1]), lo=-1e3, hi=1e3),
        **{key(f"{r}_lr"): Param(suited_rate(s, key(f"{r}_opt")), choices=LEARNING_RATES)
           for r in RACERS},
    })


def keep_hidden_state(*groups: Params) -> None:
    """Streamlit forgets a widget's value when a run does not draw it; only one view is drawn
    per run, so re-store every control's value to keep the other views as the user left them."""
    for group in groups:
        for name in group.params:
            if name in st.session_state:
                st.session_state[name] = st.session_state[name]


def chosen_surface() -> surfaces.Surface:
    state = st.session_state
    return surfaces.surface_by_key(surface_key(state[key("surface")], state[key("normalized")]))


def suited_rate(s: surfaces.Surface, opt_key: str) -> float:
    """The learning rate that suits surface `s` and the optimizer chosen under `opt_key`."""
    return nearest_rate(s.learning_rates[st.session_state[opt_key]])


# ---- callbacks: a new surface or optimizer brings its own sensible learning rate and start ----

def reset_step(step_key: str) -> None:
    st.session_state[step_key] = 0


def on_surface_change() -> None:
    s = chosen_surface()
    st.session_state[key("x0")], st.session_state[key("y0")] = s.start
    st.session_state[key("lr")] = suited_rate(s, key("opt"))
    for r in RACERS:
        st.session_state[key(f"{r}_lr")] = suited_rate(s, key(f"{r}_opt"))
    reset_step(key("step"))


def on_optimizer_change(opt_key: str, lr_key: str) -> None:
    st.session_state[lr_key] = suited_rate(chosen_surface(), opt_key)
    reset_step(key("step"))


def on_pick() -> None:
    """A click on the map: start the walk from there."""
    chosen = st.session_state.get(key("map"), {}).get("selection", {}).get("pick") or []
    if chosen and "x" in chosen[0] and "y" in chosen[0]:
        s = chosen_surface()
        # Snap to the sliders' notches so the sliders show exactly where the walk starts.
        st.session_state[key("x0")] = snap(chosen[0]["x"], *s.x_range)
        st.session_state[key("y0")] = snap(chosen[0]["y"], *s.y_range)
        clamp_start(s)
        reset_step(key("step"))


def on_one_weight_change() -> None:
    st.session_state[key("w1_start")] = ONE_START[st.session_state[key("w1")]]
    reset_step(key("w1_step"))


def clamp_start(s: surfaces.Surface) -> None:
    """Keep the start inside the map (a hand-edited link may put it anywhere)."""
    st.session_state[key("x0")] = float(np.clip(st.session_state[key("x0")], *s.x_range))
    st.session_state[key("y0")] = float(np.clip(st.session_state[key("y0")], *s.y_range))


# ---- pieces the views share ---------------------------------------------------------------------

def lesson_part() -> str:
    return st.segmented_control("Lesson part", options=list(VIEWS), format_func=VIEWS.get,
                                key=key("view"), required=True, label_visibility="collapsed")


def lr_slider(where, label: str, lr_key: str, step_key: str | None = None) -> float:
    return where.select_slider(
        label, options=LEARNING_RATES, key=lr_key, format_func=lambda v: f"{v:g}",
        help="How big a step to take for each unit of slope. The scale is logarithmic: each "
             "notch is about twice the one before.",
        on_change=reset_step if step_key else None, args=(step_key,) if step_key else None,
    )


def show_message(w: descent.Walk, lowest: float, stable_lr: float | None) -> None:
    """Say how the walk went."""
    message = walk_message(w, lowest, stable_lr)
    getattr(st, message.kind)(message.text, icon=message.icon)


@st.cache_data(show_spinner=False)
def map_background(name: str):
    """The shaded grid of a surface: the same for every walk on it, so computed once."""
    s = surfaces.surface_by_key(name)
    return charts.background(s, surfaces.grid(s, *charts.grid_size(s)))


def walk_charts(s: surfaces.Surface, walks: list[descent.Walk], names: list[str],
                chosen: int | None = None, above_loss=None) -> None:
    """The animated map beside the loss chart. With a `chosen` step the map marks it, and a
    click on the map picks a new start. `above_loss` draws into the right column first."""
    times = descent.frame_times(max(w.steps_taken for w in walks))
    if motion.reduced():
        times = times[-1:]  # one frame, the walk's end: the timer then has nothing to move
    walk_map = charts.walk_map(s, map_background(s.key), walks, names, times, chosen=chosen,
                               pick=chosen is not None)
    left, right = st.columns([3, 2])
    if above_loss:
        with right:
            above_loss()
    if chosen is None:
        left.altair_chart(walk_map, width="content")
    else:
        left.altair_chart(walk_map, width="content", key=key("map"), on_select=on_pick,
                          selection_mode=["pick"])
    right.altair_chart(charts.loss_chart(walks, names, s.lowest_loss, times), width="content")


def surface_controls() -> surfaces.Surface:
    c1, c2 = stage.columns([3, 2], vertical_alignment="bottom")
    c1.selectbox("Surface", options=list(SHAPES), format_func=SHAPES.get, key=key("surface"),
                 on_change=on_surface_change)
    if st.session_state[key("surface")] == "house":
        c2.toggle("Normalize the inputs", key=key("normalized"), on_change=on_surface_change,
                  help="Rescale rooms, age and price to mean 0 and spread 1.")
    s = chosen_surface()
    clamp_start(s)
    return s


def start_controls(s: surfaces.Surface) -> tuple[float, float]:
    c1, c2 = stage.columns(2)
    x0 = c1.slider(f"Start: {s.x_label}", min_value=s.x_range[0], max_value=s.x_range[1],
                   step=notch(*s.x_range), key=key("x0"), on_change=reset_step,
                   args=(key("step"),))
    y0 = c2.slider(f"Start: {s.y_label}", min_value=s.y_range[0], max_value=s.y_range[1],
                   step=notch(*s.y_range), key=key("y0"), on_change=reset_step,
                   args=(key("step"),))
    return x0, y0


# ---- view 1: one weight -----------------------------------------------------------------------

def one_weight_view() -> None:
    stage.heading("One weight: feel the slope, take a step")
    stage.explain(
        "The talk's network, on the talk's three houses, with one weight free to move and the "
        "other held at the talk's value. The blue curve is the loss (mean squared error, prices "
        "in thousands of dollars) for every value of the free weight. The orange line touches "
        "the curve where the walker stands: how much it tilts is the slope."
    )
    with stage.settings("The walk"):
        curve, start, lr, steps = one_weight_controls()
    w = descent.walk_slice(curve, make("sgd", lr), steps, start)
    at = step_controls(key("w1_step"), w.steps_taken + 1)
    picture, numbers = st.columns([3, 2])
    picture.altair_chart(charts.slope_chart(curve, w, at), width="stretch")
    with numbers:
        one_weight_numbers(w, at)
        show_message(w, curve.lowest_loss(), curve.stable_lr())
    zigzag, blowup = descent.rates_to_try(curve.stable_lr(), LEARNING_RATES)
    stage.explain(
        "Notice how the steps shrink on their own as the walk nears the bottom, with the "
        "learning rate unchanged: the slope flattens, so learning rate × slope gets smaller. "
        f"Then try a learning rate of {zigzag:g} (it overshoots and zig-zags, but settles) and "
        f"{blowup:g} (it blows up)."
    )


def one_weight_controls() -> tuple[descent.Slice, float, float, int]:
    """Which weight moves, from where, how fast, for how long: the curve, start, rate, steps."""
    c1, c2, c3, c4 = stage.columns([2, 3, 3, 2])
    moving = c1.radio("Free weight", options=list(ONE_WEIGHT), format_func=ONE_WEIGHT.get,
                      key=key("w1"), on_change=on_one_weight_change)
    curve = descent.Slice(TALK, axis=0 if moving == "rooms" else 1, held=HELD[moving])
    lo, hi = curve.range
    st.session_state[key("w1_start")] = float(np.clip(st.session_state[key("w1_start")], lo, hi))
    start = c2.slider("Start from", min_value=lo, max_value=hi, step=1.0, key=key("w1_start"),
                      on_change=reset_step, args=(key("w1_step"),))
    lr = lr_slider(c3, "Learning rate", key("w1_lr"), key("w1_step"))
    steps = c4.number_input("Steps", min_value=1, max_value=200, key=key("w1_steps"),
                            on_change=reset_step, args=(key("w1_step"),))
    held_name = "rooms" if moving == "age" else "age"
    st.caption(f"The {held_name} weight stays at the talk's {number(HELD[moving])} "
               f"(thousand dollars). Plain gradient descent: the rule above, nothing more.")
    return curve, start, lr, int(steps)


def one_weight_numbers(w: descent.Walk, at: int) -> None:
    """Where the walker stands after `at` steps, and the next step's arithmetic."""
    st.markdown(f"**After {at} of {count(w.steps_taken, 'step')}**")
    st.markdown(f"{step_line('weight', w.points[at])}  \n"
                f"{step_line('slope here', w.slopes[at])}  \n"
                f"{step_line('loss', w.losses[at])}")
    if at < w.steps_taken:
        step = w.step(at)
        st.markdown(f"**Step {step.number}:** update = − learning rate × slope")
        st.latex(update_latex(step))
        st.markdown(f"{step_line('new weight', step.after)}  \n"
                    f"{step_line('new loss', step.loss_after)}")


# ---- view 2: two weights ----------------------------------------------------------------------

def two_weight_view() -> None:
    stage.heading("Two weights: the whole landscape")
    with stage.settings("The surface and the walk"):
        s = surface_controls()
        stage.explain(s.notice)
        house_note(s)
        optimizer, steps = optimizer_controls()
        start = start_controls(s)
    w = descent.walk_on(s, optimizer, steps, start)
    # On stage the step goes beside the map, so both are in the first screen.
    walk_charts(s, [w], [optimizer.label],
                chosen=min(int(st.session_state.get(key("step"), 0)), w.steps_taken),
                above_loss=(lambda: step_panel(w)) if stage.on() else None)
    st.caption("Click anywhere on the map to start from there. The white cross marks the "
               "lowest point; the diamond marks the step shown.")
    show_message(w, s.lowest_loss, s.stable_lr)
    if not stage.on():
        step_panel(w)


def house_note(s: surfaces.Surface) -> None:
    """On the house surfaces: where the made-up houses come from, and how stretched the bowl is."""
    if not s.key.startswith("house"):
        return
    problem = surfaces.house_problem(surfaces.house_rows(), normalized=s.key.endswith("zed"))
    flat, steep = problem.curvatures()
    stage.explain(
        f"This is the loss (mean squared error) of the talk's network over its two weights, "
        f"on the talk's three houses plus {surfaces.EXTRA_HOUSES} made-up ones. The made-up "
        "houses are there because all three of the talk's have 4 rooms: with no spread in "
        "rooms there is nothing to normalize. Prices are in thousands of dollars."
    )
    st.caption(
        f"Steepest direction bends the loss {steep / flat:,.1f} times more than the flattest. "
        f"Plain gradient descent blows up above a learning rate of {s.stable_lr:.3g}."
    )


def optimizer_controls() -> tuple[Optimizer, int]:
    """The optimizer with its beta and learning rate, and how many steps to take."""
    c1, c2, c3, c4 = stage.columns([3, 2, 3, 2])
    opt = c1.selectbox("Optimizer", options=list(KINDS), format_func=KINDS.get, key=key("opt"),
                       on_change=on_optimizer_change, args=(key("opt"), key("lr")))
    beta = c2.select_slider("Beta (memory)", options=BETAS, key=key("beta"),
                            disabled=opt == "sgd", on_change=reset_step, args=(key("step"),),
                            help="Momentum and Adam keep this share of their past steps.")
    lr = lr_slider(c3, "Learning rate", key("lr"), key("step"))
    steps = c4.number_input("Steps", min_value=1, max_value=500, key=key("steps"),
                            on_change=reset_step, args=(key("step"),))
    return make(opt, lr, beta), int(steps)


def step_panel(w: descent.Walk) -> None:
    """One step's numbers, chosen with the step buttons."""
    with st.container(border=True):
        st.markdown("**Step by step**")
        at = step_controls(key("step"), w.steps_taken + 1)
        if at >= w.steps_taken:
            st.markdown(step_line("Where the walk ended", w.points[-1]) +
                        f" — loss {number(float(w.losses[-1]))}")
            return
        step = w.step(at)
        # A row that wraps: six numbers fit a wide screen, and wrap beside the map or on a phone.
        numbers = st.container(horizontal=True, gap="medium")
        for text in (step_line("weights", step.before), step_line("slope", step.slope),
                     step_line("learning rate", step.lr), step_line("update", step.update),
                     step_line("new weights", step.after),
                     f"**loss:** {number(step.loss_before)} → {number(step.loss_after)}"):
            numbers.markdown(text, width="content")
        if w.optimizer.kind != "sgd":
            st.caption(f"{KINDS[w.optimizer.kind]} does not step by learning rate × slope alone: "
                       "it blends in its earlier steps, so the update differs from the rule.")


# ---- view 3: a race ---------------------------------------------------------------------------

def race_view() -> None:
    stage.heading("A race: same start, same surface, different settings")
    with stage.settings("The race"):
        s = surface_controls()
        stage.explain(s.notice)
        c_start, c_steps = stage.columns([4, 1])
        with c_start:
            start = start_controls(s)
        steps = c_steps.number_input("Steps", min_value=1, max_value=500, key=key("steps"))
        third = st.toggle("Race a third walker", key=key("r3_on"))
        optimizers, names = racer_controls(third)
    walks = descent.race(s, optimizers, int(steps), start)
    walk_charts(s, walks, names)
    st.caption("Momentum's beta is 0.9 here; Adam uses its usual 0.9 and 0.999.")
    for name, w in zip(names, walks, strict=True):
        st.markdown(f"**{name}**")
        show_message(w, s.lowest_loss, s.stable_lr)


def racer_controls(third: bool) -> tuple[list[Optimizer], list[str]]:
    """A column per walker: its optimizer and learning rate. Returns the racing optimizers and
    their names (the third walker races only when `third`)."""
    optimizers, names = [], []
    for index, (r, col) in enumerate(zip(RACERS, stage.columns(3), strict=True)):
        with col:
            color, mark = charts.WALKER_COLORS[index], charts.WALKER_MARKS[index]
            st.markdown(f"<span style='color:{color}'>{mark}</span> **Walker {index + 1}**",
                        unsafe_allow_html=True)
            if r == "r3" and not third:
                st.caption("Sitting this race out.")
                continue
            kind = st.selectbox("Optimizer", options=list(KINDS), format_func=KINDS.get,
                                key=key(f"{r}_opt"), on_change=on_optimizer_change,
                                args=(key(f"{r}_opt"), key(f"{r}_lr")))
            optimizers.append(make(kind, lr_slider(st, "Learning rate", key(f"{r}_lr"))))
            names.append(f"Walker {index + 1}: {optimizers[-1].label}")
    return optimizers, names
