"""Lesson: gradient descent, the blindfolded walk down the loss surface, animated."""

from __future__ import annotations

import numpy as np
import streamlit as st

from nnviz.charts import descent as charts
from nnviz.core.formatting import count, number
from nnviz.lessons import descent
from nnviz.lessons.descent import surfaces
from nnviz.lessons.descent.optimizers import KINDS, make
from nnviz.ui import stage
from nnviz.ui.steps import step_controls
from nnviz.ui.urlstate import Param, Params

# Log-spaced, 1-2-5 like a ruler: from "crawls" through "good" to "blows up" on every surface.
LEARNING_RATES = tuple(float(f"{m}e{e}") for e in range(-4, 2) for m in (1, 2, 5))[:-2]
BETAS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99)
VIEWS = {"one": "1 · One weight", "two": "2 · Two weights", "race": "3 · Race"}
SHAPES = {
    "house": "House prices (the talk's network)",
    **{key: s.name for key, s in surfaces.CLASSIC.items()},
}
ONE_WEIGHT = {"age": "Age weight", "rooms": "Rooms weight"}
TALK = surfaces.talk_surface()
HELD = {"age": TALK.start[0], "rooms": TALK.start[1]}  # the talk's weights: 100k and -20k
ONE_START = {"age": 40.0, "rooms": 30.0}
RACERS = ("r1", "r2", "r3")
RACER_DEFAULTS = {"r1": "gd", "r2": "momentum", "r3": "adam"}
P = "gd_"  # this page's prefix for session-state and URL keys

# Controls whose sensible value does not depend on any other control.
settings = Params(**{
    f"{P}view": Param("one", choices=tuple(VIEWS)),
    f"{P}w1": Param("age", choices=tuple(ONE_WEIGHT)),
    f"{P}w1_lr": Param(0.005, choices=LEARNING_RATES),
    f"{P}w1_steps": Param(20, lo=1, hi=200),
    f"{P}w1_step": Param(0, lo=0, hi=10_000),
    f"{P}surface": Param("house", choices=tuple(SHAPES)),
    f"{P}normalized": Param(False),
    f"{P}opt": Param("gd", choices=tuple(KINDS)),
    f"{P}beta": Param(0.9, choices=BETAS),
    f"{P}steps": Param(100, lo=1, hi=500),
    f"{P}step": Param(0, lo=0, hi=10_000),
    f"{P}r3_on": Param(True),
    **{f"{P}{r}_opt": Param(RACER_DEFAULTS[r], choices=tuple(KINDS)) for r in RACERS},
})
settings.init()


def surface_key() -> str:
    name = st.session_state[P + "surface"]
    return "house_normalized" if name == "house" and st.session_state[P + "normalized"] else name


def dependent_settings() -> Params:
    """Controls whose default follows others: each surface has its own start and a learning
    rate that suits it and the chosen optimizer. A link leaves out whatever equals these
    defaults, and reading it back computes the same defaults, so links still round-trip."""
    s = surfaces.surface_by_key(surface_key())
    opt = st.session_state[P + "opt"]
    return Params(**{
        f"{P}w1_start": Param(ONE_START[st.session_state[P + "w1"]], lo=-1e3, hi=1e3),
        f"{P}lr": Param(nearest_rate(s.learning_rates[opt]), choices=LEARNING_RATES),
        f"{P}x0": Param(float(s.start[0]), lo=-1e3, hi=1e3),
        f"{P}y0": Param(float(s.start[1]), lo=-1e3, hi=1e3),
        **{f"{P}{r}_lr": Param(nearest_rate(s.learning_rates[st.session_state[f"{P}{r}_opt"]]),
                               choices=LEARNING_RATES) for r in RACERS},
    })


def nearest_rate(value: float) -> float:
    return min(LEARNING_RATES, key=lambda r: abs(np.log(r) - np.log(value)))


followers = dependent_settings()
followers.init()


def key(name: str) -> str:
    return P + name


def keep_hidden_state() -> None:
    # Streamlit forgets a widget's value when a run does not draw it; only one view is drawn
    # per run, so re-store every control's value to keep the other views as the user left them.
    for name in [*settings.params, *followers.params]:
        if name in st.session_state:
            st.session_state[name] = st.session_state[name]


keep_hidden_state()


@st.cache_data(show_spinner=False)
def map_background(name: str):
    """The shaded grid of a surface: the same for every walk on it, so computed once."""
    s = surfaces.surface_by_key(name)
    return charts.background(s, surfaces.grid(s, *charts.grid_size(s)))


def current_surface() -> surfaces.Surface:
    return surfaces.surface_by_key(surface_key())


def clamp_start(s: surfaces.Surface) -> None:
    """Keep the start inside the map (a hand-edited link may put it anywhere)."""
    st.session_state[key("x0")] = float(np.clip(st.session_state[key("x0")], *s.x_range))
    st.session_state[key("y0")] = float(np.clip(st.session_state[key("y0")], *s.y_range))


# ---- callbacks: a new surface or optimizer brings its own sensible learning rate and start ----

def on_surface_change() -> None:
    s = current_surface()
    st.session_state[key("x0")], st.session_state[key("y0")] = s.start
    st.session_state[key("lr")] = nearest_rate(s.learning_rates[st.session_state[key("opt")]])
    for r in RACERS:
        kind = st.session_state[key(f"{r}_opt")]
        st.session_state[key(f"{r}_lr")] = nearest_rate(s.learning_rates[kind])
    st.session_state[key("step")] = 0


def on_optimizer_change(opt_key: str, lr_key: str) -> None:
    s = current_surface()
    st.session_state[lr_key] = nearest_rate(s.learning_rates[st.session_state[opt_key]])
    st.session_state[key("step")] = 0


def on_pick() -> None:
    """A click on the map: start the walk from there."""
    chosen = st.session_state.get(key("map"), {}).get("selection", {}).get("pick") or []
    if chosen and "x" in chosen[0] and "y" in chosen[0]:
        s = current_surface()
        # Snap to the sliders' notches so the sliders show exactly where the walk starts.
        for name, value, (lo, hi) in (("x0", chosen[0]["x"], s.x_range),
                                      ("y0", chosen[0]["y"], s.y_range)):
            step = slider_step(lo, hi)
            st.session_state[key(name)] = round(lo + round((float(value) - lo) / step) * step, 10)
        clamp_start(s)
        st.session_state[key("step")] = 0


def on_one_weight_change() -> None:
    st.session_state[key("w1_start")] = ONE_START[st.session_state[key("w1")]]
    st.session_state[key("w1_step")] = 0


def reset_step(step_key: str) -> None:
    st.session_state[step_key] = 0


def lr_slider(where, label: str, lr_key: str, step_key: str | None = None) -> float:
    return where.select_slider(
        label, options=LEARNING_RATES, key=lr_key, format_func=lambda v: f"{v:g}",
        help="How big a step to take for each unit of slope. The scale is logarithmic: each "
             "notch is about twice the one before.",
        on_change=reset_step if step_key else None, args=(step_key,) if step_key else None,
    )


def step_line(label: str, values) -> str:
    values = np.atleast_1d(values)
    shown = ", ".join(number(float(v)) for v in values)
    return f"**{label}:** ({shown})" if len(values) > 1 else f"**{label}:** {shown}"


def walk_message(w: descent.Walk, lowest: float, stable_lr: float | None) -> None:
    """Say how the walk went; a walk that blew up is a lesson about the learning rate."""
    v = descent.verdict(w, lowest)
    start_gap = w.losses[0] - lowest
    if v.outcome == "blew_up":
        hint = " Try a smaller learning rate."
        if stable_lr and w.optimizer.kind == "gd":
            hint = (f" On this surface plain gradient descent stays stable below a learning "
                    f"rate of **{stable_lr:.3g}**.")
        why = ("Adam moves each weight by about the learning rate on every step, however gentle "
               "the slope, so its strides are far too long for this map"
               if w.optimizer.kind == "adam" else
               "each step overshoots and lands somewhere steeper, so the next step is longer "
               "still")
        st.error(
            f"**The walk blew up after {count(w.steps_taken, 'step')}, so we stopped it.** The "
            f"learning rate ({w.optimizer.lr:g}) is too big: {why}. The chart is cut off at its "
            f"edges.{hint}",
            icon=":material/warning:",
        )
    elif v.outcome == "arrived":
        st.success(f"Reached the bottom at step **{v.at_step}** (99.9% of the way down).",
                   icon=":material/flag:")
    elif v.outcome == "stuck":
        st.warning(
            f"The walk stopped moving {number(float(w.losses[-1] - lowest))} above the lowest "
            "point. The ground is flat where it stands, so the slope says nothing more, but this "
            "is not the lowest place: a local valley or a pass.",
            icon=":material/block:",
        )
    else:
        done = 1 - (w.losses[-1] - lowest) / start_gap if start_gap > 0 else 1.0
        st.info(f"After {count(w.steps_taken, 'step')} the walk is {done:.1%} of the way down "
                "and still going: give it more steps or a bigger learning rate.",
                icon=":material/directions_walk:")


# ---- the page ------------------------------------------------------------------------------------

st.title("Gradient descent: walking downhill blindfolded")
stage.explain(
    "Picture yourself on a dark hillside with a blindfold on, trying to reach the lake at the "
    "bottom of the valley. You cannot see the lake. All you can do is feel, through your feet, "
    "which way the ground tilts right where you stand, take a step the downhill way, and feel "
    "again. On steep ground you stride; where it flattens out you shuffle.\n\n"
    "Training a network is that same walk. Where you stand is the network's **weights**; the "
    "height of the ground is the **loss**; the tilt under your feet is the **slope** (the "
    "gradient), which the computer can work out exactly, but only for the spot it stands on."
)
st.latex(r"\text{new weight} = \text{weight} - \text{learning rate} \times \text{slope}")
stage.explain(
    "The minus sign turns uphill into downhill: where the loss rises as the weight grows "
    "(positive slope) the weight shrinks, and the other way round. The **learning rate** sets "
    "the stride. Too small and the walk takes forever; too big and it leaps over the valley "
    "floor, lands higher on the far side, and can bounce further out with every step."
)

view = st.segmented_control("Lesson part", options=list(VIEWS), format_func=VIEWS.get,
                            key=key("view"), required=True, label_visibility="collapsed")


def one_weight_view() -> None:
    st.subheader("One weight: feel the slope, take a step")
    stage.explain(
        "The talk's network, on the talk's three houses, with one weight free to move and the "
        "other held at the talk's value. The blue curve is the loss (mean squared error, prices "
        "in thousands of dollars) for every value of the free weight. The orange line touches "
        "the curve where the walker stands: how much it tilts is the slope."
    )
    c1, c2, c3, c4 = st.columns([2, 3, 3, 2])
    moving = c1.radio("Free weight", options=list(ONE_WEIGHT), format_func=ONE_WEIGHT.get,
                      key=key("w1"), on_change=on_one_weight_change)
    axis = 0 if moving == "rooms" else 1
    curve = descent.Slice(TALK, axis=axis, held=HELD[moving])
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

    w = descent.walk_slice(curve, make("gd", lr), int(steps), start)
    at = step_controls(key("w1_step"), w.steps_taken + 1)
    picture, numbers = st.columns([3, 2])
    picture.altair_chart(charts.slope_chart(curve, w, at), width="stretch")
    with numbers:
        st.markdown(f"**After {at} of {count(w.steps_taken, 'step')}**")
        st.markdown(f"{step_line('weight', w.points[at])}  \n"
                    f"{step_line('slope here', w.slopes[at])}  \n"
                    f"{step_line('loss', w.losses[at])}")
        if at < w.steps_taken:
            s = w.step(at)
            st.markdown(f"**Step {s.number}:** update = − learning rate × slope")
            st.latex(
                rf"{number(float(s.update[0]))} = -{s.lr:g} \times "
                rf"({number(float(s.slope[0]))})".replace(",", "{,}")
            )
            st.markdown(f"{step_line('new weight', s.after)}  \n"
                        f"{step_line('new loss', s.loss_after)}")
        walk_message(w, float(np.min(curve.heights(np.linspace(lo, hi, 2001)))),
                     curve.stable_lr())
    zigzag, blowup = descent.rates_to_try(curve.stable_lr(), LEARNING_RATES)
    stage.explain(
        "Notice how the steps shrink on their own as the walk nears the bottom, with the "
        "learning rate unchanged: the slope flattens, so learning rate × slope gets smaller. "
        f"Then try a learning rate of {zigzag:g} (it overshoots and zig-zags, but settles) and "
        f"{blowup:g} (it blows up)."
    )


def surface_controls() -> surfaces.Surface:
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    c1.selectbox("Surface", options=list(SHAPES), format_func=SHAPES.get, key=key("surface"),
                 on_change=on_surface_change)
    if st.session_state[key("surface")] == "house":
        c2.toggle("Normalize the inputs", key=key("normalized"), on_change=on_surface_change,
                  help="Rescale rooms, age and price to mean 0 and spread 1.")
    s = current_surface()
    clamp_start(s)
    return s


def slider_step(lo: float, hi: float) -> float:
    """A round step (1, 0.1, 0.01...) giving the slider 100 to 1000 notches."""
    return float(10 ** np.floor(np.log10((hi - lo) / 100)))


def start_controls(s: surfaces.Surface) -> tuple[float, float]:
    c1, c2 = st.columns(2)
    x_step, y_step = slider_step(*s.x_range), slider_step(*s.y_range)
    x0 = c1.slider(f"Start: {s.x_label}", min_value=s.x_range[0], max_value=s.x_range[1],
                   step=x_step, key=key("x0"), on_change=reset_step, args=(key("step"),))
    y0 = c2.slider(f"Start: {s.y_label}", min_value=s.y_range[0], max_value=s.y_range[1],
                   step=y_step, key=key("y0"), on_change=reset_step, args=(key("step"),))
    return x0, y0


def house_note(s: surfaces.Surface) -> None:
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


def two_weight_view() -> None:
    st.subheader("Two weights: the whole landscape")
    s = surface_controls()
    stage.explain(s.notice)
    house_note(s)
    c1, c2, c3, c4 = st.columns([3, 2, 3, 2])
    opt = c1.selectbox("Optimizer", options=list(KINDS), format_func=KINDS.get, key=key("opt"),
                       on_change=on_optimizer_change, args=(key("opt"), key("lr")))
    beta = c2.select_slider("Beta (memory)", options=BETAS, key=key("beta"),
                            disabled=opt == "gd", on_change=reset_step, args=(key("step"),),
                            help="Momentum and Adam keep this share of their past steps.")
    lr = lr_slider(c3, "Learning rate", key("lr"), key("step"))
    steps = c4.number_input("Steps", min_value=1, max_value=500, key=key("steps"),
                            on_change=reset_step, args=(key("step"),))
    x0, y0 = start_controls(s)

    w = descent.walk_on(s, make(opt, lr, beta), int(steps), (x0, y0))
    times = descent.frame_times(w.steps_taken)
    at = min(int(st.session_state.get(key("step"), 0)), w.steps_taken)
    name = make(opt, lr, beta).label
    left, right = st.columns([3, 2])
    left.altair_chart(charts.walk_map(s, map_background(s.key), [w], [name], times, chosen=at,
                                      pick=True),
                      width="content", key=key("map"), on_select=on_pick,
                      selection_mode=["pick"])
    right.altair_chart(charts.loss_chart([w], [name], s.lowest_loss, times), width="content")
    st.caption("Click anywhere on the map to start from there. The white cross marks the "
               "lowest point; the diamond marks the step shown below.")
    walk_message(w, s.lowest_loss, s.stable_lr if opt == "gd" else None)

    with st.container(border=True):
        st.markdown("**Step by step**")
        at = step_controls(key("step"), w.steps_taken + 1)
        if at < w.steps_taken:
            s_ = w.step(at)
            cols = st.columns(6)
            cols[0].markdown(step_line("weights", s_.before))
            cols[1].markdown(step_line("slope", s_.slope))
            cols[2].markdown(step_line("learning rate", s_.lr))
            cols[3].markdown(step_line("update", s_.update))
            cols[4].markdown(step_line("new weights", s_.after))
            cols[5].markdown(f"**loss:** {number(s_.loss_before)} → {number(s_.loss_after)}")
            if opt != "gd":
                st.caption(f"{KINDS[opt]} does not step by learning rate × slope alone: it "
                           "blends in its earlier steps, so the update differs from the rule.")
        else:
            st.markdown(step_line("Where the walk ended", w.points[-1]) +
                        f" — loss {number(float(w.losses[-1]))}")


def race_view() -> None:
    st.subheader("A race: same start, same surface, different settings")
    s = surface_controls()
    stage.explain(s.notice)
    c_start, c_steps = st.columns([4, 1])
    with c_start:
        x0, y0 = start_controls(s)
    steps = c_steps.number_input("Steps", min_value=1, max_value=500, key=key("steps"))
    third = st.toggle("Race a third walker", key=key("r3_on"))
    cols = st.columns(3)
    optimizers, names = [], []
    for index, (r, col) in enumerate(zip(RACERS, cols, strict=True)):
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
            lr = lr_slider(st, "Learning rate", key(f"{r}_lr"))
            optimizers.append(make(kind, lr))
            names.append(f"Walker {index + 1}: {optimizers[-1].label}")
    walks = descent.race(s, optimizers, int(steps), (x0, y0))
    times = descent.frame_times(max(w.steps_taken for w in walks))
    left, right = st.columns([3, 2])
    left.altair_chart(charts.walk_map(s, map_background(s.key), walks, names, times),
                      width="content")
    right.altair_chart(charts.loss_chart(walks, names, s.lowest_loss, times), width="content")
    st.caption("Momentum's beta is 0.9 here; Adam uses its usual 0.9 and 0.999.")
    for name, w in zip(names, walks, strict=True):
        st.markdown(f"**{name}**")
        walk_message(w, s.lowest_loss, s.stable_lr if w.optimizer.kind == "gd" else None)


{"one": one_weight_view, "two": two_weight_view, "race": race_view}[view]()
settings.publish()
followers.publish()
