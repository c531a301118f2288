"""The live-training widget every training page uses.

    net = live_training(
        key="hello",                                  # unique per page
        make_job=lambda: TrainingJob(spec, config, x_train, y_train, x_val, y_val),
        settings_signature=(spec, config, data_seed, ...),   # anything hashable
        extra_draw=lambda net: draw_my_boundary(net), # optional: drawn with the curves
        replay_plan=boundary_plan(...),               # optional: replayed in the browser
    )

What it does:
- trains in worker processes (nnviz.jobs), never in this server's threads (which never import
  torch): the page hands a job's chunks to the pool and takes each finished chunk into the
  visitor's own network (nnviz.core.trained.TrainedNet), kept in
  st.session_state[f"{key}__net"] (never shared: two visitors never see each other's model).
  Identical jobs cost once: a chunk some visitor already trained arrives at once. Even the
  untrained weights come from a worker: a page run waits for them (a moment, once the pool
  is warm);
- builds a new run whenever `settings_signature` changes (training stops; the page says so),
  and shows the job's ValueError as a warning instead of a traceback;
- Train / Resume / Train again, Stop and Reset buttons, outside the live part so a click is
  handled at once. Stop takes effect at once: the page just stops asking for chunks;
- a fragment that, while training runs, takes in the finished chunks every `tick_seconds`
  (default 0.2 s) and redraws the progress bar and, with a `replay_plan`, hands the frames so
  far to the browser's replay (nnviz.ui.replay), which plays them itself; without one it
  redraws the loss and metric curves and `extra_draw(net)`. Once training stops, the
  numbers, curves and `extra_draw` come below the replay. The rest of the page stays usable
  meanwhile. `epochs_per_tick` plays the run in slow motion: chunks of that many epochs, one
  per `tick_seconds` by the clock (on a busy server, whose ticks come less often, several
  arrive at once, so the run takes no longer). The job itself trains ahead on the workers
  (nnviz.jobs.run), and the replay gets the frames trained ahead at once. A click waits up
  to a second for the whole job: if it is trained by then, a run without slow motion ends in
  that same page run, and one in slow motion ticks about once a second; if not, the fragment
  fetches the frames every 0.5 s while it trains. When training ends the whole page reruns
  once, so anything the page draws from the network outside the widget catches up.

Under AppTest a fragment never re-fires on its timer, but its body runs on every full run, and
NNVIZ_JOB_WAIT (seconds) lets each run wait for the chunk under way: so every run while
training is on takes in a chunk, and a test trains to the end by clicking Train and then
calling at.run() until `net.finished`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable

import streamlit as st

from nnviz.charts.training import curves_spec
from nnviz.core.trained import TrainedNet
from nnviz.jobs import pool
from nnviz.jobs.job import TrainingJob
from nnviz.jobs.run import Run
from nnviz.ui import fit, stage
from nnviz.ui.replay import replay
from nnviz.ui.replay_plans import ReplayPlan

TICK_SECONDS = 0.2
# A click's page run waits up to AHEAD_WAIT (no CPU) for the whole job to be trained ahead.
# If it is, a run without slow motion ends in that page run; in slow motion with a replay the
# browser has every frame and plays them itself, and the page ticks only every
# REVEAL_TICK_SECONDS, to move its progress line and end the run on time.
AHEAD_WAIT = 1.0
REVEAL_TICK_SECONDS = 1.0
# ...and if it is not, the page fetches the frames trained so far every FRAMES_TICK_SECONDS.
FRAMES_TICK_SECONDS = 0.5
FRESH_WEIGHTS_WAIT = 10.0  # seconds: a cold pool's workers import torch first
WAIT_SETTING = "NNVIZ_JOB_WAIT"
CLICKER = "PageDown"  # the key a presenter's remote sends for "next"
# On stage the replay is a little shorter, so that it, its curves and the Train button share
# a 1280x720 screen.
STAGE_REPLAY_HEIGHT = 300
METRIC_WIDTH = 170  # pixels: "Validation accuracy" and its number, two to a phone's line
STAGE_METRIC_WIDTH = 260  # in presenter type, four to a 1280 px line


def _keys(key: str) -> dict[str, str]:
    return {name: f"{key}__{name}" for name in ("net", "run", "signature", "running",
                                               "error", "notice", "clicked")}


def is_running(key: str) -> bool:
    return bool(st.session_state.get(_keys(key)["running"], False))


def _build(key: str, make_job: Callable[[], TrainingJob], signature: Hashable) -> None:
    k = _keys(key)
    st.session_state[k["signature"]] = signature
    st.session_state[k["running"]] = False
    old = st.session_state.get(k["run"])
    if old is not None:
        old.halt()  # nobody will look at its chunks: stop training them ahead
    try:
        run = Run(make_job())
        st.session_state[k["run"]], st.session_state[k["net"]] = run, run.net
        st.session_state[k["error"]] = None
    except ValueError as problem:  # unusable data or settings: say why, keep the page alive
        st.session_state[k["run"]] = st.session_state[k["net"]] = None
        st.session_state[k["error"]] = str(problem)


def _start(key: str, make_job: Callable[[], TrainingJob], signature: Hashable,
           seconds_per_chunk: float | None) -> None:
    k = _keys(key)
    run = st.session_state.get(k["run"])
    if run is not None and run.finished:
        _build(key, make_job, signature)  # "Train again" starts from fresh weights
        run = st.session_state.get(k["run"])
    elif run is not None:
        run.problem = None  # after a lost worker: go on from the last chunk that arrived
    if run is not None:
        run.pace(seconds_per_chunk)
        run.start()  # the job trains ahead on the workers from now on
    st.session_state[k["running"]] = run is not None
    st.session_state[k["notice"]] = None
    st.session_state[k["clicked"]] = True  # this page run may wait for the job: see AHEAD_WAIT


def _stop(key: str) -> None:
    k = _keys(key)
    st.session_state[k["running"]] = False
    run = st.session_state.get(k["run"])
    if run is not None:
        run.halt()


def _reset(key: str, make_job: Callable[[], TrainingJob], signature: Hashable) -> None:
    _build(key, make_job, signature)
    st.session_state[_keys(key)["notice"]] = None


def _wait_seconds(default: float) -> float:
    """How long a page run may wait for a worker: `default`, or the test setting."""
    try:
        return float(os.environ[WAIT_SETTING])
    except (KeyError, ValueError):
        return default


def live_training(
    key: str,
    make_job: Callable[[], TrainingJob],
    settings_signature: Hashable,
    extra_draw: Callable[[TrainedNet], None] | None = None,
    epochs_per_tick: int | None = None,
    tick_seconds: float = TICK_SECONDS,
    show_metric: bool = True,
    log_loss: bool = False,
    replay_plan: ReplayPlan | None = None,
) -> TrainedNet | None:
    """Draw the training controls and live curves; return the session's network (None if the
    current settings cannot make one: the reason is shown on the page).

    `epochs_per_tick` plays the run in slow motion (so a quick job can be watched);
    `extra_draw(net)` runs inside the live part after the curves, once the net has weights.
    With a `replay_plan`, the browser plays the run's frames itself while it trains (and again
    afterwards), and the server draws the numbers, curves and `extra_draw` once training stops."""
    k = _keys(key)
    pool.warm()
    plain_job = make_job
    if replay_plan is not None or epochs_per_tick:
        def make_job() -> TrainingJob:
            job = plain_job()
            if replay_plan is not None:
                job = job.recording(replay_plan.probe)
            return job.in_chunks_of(epochs_per_tick) if epochs_per_tick else job
    if k["run"] not in st.session_state:
        _build(key, make_job, settings_signature)
    elif st.session_state.get(k["signature"]) != settings_signature:
        old = st.session_state.get(k["net"])
        had_progress = old is not None and old.steps_done > 0
        _build(key, make_job, settings_signature)
        if had_progress:
            st.session_state[k["notice"]] = (
                "The settings changed, so the network starts again from fresh weights.")

    run: Run | None = st.session_state.get(k["run"])
    error = st.session_state.get(k["error"])
    if run is None:
        st.warning(error or "These settings cannot make a network.", icon=":material/warning:")
        return None
    net = run.net
    # A tick never waits for a worker (measured, 30 visitors: ticks that waited ran longer
    # than the tick interval on a busy server, and p95 click-to-trained went from 8 s to
    # 91 s). A page run waits for the fresh weights instead of polling for them: on a warm
    # pool they take milliseconds; only a server's first visitors wait for its workers to start.
    wait = _wait_seconds(0.0)
    run.settle(_wait_seconds(FRESH_WEIGHTS_WAIT))
    # Only the click's own page run waits for the job: any other (a control moved while it
    # trains) goes on at once.
    ahead_wait = _wait_seconds(AHEAD_WAIT) if st.session_state.pop(k["clicked"], False) else 0.0
    if is_running(key) and not epochs_per_tick:
        # Without slow motion a job is often trained within a moment: waiting for it here
        # (no CPU), before the buttons are drawn, ends the run in this page run, with no
        # tick and no second run (on a crowded server that halves each click's cost).
        _end_if_trained(key, run, ahead_wait)

    _buttons(key, net, (key, make_job, settings_signature,
                        tick_seconds if epochs_per_tick else None))
    notice = st.session_state.get(k["notice"])
    if notice:
        st.caption(notice)

    tick = tick_seconds
    if is_running(key) and replay_plan is not None:
        if epochs_per_tick and run.train_ahead(ahead_wait):
            tick = _reveal_tick(run.reveal_seconds(), max(tick, REVEAL_TICK_SECONDS))
            wait = max(wait, tick)  # a late tick may sleep until the last chunk is due
        else:  # still training: the browser plays what has come, so fetch it less often
            tick = max(tick, FRAMES_TICK_SECONDS)

    @st.fragment(run_every=tick if is_running(key) else None)
    def live_part():
        if is_running(key) and st.session_state.get(k["run"]) is run:
            run.settle(wait)
            run.advance(wait)  # slow motion: the run paces itself (see _start)
            if run.finished or run.problem:
                st.session_state[k["running"]] = False
                # One full rerun: the buttons change and the timer stops.
                st.rerun()
        if run.problem:
            st.error(run.problem, icon=":material/error:")
        # While training, the frames trained ahead of the progress line go to the browser too.
        recorded = run.frames(ahead=is_running(key)) if replay_plan is not None else None
        # On stage the replay's own epoch count stands in for the progress bar.
        draw_progress(net, bar=not (stage.on() and recorded is not None))
        if recorded is not None:
            replay(f"{key}_replay", replay_plan.picture(*recorded),
                   replay_plan.history(net.history),
                   total_epochs=net.config.epochs, metric_name=net.metric_name,
                   percent=net.metric_name == "accuracy", complete=not is_running(key),
                   height=min(replay_plan.height, STAGE_REPLAY_HEIGHT) if stage.on()
                   else replay_plan.height)
            if is_running(key):
                return  # the browser shows the run; the rest is drawn once it stops
        draw_results(net, show_metric=show_metric, log_loss=log_loss,
                     replayed=key if recorded is not None else None)
        if extra_draw is None:
            return
        if net.has_weights:
            extra_draw(net)
        elif run.problem is None:
            st.caption("The untrained network appears here once a worker has drawn its first "
                       "random weights (the training workers are still starting).")

    live_part()
    return net


def _end_if_trained(key: str, run: Run, wait: float) -> None:
    """If the whole job is trained within `wait` seconds, take it in and end the run."""
    if run.train_ahead(wait):
        run.advance(0)
    if run.finished or run.problem:
        st.session_state[_keys(key)["running"]] = False


def _reveal_tick(seconds_left: float, at_least: float) -> float:
    """Tick seconds that end a run trained ahead on time: whole ticks of `at_least` or a
    little more, the last one when slow motion has shown the last chunk."""
    if seconds_left <= at_least:
        return at_least
    return seconds_left / (seconds_left // at_least)


def _buttons(key: str, net: TrainedNet, start_args: tuple) -> None:
    running = is_running(key)
    if running:
        label, icon = "Training…", ":material/hourglass_top:"
    elif net.finished:
        label, icon = "Train again", ":material/replay:"
    elif net.steps_done:
        label, icon = "Resume", ":material/play_arrow:"
    else:
        label, icon = "Train", ":material/play_arrow:"
    go, stop, reset = st.columns(3)
    # A presenter's clicker (PageDown) presses whichever of Train and Stop can be pressed.
    go.button(label, key=f"{key}_train", icon=icon, type="primary", disabled=running,
              on_click=_start, args=start_args, width="stretch",
              shortcut=None if running else CLICKER)
    stop.button("Stop", key=f"{key}_stop", icon=":material/pause:", disabled=not running,
                on_click=_stop, args=(key,), width="stretch",
                shortcut=CLICKER if running else None)
    reset.button("Reset", key=f"{key}_reset", icon=":material/restart_alt:",
                 on_click=_reset, args=start_args[:3], width="stretch",
                 help="Start over from fresh random weights.")


def progress_text(net: TrainedNet) -> str:
    return (f"Epoch {net.epochs_done:,} of {net.config.epochs:,} · "
            f"step {net.steps_done:,} of {net.total_steps:,}")


def draw_progress(net: TrainedNet, bar: bool = True) -> None:
    """The progress bar, and why training stopped if it did."""
    if bar:
        st.progress(net.progress, text=progress_text(net))
    if net.diverged:
        st.error(net.message, icon=":material/error:")


def draw_results(net: TrainedNet, show_metric: bool = True, log_loss: bool = False,
                 replayed: str | None = None) -> None:
    """The latest numbers and the loss and metric curves (`replayed`: the key of a replay above
    that draws the same curves, so a phone, short of height, shows them once: nnviz.ui.fit)."""
    history = net.history
    percent = net.metric_name == "accuracy"
    if len(history):
        last = history.iloc[-1]
        # A row that wraps: two numbers a line on a phone rather than one.
        row = st.container(horizontal=True)
        width = STAGE_METRIC_WIDTH if stage.on() else METRIC_WIDTH
        cols = [row.container(width=width) for _ in range(4 if show_metric else 2)]
        cols[0].metric("Training loss", f"{last.train_loss:.4g}")
        cols[1].metric("Validation loss",
                       "—" if net.n_val == 0 else f"{last.val_loss:.4g}")
        if show_metric:
            name = net.metric_name.capitalize()
            shown = (lambda v: f"{v:.1%}") if percent else (lambda v: f"{v:.4g}")
            cols[2].metric(f"Training {net.metric_name}", shown(last.train_metric))
            cols[3].metric(f"Validation {net.metric_name}",
                           "—" if net.n_val == 0 else shown(last.val_metric),
                           help=f"{name} on rows the network never trains on.")
    epochs = net.config.epochs
    box = st.container(key=f"{fit.REPLAYED}{replayed}") if replayed else st.container()
    charts = box.columns(2) if show_metric else [box.container()]
    loss_title = f"loss ({net.spec.recipe.loss_name})"
    with charts[0]:
        st.vega_lite_chart(
            curves_spec(history, "train_loss", "val_loss", loss_title, epochs, log_scale=log_loss),
            width="stretch")
    if show_metric:
        with charts[1]:
            st.vega_lite_chart(
                curves_spec(history, "train_metric", "val_metric", net.metric_name, epochs,
                            percent=percent),
                width="stretch")
