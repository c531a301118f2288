"""An audience training at once: N visitors press Train on one server, against a lone visitor
measured in the same run.

Run: python -m bench.audience               (30 visitors; about 22 minutes on a busy 2-core box)
     python -m bench.audience --quick       (5 visitors, about 3 minutes)
     python -m bench.audience --visitors 10 --page binary --deadline 900

Visitors are real websocket sessions speaking Streamlit's protocol (bench/streamlit_client.py:
the browser app's messages and fragment timers, nothing drawn), all from this process, on
127.0.0.1. A click is a rerun whose widget states trigger the page's Train button; the click's
time is until the first message showing that button labelled "Train again" (the page's rerun
when training ends).

1. lone visitor, server A (freshly started, same flags as bench.memory):
   - cold: the server's very first training (default settings): it also starts the worker pool
     (a forkserver that imports torch, then one worker per core);
   - warm: three more, each in a fresh session, same defaults: the job's chunks are now in the
     shared results (identical jobs cost once), so this is the page's own pace: ticks, reruns
     and pictures;
   - uncached: three fresh sessions, each with its own seed in the URL (`<prefix>_seed=`), so
     each is a job nobody ran: what one job costs alone. On the hello page also with slow
     motion off (`hello_slow=0`): the engine as fast as it goes, one chunk per job.
2. server B, freshly started: N visitors open the page at once, then all press Train with the
   defaults (p50 / p95 / max click-to-trained; target p95 <= 3x the lone visitor's).
3. same server: N new visitors, each with a different seed (no job shared), all press Train;
   throughput = runs trained per second (first click to last "Train again"), against cores x
   the lone uncached speed (1 / its click-to-trained); target >= 70 %. On hello, again with
   slow motion off.

Memory: the summed PSS (/proc/<pid>/smaps_rollup) of the server and all its descendants (the
forkserver, the pool's workers, the resource tracker): shared pages counted once, which is
what a container's memory limit sees; the summed RSS beside it counts shared pages once per
process. Sampled every 0.25 s by a thread here; peak per stage and the value once the stage has
settled (sessions still open). Target < 690 MB at N = 30 (Community Cloud).

Errors: a visitor that fails to open, times out, loses its connection, or is shown an
exception or an error box; and Tracebacks in the servers' logs.

Everything is bounded: every wait has a timeout, the run has a deadline (`--deadline`, a
watchdog stops the servers and exits), and servers are stopped in finally blocks.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.memory import CLOUD_MB, ROOT, RUNNING, Server, descendants, rollup_kb, start_server
from bench.streamlit_client import Visitor

# url path -> (the live-training key's seed parameter, its slow-motion parameter or None)
PAGES = {
    "hello": ("hello_seed", "hello_slow"),
    "binary": ("bin_seed", None),
    "regression": ("reg_seed", None),
    "multiclass": ("mc_seed", None),
}
TRAIN_SUFFIX = "_train"  # every live_training key's button: f"{key}_train"
TRAINED = "Train again"
OPEN_TIMEOUT = 240.0  # s; N first runs at once on 2 busy cores
SETTLE_SECONDS = 4.0
LONE_REPEATS = 3
REF_SEEDS = (9001, 9002, 9003)  # the lone uncached runs; crowds use 1..N and 5001..5000+N


def cores() -> int:
    """What the pool sizes itself to (nnviz.jobs.pool.workers)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


# ---- memory of a process tree, shared pages counted once ------------------------------------

@dataclass
class TreeMemory:
    pss: float  # MB
    rss: float
    processes: int


def tree_memory(pid: int, children: list[int] | None = None) -> TreeMemory:
    pids = [pid, *(descendants(pid) if children is None else children)]
    pss = rss = 0
    for p in pids:
        a, b = rollup_kb(p)
        pss, rss = pss + a, rss + b
    return TreeMemory(pss / 1024, rss / 1024, len(pids))


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) used so far by `pid` itself and by its live descendants."""
    tick = os.sysconf("SC_CLK_TCK")

    def one(p: int) -> float:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            return 0.0

    return one(pid), sum(one(p) for p in descendants(pid))


@dataclass
class Cpu:
    """Where the CPU went while a crowd trained (first click to last "Train again")."""

    wall: float
    server: float  # the Streamlit process: every session's script runs, one GIL
    pool: float  # forkserver and workers: the training chunks
    client: float  # this process: all the visitors' websockets
    runs: int  # page runs the visitors saw start (new_session: full and fragment)
    requests: int  # rerun requests they sent (clicks and timer ticks)


def process_role(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline") as f:
            cmd = f.read().replace("\0", " ")
    except OSError:
        return "gone"
    if "streamlit run" in cmd:
        return "server"
    if "resource_tracker" in cmd:
        return "resource tracker"
    if "forkserver import main" in cmd:
        return "forkserver / pool worker"  # workers are forks of the forkserver: same cmdline
    return cmd[:40]


def per_process(pid: int) -> list[tuple[int, str, float, float]]:
    """(pid, role, PSS MB, RSS MB) of the server and each descendant."""
    rows = []
    for p in [pid, *descendants(pid)]:
        pss, rss = rollup_kb(p)
        rows.append((p, process_role(p), pss / 1024, rss / 1024))
    return rows


class PssSampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = TreeMemory(0, 0, 0)
        self.peak_parts: list[tuple[str, float]] = []  # (role, PSS MB) at the peak sample
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def run(self) -> None:
        children, last_scan = [], 0.0
        while not self._stop.is_set():
            if time.monotonic() - last_scan > 1.0:
                children, last_scan = descendants(self.pid), time.monotonic()
            parts = [(p, *rollup_kb(p)) for p in (self.pid, *children)]
            pss = sum(a for _, a, _ in parts) / 1024
            rss = sum(b for _, _, b in parts) / 1024
            with self._lock:
                if pss > self.peak.pss:
                    self.peak_parts = [(process_role(p), a / 1024) for p, a, _ in parts]
                self.peak = TreeMemory(max(self.peak.pss, pss), max(self.peak.rss, rss),
                                       max(self.peak.processes, len(parts)))
            self._stop.wait(self.interval)

    def reset(self) -> None:
        with self._lock:
            self.peak, self.peak_parts = tree_memory(self.pid), []

    def stage_peak(self) -> TreeMemory:
        with self._lock:
            return self.peak

    def stage_peak_parts(self) -> list[tuple[str, float]]:
        with self._lock:
            return list(self.peak_parts)

    def stop(self) -> None:
        self._stop.set()


# ---- results ----------------------------------------------------------------------------------

@dataclass
class Stage:
    name: str
    visitors: int  # attempts: sessions that were to train
    times: list[float] = field(default_factory=list)  # click-to-trained, of those that made it
    opens: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    span: float = 0.0  # first click to last "Train again"
    memory_peak: TreeMemory | None = None
    memory_final: TreeMemory | None = None
    memory_peak_parts: list[tuple[str, float]] = field(default_factory=list)
    cpu: Cpu | None = None

    @property
    def done(self) -> int:
        return len(self.times)

    @property
    def throughput(self) -> float:
        return self.done / self.span if self.span > 0 else 0.0


def percentile(values: list[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q of the values at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _fmt(seconds: float) -> str:
    return "—" if seconds is None or math.isnan(seconds) else f"{seconds:.2f} s"


# ---- visitors ---------------------------------------------------------------------------------

def _ws(server: Server) -> str:
    return server.base.replace("http", "ws", 1) + "/_stcore/stream"


async def _open(server: Server, page: str, query: str, name: str) -> tuple[Visitor, float]:
    visitor = Visitor(_ws(server), page=page, query=query, name=name)
    try:
        seconds = await visitor.open(OPEN_TIMEOUT)
        if visitor.button_ending(TRAIN_SUFFIX) is None:
            raise RuntimeError(f"{name}: no Train button on /{page}")
        return visitor, seconds
    except BaseException:
        await visitor.close()
        raise


async def lone(server: Server, page: str, queries: list[str], name: str,
               timeout: float) -> Stage:
    """One visitor at a time, each in a fresh session: open, Train, wait, leave."""
    stage = Stage(name, len(queries))
    for i, query in enumerate(queries):
        visitor = None
        try:
            visitor, opened = await _open(server, page, query, f"{name} #{i + 1}")
            stage.opens.append(opened)
            button = visitor.button_ending(TRAIN_SUFFIX)
            clicked = await visitor.click(button)
            trained = await visitor.wait_label(button, TRAINED, clicked, timeout)
            stage.times.append(trained - clicked)
            stage.errors += visitor.errors
        except Exception as failure:  # noqa: BLE001 - counted and reported
            stage.errors.append(f"{type(failure).__name__}: {failure}")
            if visitor is not None:
                stage.errors += visitor.errors
        finally:
            if visitor is not None:
                await visitor.close()
    return stage


async def crowd(server: Server, page: str, queries: list[str], name: str, timeout: float,
                sampler: PssSampler) -> Stage:
    """len(queries) visitors open the page at once; once all are in, all press Train."""
    stage = Stage(name, len(queries))
    sampler.reset()
    opened = await asyncio.gather(
        *(_open(server, page, q, f"{name} #{i + 1}") for i, q in enumerate(queries)),
        return_exceptions=True)
    visitors = []
    for result in opened:
        if isinstance(result, BaseException):
            stage.errors.append(f"open: {type(result).__name__}: {result}")
        else:
            visitors.append(result[0])
            stage.opens.append(result[1])
    try:
        server_cpu, pool_cpu = cpu_seconds(server.proc.pid)
        client_cpu = time.process_time()
        runs = sum(v.runs_started for v in visitors)
        requests = sum(v.rerun_requests for v in visitors)
        started = time.monotonic()
        clicks = []
        for visitor in visitors:  # as close to "at once" as one process sends
            button = visitor.button_ending(TRAIN_SUFFIX)
            clicks.append((visitor, button, await visitor.click(button)))

        async def trained(visitor, button, clicked):
            return await visitor.wait_label(button, TRAINED, clicked, timeout) - clicked

        results = await asyncio.gather(*(trained(*c) for c in clicks), return_exceptions=True)
        server_now, pool_now = cpu_seconds(server.proc.pid)
        stage.cpu = Cpu(time.monotonic() - started, server_now - server_cpu, pool_now - pool_cpu,
                        time.process_time() - client_cpu,
                        sum(v.runs_started for v in visitors) - runs,
                        sum(v.rerun_requests for v in visitors) - requests)
        ends = []
        for (_, _, clicked), result in zip(clicks, results, strict=True):
            if isinstance(result, BaseException):
                stage.errors.append(f"{type(result).__name__}: {result}")
            else:
                stage.times.append(result)
                ends.append(clicked + result)
        if ends:
            stage.span = max(ends) - min(c for _, _, c in clicks)
        await asyncio.sleep(SETTLE_SECONDS)  # the final full rerun, the pool idle
        stage.memory_final = tree_memory(server.proc.pid)
        stage.memory_peak = sampler.stage_peak()
        stage.memory_peak_parts = sampler.stage_peak_parts()
        for visitor in visitors:
            stage.errors += visitor.errors
    finally:
        await asyncio.gather(*(v.close() for v in visitors), return_exceptions=True)
    return stage


def _say(stage: Stage) -> None:
    p50 = statistics.median(stage.times) if stage.times else math.nan
    line = (f"  {stage.name:44} {stage.done}/{stage.visitors} trained  p50 {_fmt(p50)}"
            f"  p95 {_fmt(percentile(stage.times, 0.95))}"
            f"  max {_fmt(max(stage.times) if stage.times else math.nan)}")
    if stage.span:
        line += f"  {stage.throughput:.2f} runs/s"
    if stage.memory_peak:
        line += f"  PSS peak {stage.memory_peak.pss:.0f} MB"
    if stage.errors:
        line += f"  ERRORS {len(stage.errors)}: {stage.errors[:2]}"
    print(line, flush=True)


def log_problems(server: Server) -> list[str]:
    """Tracebacks and ERROR lines in a server's log (warnings are counted apart)."""
    try:
        text = server.log.read_text(errors="replace")
    except OSError:
        return []
    lines = text.splitlines()
    return [ln.strip()[:200] for ln in lines if "Traceback" in ln or " ERROR " in ln]


def log_warnings(server: Server) -> dict[str, int]:
    try:
        text = server.log.read_text(errors="replace")
    except OSError:
        return {}
    found: dict[str, int] = {}
    for ln in text.splitlines():
        if " WARNING " in ln:
            what = ln.split(" WARNING ", 1)[1][:120]
            found[what] = found.get(what, 0) + 1
    return found


# ---- the run ----------------------------------------------------------------------------------

@dataclass
class Outcome:
    lone_cold: Stage
    lone_warm: Stage
    lone_uncached: Stage
    lone_fast: Stage | None
    defaults: Stage
    different: Stage
    different_fast: Stage | None
    memory_lone: TreeMemory
    memory_start: TreeMemory
    memory_end: TreeMemory
    processes: list[tuple[int, str, float, float]]
    problems: list[str]
    warnings: dict[str, int]
    load_before: str
    load_after: str


def _start(log_dir: Path) -> tuple[Server, PssSampler]:
    server = start_server("app.py", ROOT, log_dir)
    server.sampler.stop()  # bench.memory's 50 ms RSS sampler: this run samples PSS instead
    sampler = PssSampler(server.proc.pid)
    sampler.start()
    return server, sampler


async def run(args, log_dir: Path) -> Outcome:
    page = args.page
    seed_param, slow_param = PAGES[page]
    fast = slow_param is not None and not args.skip_fast
    n, timeout = args.visitors, args.train_timeout
    problems: list[str] = []
    warnings: dict[str, int] = {}
    load_before = _load()

    print(f"server A, lone visitor on /{page}:", flush=True)
    server, sampler = _start(log_dir)
    try:
        sampler.reset()
        cold = await lone(server, page, [""], "lone, cold (fresh server, first training)",
                          timeout)
        _say(cold)
        warm = await lone(server, page, [""] * LONE_REPEATS,
                          "lone, warm (defaults: job already shared)", timeout)
        _say(warm)
        uncached = await lone(server, page, [f"{seed_param}={s}" for s in REF_SEEDS],
                              "lone, uncached (own seed)", timeout)
        _say(uncached)
        lone_fast = None
        if fast:
            lone_fast = await lone(
                server, page, [f"{seed_param}={s + 100}&{slow_param}=0" for s in REF_SEEDS],
                "lone, uncached, slow motion off", timeout)
            _say(lone_fast)
        memory_lone = sampler.stage_peak()
    finally:
        sampler.stop()
        problems += [f"server A: {p}" for p in log_problems(server)]
        for k, v in log_warnings(server).items():
            warnings[k] = warnings.get(k, 0) + v
        server.stop()

    print(f"server B (fresh), {n} visitors at once on /{page}:", flush=True)
    server, sampler = _start(log_dir)
    try:
        memory_start = tree_memory(server.proc.pid)
        defaults = await crowd(server, page, [""] * n, f"{n} visitors, defaults", timeout,
                               sampler)
        _say(defaults)
        different = await crowd(server, page, [f"{seed_param}={s}" for s in range(1, n + 1)],
                                f"{n} visitors, each its own seed", timeout, sampler)
        _say(different)
        different_fast = None
        if fast:
            different_fast = await crowd(
                server, page, [f"{seed_param}={5000 + s}&{slow_param}=0" for s in range(1, n + 1)],
                f"{n} visitors, own seeds, slow motion off", timeout, sampler)
            _say(different_fast)
        await asyncio.sleep(SETTLE_SECONDS)
        memory_end = tree_memory(server.proc.pid)
        processes = per_process(server.proc.pid)
    finally:
        sampler.stop()
        problems += [f"server B: {p}" for p in log_problems(server)]
        for k, v in log_warnings(server).items():
            warnings[k] = warnings.get(k, 0) + v
        print(f"  (server logs in {log_dir})", flush=True)
        server.stop()
    return Outcome(cold, warm, uncached, lone_fast, defaults, different, different_fast,
                   memory_lone, memory_start, memory_end, processes, problems, warnings,
                   load_before, _load())


def _load() -> str:
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


# ---- report -----------------------------------------------------------------------------------

def report(o: Outcome, n: int) -> str:
    c = cores()
    warm = statistics.median(o.lone_warm.times) if o.lone_warm.times else math.nan
    cold = o.lone_cold.times[0] if o.lone_cold.times else math.nan
    uncached = statistics.median(o.lone_uncached.times) if o.lone_uncached.times else math.nan

    def row(stage: Stage, lone_s: float | None, lone_name: str, crowd_stage: bool) -> str:
        times = stage.times
        p50 = statistics.median(times) if times else math.nan
        p95 = percentile(times, 0.95)
        ratio = f"{p95 / lone_s:.1f}x {lone_name}" if lone_s and times else ""
        through = f"{stage.throughput:.2f}/s" if crowd_stage else ""
        return (f"| {stage.name} | {stage.done}/{stage.visitors} "
                f"| {_fmt(p50)} | {_fmt(p95)} | {_fmt(max(times) if times else math.nan)} "
                f"| {ratio} | {through} | {len(stage.errors)} |")

    lines = [
        "| stage | trained | p50 | p95 | max | p95 vs lone | runs/s | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        row(o.lone_cold, None, "", False),
        row(o.lone_warm, None, "", False),
        row(o.lone_uncached, None, "", False),
    ]
    if o.lone_fast:
        lines.append(row(o.lone_fast, None, "", False))
    lines += [
        row(o.defaults, warm, "warm", True),
        row(o.different, uncached, "uncached", True),
    ]
    if o.different_fast:
        fast_lone = statistics.median(o.lone_fast.times) if o.lone_fast.times else math.nan
        lines.append(row(o.different_fast, fast_lone, "uncached, fast", True))

    lines += ["", f"Cores (pool workers): {c}. Load average before {o.load_before}, after "
              f"{o.load_after}.", ""]
    d95 = percentile(o.defaults.times, 0.95)
    verdicts = []
    if o.defaults.times:
        ok = o.defaults.done == n and d95 <= 3 * warm
        verdicts.append(
            f"- defaults: p95 {d95:.2f} s = {d95 / warm:.1f}x the lone warm visitor ({warm:.2f} s)"
            f", {d95 / cold:.1f}x the lone cold one ({cold:.2f} s); {o.defaults.done}/{n} "
            f"trained: target (<= 3x) {'met' if ok else 'MISSED'}.")

    def throughput_verdict(stage: Stage, lone_s: float, what: str) -> None:
        if not stage.times or not lone_s or math.isnan(lone_s):
            return
        ideal = c / lone_s
        share = stage.throughput / ideal
        ok = stage.done == n and share >= 0.7
        verdicts.append(
            f"- {what}: {stage.throughput:.2f} runs/s against {c} x 1/{lone_s:.2f} s = "
            f"{ideal:.2f} runs/s: {share:.0%}; {stage.done}/{n} trained: target (>= 70 %) "
            f"{'met' if ok else 'MISSED'}.")

    throughput_verdict(o.different, uncached, "different settings")
    if o.different_fast and o.lone_fast and o.lone_fast.times:
        throughput_verdict(o.different_fast, statistics.median(o.lone_fast.times),
                           "different settings, slow motion off")
    lines += verdicts

    lines += ["",
              "| memory (server + workers) | peak PSS | settled PSS | peak RSS sum | processes |",
              "|---|---:|---:|---:|---:|",
              f"| server A, lone visitors | {o.memory_lone.pss:.0f} MB | | "
              f"{o.memory_lone.rss:.0f} MB | {o.memory_lone.processes} |",
              f"| server B, started | | {o.memory_start.pss:.0f} MB | {o.memory_start.rss:.0f} MB "
              f"| {o.memory_start.processes} |"]
    crowds = [s for s in (o.defaults, o.different, o.different_fast) if s is not None]
    for s in crowds:
        if s.memory_peak is None:
            continue
        lines.append(f"| server B, {s.name} | {s.memory_peak.pss:.0f} MB | "
                     f"{s.memory_final.pss:.0f} MB | {s.memory_peak.rss:.0f} MB | "
                     f"{s.memory_peak.processes} |")
    lines.append(f"| server B, end | | {o.memory_end.pss:.0f} MB | {o.memory_end.rss:.0f} MB | "
                 f"{o.memory_end.processes} |")
    lines += ["", "| while the crowd trained | wall | server CPU (share of one core) | pool CPU "
              "| this client's CPU | page runs / s | server CPU per run | rerun requests / s |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for s in crowds:
        if s.cpu is None or s.cpu.wall <= 0:
            continue
        u = s.cpu
        lines.append(f"| {s.name} | {u.wall:.1f} s | {u.server:.1f} s ({u.server / u.wall:.0%}) "
                     f"| {u.pool:.1f} s | {u.client:.1f} s | {u.runs / u.wall:.1f} "
                     f"| {1000 * u.server / max(u.runs, 1):.0f} ms | {u.requests / u.wall:.1f} |")
    lines.append("")
    for s in crowds:
        if s.memory_peak_parts:
            lines.append(f"At the peak of {s.name}, per process: " + "; ".join(
                f"{role} {pss:.0f} MB" for role, pss in s.memory_peak_parts))
    lines.append("At the end, per process: " + "; ".join(
        f"{role} {pss:.0f} MB PSS ({rss:.0f} MB RSS)" for _, role, pss, rss in o.processes))
    peaks = [s.memory_peak.pss for s in crowds if s.memory_peak is not None]
    if peaks:
        worst = max(peaks)
        lines.append(f"\nHighest PSS: {worst:.0f} MB: target (< {CLOUD_MB} MB) "
                     f"{'met' if worst < CLOUD_MB else 'MISSED'}.")
    errors = sum(len(s.errors) for s in (o.lone_cold, o.lone_warm, o.lone_uncached,
                                         o.lone_fast, *crowds) if s is not None)
    lines.append(f"Errors seen by visitors: {errors}; Tracebacks / ERROR lines in the server "
                 f"logs: {len(o.problems)}.")
    for s in (o.lone_cold, o.lone_warm, o.lone_uncached, o.lone_fast, *crowds):
        if s is not None and s.errors:
            lines.append(f"  {s.name}: {s.errors[:3]}")
    lines += [f"  {p}" for p in o.problems[:5]]
    if o.warnings:
        common = sorted(o.warnings.items(), key=lambda kv: -kv[1])[:4]
        lines.append("Server log warnings: " + "; ".join(f"{k}x {w}" for w, k in common))
    opens = [t for s in crowds for t in s.opens]
    if opens:
        lines.append(f"Page opens in the crowds (first run to script_finished): p50 "
                     f"{statistics.median(opens):.2f} s, p95 {percentile(opens, 0.95):.2f} s.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="5 visitors, a first try")
    parser.add_argument("--page", choices=sorted(PAGES), default="hello")
    parser.add_argument("--train-timeout", type=float, default=600,
                        help="seconds a visitor waits for its training")
    parser.add_argument("--skip-fast", action="store_true",
                        help="on hello, skip the slow-motion-off stages")
    parser.add_argument("--deadline", type=float, default=2400, help="seconds for the whole run")
    args = parser.parse_args(argv)
    if args.quick:
        args.visitors = 5

    log_dir = Path(tempfile.mkdtemp(prefix="nnviz-audience-"))

    def watchdog():
        print(f"\nDeadline of {args.deadline:.0f} s passed: stopping the servers.", flush=True)
        for server in list(RUNNING):
            server.stop()
        os._exit(3)

    timer = threading.Timer(args.deadline, watchdog)
    timer.daemon = True
    timer.start()
    started = time.monotonic()
    try:
        outcome = asyncio.run(run(args, log_dir))
    finally:
        timer.cancel()
        for server in list(RUNNING):
            server.stop()
    took = time.monotonic() - started
    print(f"\n{args.visitors} visitors on /{args.page}, {took:.0f} s in all\n")
    print(report(outcome, args.visitors))
    shutil.rmtree(log_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
