"""Real-browser fixtures: a freshly started Streamlit server per test module, Debian's chromium.

Each test module gets its own server, so opening a page by its URL really is the first thing
that server sees (a cold start, as on Community Cloud after the app wakes up).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
# Seconds; a shared 2-core machine importing torch on first use of a training page is slow.
START_TIMEOUT = 60
RUN_TIMEOUT = 120_000  # ms, for Playwright waits


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(script: str = "app.py"):
    """`streamlit run <script>` on a free port; yields its base URL; stops it afterwards."""
    port = _free_port()
    log_path = ROOT / f".e2e-server-{port}.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + START_TIMEOUT
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                pytest.fail(f"streamlit did not start: {log_path.read_text()[-2000:]}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        log_path.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def server():
    """A fresh nnviz server for each test file; its base URL."""
    with streamlit_server() as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        yield b
        b.close()


# Streamlit's frontend, opened at /some-page, first probes /some-page/_stcore/health and
# /some-page/_stcore/host-config to discover its base path, gets 404, and falls back to /.
# That probe is Streamlit's own and harmless; every other console error fails the test.
BASE_PATH_PROBE = re.compile(r"/[^/]+/_stcore/(health|host-config)$")


class Console:
    """Browser console errors and uncaught page errors seen while a test ran."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if "404" in message.text and BASE_PATH_PROBE.search(url):
            return
        self.errors.append(f"{message.text} ({url})")


@contextmanager
def sized_page(browser, width: int = 1400, height: int = 1000, scale: float = 1, **options):
    """A page in a fresh browser context with a `width` x `height` viewport (CSS pixels),
    `scale` device pixels to a CSS pixel (a browser zoomed to 200 % has 2), and any other
    context `options` (reduced_motion="reduce", say)."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=scale, **options)
    pg = context.new_page()
    pg.set_default_timeout(RUN_TIMEOUT)
    pg.console = Console(pg)
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def page(browser):
    with sized_page(browser) as pg:
        yield pg


def wait_idle(pg) -> None:
    """Wait until the script has finished running (and is not about to run again)."""
    pg.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                         timeout=RUN_TIMEOUT)
    pg.wait_for_timeout(300)
    pg.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                         timeout=RUN_TIMEOUT)


def press_until(pg, key: str, text: str, tries: int = 3) -> None:
    """Press `key` (a clicker's PageDown, say) until the page shows `text`. On a loaded machine
    a key pressed while the page is busy can be lost, as it can be for a speaker: then the page
    is idle, still without `text`, and pressing again is what the speaker would do (a press that
    was only slow shows `text` by then, and is not repeated)."""
    shows = "t => document.body.innerText.includes(t)"
    for _ in range(tries):
        pg.keyboard.press(key)
        try:
            pg.wait_for_function(shows, arg=text, timeout=20_000)
            return
        except PlaywrightTimeout:
            wait_idle(pg)
            if pg.evaluate(shows, text):
                return
    raise AssertionError(f"{key} pressed {tries} times, and the page never showed {text!r}")


def train_button(pg):
    """A training page's Train button (its name also carries its clicker key, PageDown)."""
    return pg.get_by_role("button", name=re.compile(r"^Train\b(?! again)"))


def open_page(pg, base: str, path: str) -> None:
    """Go to base/path, wait for the run to end, and fail on any exception shown."""
    pg.goto(f"{base}/{path}")
    # Before the websocket connects the app also reads "notRunning": wait for content first.
    pg.wait_for_selector('[data-testid="stMain"] [data-testid="stHeading"]', timeout=RUN_TIMEOUT)
    wait_idle(pg)
    assert_healthy(pg)


def assert_healthy(pg) -> None:
    exceptions = pg.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert not pg.console.errors, pg.console.errors
