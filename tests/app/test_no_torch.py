"""The foundation pages never import torch: it costs seconds and ~200 MB on a cold server."""

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
