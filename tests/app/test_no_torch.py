"""The server never imports torch: not on the foundation pages, and not while it trains (the
workers do); it costs seconds and ~180 MB per process."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOUNDATION_PAGES = [
    "app_pages/home.py", "app_pages/house.py", "app_pages/hidden_layer.py", "app_pages/descent.py",
    "app_pages/recap_problems.py", "app_pages/recap_improve.py", "app_pages/recap_takeaways.py",
]

PROBE = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=60).run()
for page in sys.argv[1:]:
    at.switch_page(page).run()
    assert not at.exception, (page, at.exception)
print("torch" in sys.modules)
"""


def test_foundation_pages_do_not_import_torch():
    out = subprocess.run([sys.executable, "-c", PROBE, *FOUNDATION_PAGES], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "False"


TRAINING_PROBE = """
import os, sys
os.environ["NNVIZ_JOB_WAIT"] = "90"
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=120).run()
for page in ("binary", "multiclass", "regression", "hello"):
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, (page, at.exception)
at.button(key="hello_train").click().run()
for _ in range(200):
    if at.session_state["hello__net"].finished:
        break
    at.run()
assert not at.exception, at.exception
net = at.session_state["hello__net"]
print(net.finished, net.epochs_done, "torch" in sys.modules)
"""


def test_the_server_trains_without_importing_torch():
    """Training pages draw from numpy checkpoints; torch lives in the worker processes only
    (each process that imports it pays ~180 MB)."""
    out = subprocess.run([sys.executable, "-c", TRAINING_PROBE], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    finished, epochs, torch_loaded = out.stdout.strip().splitlines()[-1].split()
    assert finished == "True" and int(epochs) > 0
    assert torch_loaded == "False"
