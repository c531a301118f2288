"""Run every test from the repository root, where app.py and app_pages/ live."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.chdir(ROOT)
