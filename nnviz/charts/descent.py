"""Pictures of a walk downhill: the loss map with its animated walkers, the loss per step, and
the one-weight view with its tangent line.

The animated charts are single Vega-Lite unit specs: the static background (grid cells,
footprints) and the moving walkers share one mark, and a timer selection on the `frame` field
shows one frame at a time in the browser, at FPS frames per second, with no server round trip.
Vega-Lite does not animate layered or concatenated charts, hence one unit.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from nnviz.core.formatting import number
from nnviz.lessons.descent import Slice, Walk, position_at, tangent
from nnviz.lessons.descent.surfaces import Grid, Surface

FPS = 30
MAP_WIDTH, MAP_HEIGHT = 440, 400
LOSS_WIDTH = 300
CELL_PX = 11  # side of one grid cell on screen: 40 x 36 cells; at 8 px (2,750 SVG squares)
# the browser spent about a third more CPU per animation frame (measured in chromium, same load)

# Low ground is deep water, high ground is snow: the lake is at the bottom of the map.
RAMP = ("#08306b", "#1d5fa0", "#3a93c3", "#6cc3b5", "#a8dc8f", "#e3ef9c", "#fbe9b0", "#fdf8ec")
BANDS = 16  # the map is shaded in bands, which reads like contour lines
# Okabe-Ito vermillion, reddish purple and black: told apart with any colour vision, and none
# of them is among the map's blues, greens and yellows. The shapes are a second cue.
WALKER_COLORS = ("#d55e00", "#cc79a7", "#000000")
WALKER_SHAPES = ("circle", "triangle-up", "diamond")
WALKER_MARKS = ("●", "▲", "◆")  # the same shapes, for text next to the chart
GOAL, CHOSEN = "lowest point", "chosen step"  # the looks of the two markers
TAIL = (1, 2, 3, 4)  # the comet tail: where the walker was this many frames ago
STATIC_KINDS = ["grid", "path", "goal", "chosen"]
# The map keeps its own size, axes and legend drawn around it: under Streamlit's default "fit"
# the legend squeezed the map and its square cells.
KEEP_PLOT_SIZE = alt.AutoSizeParams(type="pad")
FLOOR = 1e-12  # log charts cannot show zero: a gap this small is drawn at this height


def grid_size(surface: Surface) -> tuple[int, int]:
    """How many grid cells fit across and down the map, so each cell is CELL_PX square."""
    del surface  # every map has the same pixel size
    return MAP_WIDTH // CELL_PX, MAP_HEIGHT // CELL_PX


def shade(loss: np.ndarray) -> np.ndarray:
    """A band per cell (0 lowest) from the cell's rank among all cells, so every map shows its
    valleys clearly whether its losses span 1 or 10,000."""
    flat = np.asarray(loss, dtype=float).ravel()
    rank = np.argsort(np.argsort(flat, kind="stable"), kind="stable") / max(len(flat) - 1, 1)
    return np.minimum((rank * BANDS).astype(int), BANDS - 1)


def band_look(band: np.ndarray) -> list[str]:
    return [f"band {b}" for b in band]


def _ramp(t: np.ndarray) -> np.ndarray:
    anchors = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in RAMP], dtype=float)
    pos = np.asarray(t, dtype=float) * (len(RAMP) - 1)
    lo = np.clip(np.floor(pos).astype(int), 0, len(RAMP) - 2)
    frac = (pos - lo)[:, None]
    rgb = np.rint(anchors[lo] * (1 - frac) + anchors[lo + 1] * frac).astype(int)
    return np.array([f"#{r:02x}{g:02x}{b:02x}" for r, g, b in rgb])


PALETTE = _ramp(np.linspace(0.0, 1.0, BANDS))  # one colour per band, lowest first


def _rows(kind: str, who, x, y, loss, step, frame, look, outline, size, stroke_width,
          opacity) -> pd.DataFrame:
    """Map rows; `look` names how a row is drawn (its fill and shape, see map_looks)."""
    return pd.DataFrame({
        "kind": kind, "who": who, "x": x, "y": y, "loss": loss, "step": step, "frame": frame,
        "look": look, "outline": outline, "size": size, "stroke_width": stroke_width,
        "opacity": opacity,
    })


def walker_looks(names: list[str]) -> dict[str, tuple[str, str]]:
    """Each walker's (fill, shape), the same on the map and on the loss chart."""
    return {name: (WALKER_COLORS[i % len(WALKER_COLORS)], WALKER_SHAPES[i % len(WALKER_SHAPES)])
            for i, name in enumerate(names)}


def map_looks(names: list[str]) -> dict[str, tuple[str, str]]:
    """Each look on the map and its (fill, shape): the bands of the ground, the two markers,
    then the walkers, the looks the legend lists."""
    return {
        **{look: (color, "square")
           for look, color in zip(band_look(np.arange(BANDS)), PALETTE, strict=True)},
        GOAL: ("#ffffff", "cross"), CHOSEN: ("#ffffff", "diamond"),
        **walker_looks(names),
    }


def look_scales(looks: dict[str, tuple[str, str]]) -> tuple[alt.Scale, alt.Scale]:
    """The fill scale and the shape scale that draw each look."""
    return (alt.Scale(domain=list(looks), range=[fill for fill, _ in looks.values()]),
            alt.Scale(domain=list(looks), range=[shape for _, shape in looks.values()]))


def background(surface: Surface, field: Grid) -> pd.DataFrame:
    """The map without walkers: shaded grid cells and the lowest point. Depends only on the
    surface, so a page can compute it once and reuse it."""
    gx, gy = np.meshgrid(field.xs, field.ys)
    bands = shade(field.loss)
    cells = _rows("grid", "", gx.ravel(), gy.ravel(), field.loss.ravel(), np.nan, 0,
                  band_look(bands), PALETTE[bands], (MAP_WIDTH / len(field.xs) + 1) ** 2, 0.0,
                  1.0)
    goal = _rows("goal", GOAL, [surface.lowest[0]], [surface.lowest[1]],
                 [surface.lowest_loss], np.nan, 0, GOAL, "#0f172a", 140.0, 1.0, 1.0)
    return pd.concat([cells, goal], ignore_index=True)


def walker_rows(surface: Surface, walks: list[Walk], names: list[str], times: np.ndarray,
                chosen: int | None = None) -> pd.DataFrame:
    """Footprints (every step, static) and the walkers with their comet tails, per frame."""
    parts = []
    frames = np.arange(len(times))
    lags = np.array((0, *TAIL))
    for index, (w, name) in enumerate(zip(walks, names, strict=True)):
        color = WALKER_COLORS[index % len(WALKER_COLORS)]
        (x_lo, x_hi), (y_lo, y_hi) = surface.x_range, surface.y_range
        keep = ((w.points[:, 0] >= x_lo) & (w.points[:, 0] <= x_hi)
                & (w.points[:, 1] >= y_lo) & (w.points[:, 1] <= y_hi))
        parts.append(_rows("path", name, w.points[keep, 0], w.points[keep, 1], w.losses[keep],
                           np.flatnonzero(keep).astype(float), 0, name, "#ffffff", 34.0, 0.5,
                           0.85))
        # One row per (lag, frame): where the walker was `lag` frames before this frame.
        when = times[np.maximum(frames[None, :] - lags[:, None], 0)].ravel()
        at = position_at(w.points, when)
        head = np.repeat(lags == 0, len(frames))
        lag = np.repeat(lags, len(frames))
        parts.append(_rows(
            "walker", name, at[:, 0], at[:, 1], position_at(w.losses, when),
            np.minimum(when, w.steps_taken), np.tile(frames, len(lags)),
            name, np.where(head, "#ffffff", color),
            np.where(head, 190.0, 110.0 / (lag + 1)), np.where(head, 2.0, 0.0),
            np.where(head, 1.0, 0.55 / np.maximum(lag, 1)),
        ))
        if chosen is not None and index == 0 and 0 <= chosen < len(w.points):
            p = w.points[chosen]
            parts.append(_rows("chosen", f"{name}: step {chosen}", [p[0]], [p[1]],
                               [w.losses[chosen]], float(chosen), 0, CHOSEN, "#0f172a",
                               230.0, 2.5, 1.0))
    return pd.concat(parts, ignore_index=True)


def _animated(chart: alt.Chart) -> alt.Chart:
    # Static rows carry frame 0, so the frames on the time scale are exactly 0 .. n - 1 without
    # spelling out the domain (a long domain list makes Altair's validation slow).
    anim = alt.selection_point(name="anim", fields=["frame"], on="timer", clear=False)
    return (
        chart.encode(time=alt.Time("frame:O"))
        .add_params(anim)
        .transform_filter({"or": [{"field": "kind", "oneOf": STATIC_KINDS}, {"param": "anim"}]})
    )


def walk_map(surface: Surface, back: pd.DataFrame, walks: list[Walk], names: list[str],
             times: np.ndarray, chosen: int | None = None, pick: bool = False) -> alt.Chart:
    """The loss map with footprints and animated walkers; `pick` lets a click choose a start.

    `back` is background(surface, grid(surface, ...)), passed in so a page can cache it."""
    data = pd.concat([back, walker_rows(surface, walks, names, times, chosen)],
                     ignore_index=True)
    fills, shapes = look_scales(map_looks(names))
    # Fill and shape read the same field with the same legend, so Vega-Lite draws one legend
    # showing both; it lists the walkers only, not the bands of the ground.
    legend = alt.Legend(title=None, values=list(names), orient="bottom", direction="vertical",
                        labelLimit=MAP_WIDTH, labelFontSize=12, symbolSize=120)
    chart = alt.Chart(data, width=MAP_WIDTH, height=MAP_HEIGHT,
                      autosize=KEEP_PLOT_SIZE).mark_point(
        filled=True, clip=True
    ).encode(
        x=alt.X("x:Q", title=surface.x_label,
                scale=alt.Scale(domain=list(surface.x_range), nice=False, zero=False)),
        y=alt.Y("y:Q", title=surface.y_label,
                scale=alt.Scale(domain=list(surface.y_range), nice=False, zero=False)),
        color=alt.Color("look:N", legend=legend, scale=fills),
        shape=alt.Shape("look:N", legend=legend, scale=shapes),
        stroke=alt.Stroke("outline:N", scale=None),
        size=alt.Size("size:Q", scale=None),
        strokeWidth=alt.StrokeWidth("stroke_width:Q", scale=None),
        opacity=alt.Opacity("opacity:Q", scale=None),
        tooltip=[alt.Tooltip("who:N", title="walker"), alt.Tooltip("step:Q", format=".0f"),
                 alt.Tooltip("x:Q", title=surface.x_label, format=".4~g"),
                 alt.Tooltip("y:Q", title=surface.y_label, format=".4~g"),
                 alt.Tooltip("loss:Q", format=".5~g")],
    )
    chart = _animated(chart).properties(description=(
        f"Animated map of the loss over {surface.x_label} (across) and {surface.y_label} (up), "
        "shaded from deep blue where the loss is low to pale yellow where it is high, with "
        f"the lowest point marked and each walker ({', '.join(names)}; a colour and a shape "
        "each) stepping downhill and leaving footprints."
        + (" Click the map to start the walk there." if pick else "")))
    if pick:
        chart = chart.add_params(alt.selection_point(name="pick", fields=["x", "y"], on="click",
                                                     clear=False, toggle=False))
    return chart.configure_scale(framesPerSecond=FPS).configure_view(strokeWidth=0)


def loss_frame(walks: list[Walk], names: list[str], lowest: float,
               times: np.ndarray) -> pd.DataFrame:
    """Loss above the lowest point, per step (beads) and per frame (the moving dot)."""
    parts = []
    frames = np.arange(len(times))
    for w, name in zip(walks, names, strict=True):
        gap = np.maximum(w.losses - lowest, FLOOR)
        parts.append(pd.DataFrame({
            "kind": "path", "who": name, "step": np.arange(len(gap), dtype=float), "gap": gap,
            "loss": w.losses, "frame": 0, "size": 14.0, "opacity": 0.9,
        }))
        t = np.minimum(times, w.steps_taken)
        parts.append(pd.DataFrame({
            "kind": "walker", "who": name, "step": t,
            "gap": np.exp(position_at(np.log(gap), t)),  # glides straight on the log axis
            "loss": position_at(w.losses, t), "frame": frames, "size": 120.0, "opacity": 1.0,
        }))
    return pd.concat(parts, ignore_index=True)


def loss_chart(walks: list[Walk], names: list[str], lowest: float,
               times: np.ndarray) -> alt.Chart:
    """Loss per step on a log axis, a dot running along in step with the map.

    The axis reaches the highest loss drawn, however far a walk blew up: on a log axis a loss
    a million times the start still leaves the other walkers readable."""
    data = loss_frame(walks, names, lowest, times)
    finite = data["gap"][np.isfinite(data["gap"])]  # an overflowed loss has no place on an axis
    low, top = max(float(finite.min()), FLOOR), float(finite.max())
    steps = max(max(w.steps_taken for w in walks), 1)
    fills, shapes = look_scales(walker_looks(names))
    chart = alt.Chart(data, width=LOSS_WIDTH, height=MAP_HEIGHT).mark_point(
        filled=True, clip=True
    ).encode(
        # A few pixels of padding keep the first and last beads whole; there is no step 0.2.
        x=alt.X("step:Q", title="step",
                scale=alt.Scale(domain=[0, steps], nice=False, padding=6),
                axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("gap:Q", title="loss above the lowest point (log scale)",
                scale=alt.Scale(type="log", domain=[low / 1.5, top * 1.5], nice=False)),
        color=alt.Color("who:N", scale=fills, legend=None),
        shape=alt.Shape("who:N", scale=shapes, legend=None),
        size=alt.Size("size:Q", scale=None),
        opacity=alt.Opacity("opacity:Q", scale=None),
        tooltip=[alt.Tooltip("who:N", title="walker"), alt.Tooltip("step:Q", format=".0f"),
                 alt.Tooltip("loss:Q", format=".5~g")],
    )
    description = (f"Animated chart of each walker's loss above the lowest point "
                   f"({', '.join(names)}; a colour and a shape each) at every step, on a log "
                   "scale, with a dot moving along in step with the map.")
    return (_animated(chart).properties(description=description)
            .configure_scale(framesPerSecond=FPS))


def slope_label_side(w: float, slope: float, lo: float, hi: float) -> tuple[str, int, int]:
    """Where the slope's label goes around the current point: (align, dx, dy) in pixels.

    Towards the middle of the chart, so it is never cut off at the edge, and above or below
    the point on the side the tangent line does not run through."""
    left = w > (lo + hi) / 2
    above = (slope > 0) == left
    return ("right" if left else "left"), (-14 if left else 14), (-16 if above else 16)


def slope_chart(curve: Slice, w: Walk, at: int, width: int | None = None,
                height: int = 360) -> alt.LayerChart:
    """One weight: the loss curve, the steps so far, and the tangent line where we stand.

    With no width the chart fills the width it is given (st.altair_chart(width="stretch"))."""
    lo, hi = curve.range
    ws = np.linspace(lo, hi, 300)
    line = pd.DataFrame({"w": ws, "loss": curve.heights(ws)})
    at = int(np.clip(at, 0, w.steps_taken))
    # Tall enough for the start and the bottom; the far ends of the curve may run off the top.
    top = 1.3 * max(float(w.losses[0]), float(np.min(line["loss"])), 1e-9)
    seen = w.points[: at + 1, 0]
    steps = pd.DataFrame({"w": seen, "loss": w.losses[: at + 1], "step": np.arange(at + 1)})
    here_w, here_loss, here_slope = float(seen[-1]), float(w.losses[at]), float(w.slopes[at, 0])
    tw, tl = tangent(here_w, here_loss, here_slope, 0.12 * (hi - lo))
    touch = pd.DataFrame({"w": tw, "loss": tl})
    label = pd.DataFrame({"w": [here_w], "loss": [here_loss],
                          "text": [f"slope {number(here_slope)}"]})
    align, dx, dy = slope_label_side(here_w, here_slope, lo, hi)

    x = alt.X("w:Q", title=curve.label, scale=alt.Scale(domain=[lo, hi], nice=False))
    y = alt.Y("loss:Q", title="loss (mean squared error)",
              scale=alt.Scale(domain=[0, top], nice=False, zero=True))
    base = alt.Chart(line, height=height) if width is None else alt.Chart(line, width=width,
                                                                          height=height)
    layers = [
        base.mark_line(color="#1d5fa0", strokeWidth=3, clip=True).encode(x=x, y=y),
        alt.Chart(steps).mark_line(color="#dc2626", strokeDash=[4, 3], opacity=0.6,
                                   clip=True).encode(x=x, y=y, order="step:Q"),
        alt.Chart(steps).mark_circle(color="#dc2626", size=60, opacity=0.7, clip=True).encode(
            x=x, y=y, tooltip=[alt.Tooltip("step:Q"), alt.Tooltip("w:Q", format=".5~g"),
                               alt.Tooltip("loss:Q", format=".5~g")]),
        alt.Chart(touch).mark_line(color="#f97316", strokeWidth=3, clip=True).encode(x=x, y=y),
        # Clipped: a walk that blew up stands far off the chart, and unclipped text there
        # would stretch the chart's bounds (the label goes with the walker).
        alt.Chart(label).mark_text(align=align, dx=dx, dy=dy, fontSize=15, fontWeight="bold",
                                   color="#c2410c", clip=True).encode(x=x, y=y, text="text:N"),
        alt.Chart(steps.tail(1)).mark_circle(color="#dc2626", size=260, stroke="#ffffff",
                                             strokeWidth=2, opacity=1, clip=True).encode(x=x, y=y),
    ]
    description = (f"Line chart of the loss for every value of {curve.label}, with the "
                   f"steps taken so far as red dots on a dashed path; at step {at} the weight "
                   f"is {number(here_w)}, the loss {number(here_loss)}, and the orange tangent "
                   f"line shows the slope there, {number(here_slope)}.")
    return alt.layer(*layers).properties(description=description).configure_view(strokeWidth=0)
