"""The memory of nnviz's server and its training workers as visitors use it, against a bare
Streamlit server.

Run: python -m bench.memory                 (about 2-4 minutes on a busy 2-core machine)
     python -m bench.memory --visitors 5 --imports

What it does, all on 127.0.0.1, with Debian's chromium driven by Playwright:

1. floor: `streamlit run` of a one-line script (st.write("hi")), opened by one visitor: what
   Streamlit itself costs, measured in the same run as the app so the ratio survives a busy
   machine;
2. nnviz `streamlit run app.py`, freshly started (same flags as the e2e tests), measured
   - at start (health check answers, no visitor yet),
   - after ONE visitor opened every page by its URL and trained a model on the hello page
     (clicked Train, waited for "Train again"),
   - after TEN visitors (ten browser contexts, sessions kept open) each opened the hello page
     and trained a model, all ten trainings running at the same time,
   - after those visitors left (their tabs closed, a few seconds later): what stays.

Memory is the summed PSS (/proc/<pid>/smaps_rollup) of the server process and its descendants
(the pool's forkserver, its workers, the resource tracker): pages they share counted once, as a
container's memory limit counts them; summed RSS would count torch's shared pages once per
worker. Sampled every 0.1 s by a thread in this process; "peak" is the largest sample of a
stage, "final" the value once the stage has settled (the page idle for a few seconds).
Community Cloud guarantees about 690 MB.

`--imports` also measures fresh Python processes importing the app's layers one by one
(streamlit, pandas/altair, scikit-learn, torch, the nnviz pages' modules), to see where the
memory goes.

Everything is bounded: each wait has a timeout, the whole run has a deadline (`--deadline`), and
servers and the browser are stopped in finally blocks (a watchdog kills the servers if the
deadline passes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOUD_MB = 690
PAGES = ("",  # the welcome page lives at the root (/home is "page not found")
         "house", "hidden-layer", "descent", "hello", "regression", "binary",
         "multiclass", "recap-problems", "recap-improve", "recap-takeaways")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
START_TIMEOUT = 90  # s; first start on a loaded machine
WAIT_MS = 180_000  # Playwright waits; ten trainings at once on 2 busy cores are slow
SETTLE_SECONDS = 4.0
RUNNING: list[Server] = []  # servers to stop, whatever happens (see main's watchdog)
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TRAIN_BUTTON = ".st-key-hello_train button"


# ---- memory of a process tree ----------------------------------------------------------------

def descendants(pid: int) -> list[int]:
    """All processes below `pid` (scanning /proc for parent ids)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def rollup_kb(pid: int) -> tuple[int, int]:
    """(Pss, Rss) in kB from /proc/<pid>/smaps_rollup; zeros for a process gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return pss, rss


def tree_pss_mb(pid: int, children: list[int]) -> float:
    """Summed PSS: pages shared by the server, the forkserver and the workers counted once."""
    return sum(rollup_kb(p)[0] for p in [pid, *children]) / 1024


class Sampler(threading.Thread):
    """Samples a process tree's summed PSS every `interval` seconds; keeps the max since
    `reset()`."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.children: list[int] = []
        self.peak = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def run(self) -> None:
        last_scan = 0.0
        while not self._stop.is_set():
            if time.monotonic() - last_scan > 1.0:
                self.children = descendants(self.pid)
                last_scan = time.monotonic()
            pss = tree_pss_mb(self.pid, self.children)
            with self._lock:
                self.peak = max(self.peak, pss)
            self._stop.wait(self.interval)

    def now(self) -> float:
        return tree_pss_mb(self.pid, descendants(self.pid))

    def reset(self) -> None:
        with self._lock:
            self.peak = self.now()

    def stage_peak(self) -> float:
        with self._lock:
            return self.peak

    def stop(self) -> None:
        self._stop.set()


# ---- servers -----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(eq=False)
class Server:
    proc: subprocess.Popen
    base: str
    log: Path
    sampler: Sampler = field(init=False)

    def stop(self) -> None:
        if self in RUNNING:
            RUNNING.remove(self)
        if getattr(self, "sampler", None) is not None:
            self.sampler.stop()
        if self.proc.poll() is None:
            # Its own process group: any child it started goes too.
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def start_server(script: str, cwd: Path, log_dir: Path) -> Server:
    port = free_port()
    log = log_dir / f"server-{port}.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port),
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            # PYTHONPATH: a script below the root (a test page) imports nnviz too.
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(cwd)},
        )
    server = Server(proc, f"http://127.0.0.1:{port}", log)
    RUNNING.append(server)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(f"{server.base}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"streamlit did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.3)
    server.sampler = Sampler(proc.pid)
    server.sampler.start()
    return server


# ---- visitors ----------------------------------------------------------------------------------

def wait_idle(pg) -> None:
    pg.wait_for_selector(IDLE, timeout=WAIT_MS)
    pg.wait_for_timeout(300)
    pg.wait_for_selector(IDLE, timeout=WAIT_MS)


def open_page(pg, base: str, path: str) -> None:
    pg.goto(f"{base}/{path}", timeout=WAIT_MS)
    # Before the websocket connects the app also reads "notRunning": wait for content first.
    pg.wait_for_selector('[data-testid="stMain"] [data-testid="stHeading"], '
                         '[data-testid="stMain"] [data-testid="stMarkdown"]', timeout=WAIT_MS)
    wait_idle(pg)
    shown = pg.locator('[data-testid="stException"]')
    if shown.count():
        raise RuntimeError(f"/{path} shows an exception: {shown.first.inner_text()[:500]}")


def start_training(pg) -> None:
    button = pg.locator(TRAIN_BUTTON)
    button.wait_for(timeout=WAIT_MS)
    button.click()


def wait_trained(pg) -> None:
    pg.locator(TRAIN_BUTTON, has_text="Train again").wait_for(timeout=WAIT_MS)


def new_visitor(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    return context, pg


# ---- stages ------------------------------------------------------------------------------------

@dataclass
class Reading:
    server: str
    stage: str
    peak: float
    final: float
    seconds: float


def measure(server: Server, name: str, stage: str, action, settle: float = SETTLE_SECONDS):
    """Run `action()`, let the server settle, and read the stage's peak and final PSS."""
    server.sampler.reset()
    t0 = time.monotonic()
    action()
    seconds = time.monotonic() - t0
    time.sleep(settle)
    final = server.sampler.now()
    reading = Reading(name, stage, max(server.sampler.stage_peak(), final), final, seconds)
    print(f"  {name:6} {stage:42} peak {reading.peak:7.1f} MB  final {reading.final:7.1f} MB"
          f"  ({seconds:.0f} s)", flush=True)
    return reading


def floor_readings(browser, log_dir: Path) -> list[Reading]:
    script_dir = Path(tempfile.mkdtemp(prefix="nnviz-floor-", dir=log_dir))
    (script_dir / "hi.py").write_text('import streamlit as st\n\nst.write("hi")\n')
    server = start_server("hi.py", script_dir, log_dir)
    context = None
    try:
        readings = [measure(server, "floor", "start", lambda: None)]

        def one_visitor():
            nonlocal context
            context, pg = new_visitor(browser)
            open_page(pg, server.base, "")

        readings.append(measure(server, "floor", "one visitor", one_visitor))
        return readings
    finally:
        if context is not None:
            context.close()
        server.stop()


def app_readings(browser, log_dir: Path, visitors: int) -> list[Reading]:
    server = start_server("app.py", ROOT, log_dir)
    contexts = []
    try:
        readings = [measure(server, "nnviz", "start", lambda: None)]

        def tour():
            context, pg = new_visitor(browser)
            contexts.append(context)
            for path in PAGES:
                open_page(pg, server.base, path)
                if path == "hello":
                    start_training(pg)
                    wait_trained(pg)
                    wait_idle(pg)

        readings.append(measure(server, "nnviz", "one visitor: every page + hello trained",
                                tour))

        crowd = []

        def ten_train():
            for _ in range(visitors):
                context, pg = new_visitor(browser)
                contexts.append(context)
                crowd.append(pg)
                open_page(pg, server.base, "hello")
            for pg in crowd:  # all the trainings now run at the same time
                start_training(pg)
            for pg in crowd:
                wait_trained(pg)
            for pg in crowd:
                wait_idle(pg)

        readings.append(measure(
            server, "nnviz", f"+ {visitors} visitors each trained (tabs open)", ten_train))

        def leave():
            while contexts:
                contexts.pop().close()

        readings.append(measure(server, "nnviz", "all visitors left", leave, settle=10.0))
        return readings
    finally:
        for context in contexts:
            try:
                context.close()
            except Exception:  # noqa: BLE001 - the browser may already be gone
                pass
        print(f"  (server log: {server.log})")
        server.stop()


# ---- where the memory goes ---------------------------------------------------------------------

IMPORT_LAYERS = (
    ("python", ""),
    ("+ streamlit", "import streamlit"),
    ("+ pandas, altair, pyarrow", "import pandas, altair, pyarrow"),
    ("+ scikit-learn", "import sklearn.datasets, sklearn.svm, sklearn.model_selection"),
    ("+ torch", "import torch"),
    ("+ nnviz training modules", "import nnviz.core.engine, nnviz.codegen, nnviz.charts.boundary"),
)


def import_breakdown() -> list[tuple[str, float]]:
    """RSS of a fresh Python after each cumulative layer of imports (one process per layer)."""
    rows, code = [], []
    for label, line in IMPORT_LAYERS:
        if line:
            code.append(line)
        program = "\n".join([*code, "print(open('/proc/self/status').read())"])
        out = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True,
                             text=True, timeout=180, check=True).stdout
        kb = next(int(ln.split()[1]) for ln in out.splitlines() if ln.startswith("VmRSS:"))
        rows.append((label, kb / 1024))
        print(f"  {label:30} {kb / 1024:7.1f} MB", flush=True)
    return rows


# ---- report ------------------------------------------------------------------------------------

def report(floor: list[Reading], app: list[Reading], imports: list[tuple[str, float]]) -> str:
    base = floor[-1].final
    lines = [
        "| server and workers, stage | peak PSS | final PSS | final vs bare Streamlit (1 visitor) "
        f"| headroom to {CLOUD_MB} MB |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in [*floor, *app]:
        lines.append(f"| {r.server}: {r.stage} | {r.peak:.0f} MB | {r.final:.0f} MB "
                     f"| {r.final / base:.1f}x | {CLOUD_MB - r.peak:+.0f} MB |")
    if imports:
        lines += ["", "| fresh Python after importing | RSS |", "|---|---:|"]
        lines += [f"| {label} | {mb:.0f} MB |" for label, mb in imports]
    worst = max(r.peak for r in app)
    verdict = "within" if worst <= CLOUD_MB else "OVER"
    lines += ["", f"Highest peak: {worst:.0f} MB, {verdict} Community Cloud's {CLOUD_MB} MB."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=10)
    parser.add_argument("--imports", action="store_true",
                        help="also measure what each layer of imports costs")
    parser.add_argument("--deadline", type=float, default=900, help="seconds for the whole run")
    args = parser.parse_args(argv)

    executable = shutil.which("chromium")
    if executable is None:
        print("Debian's chromium is not installed (apt-get install -y chromium)")
        return 2
    from playwright.sync_api import sync_playwright

    log_dir = Path(tempfile.mkdtemp(prefix="nnviz-memory-"))

    def watchdog():
        print(f"\nDeadline of {args.deadline:.0f} s passed: stopping the servers.", flush=True)
        for server in list(RUNNING):
            server.stop()
        os._exit(3)  # Playwright's driver sees its pipe close and ends the browser

    timer = threading.Timer(args.deadline, watchdog)
    timer.daemon = True
    timer.start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS,
                                        headless=True)
            try:
                print("bare Streamlit (floor):", flush=True)
                floor = floor_readings(browser, log_dir)
                print("nnviz:", flush=True)
                app = app_readings(browser, log_dir, args.visitors)
            finally:
                browser.close()
        imports = []
        if args.imports:
            print("imports:", flush=True)
            imports = import_breakdown()
    finally:
        timer.cancel()
        for server in list(RUNNING):
            server.stop()
    print()
    print(report(floor, app, imports))
    shutil.rmtree(log_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
