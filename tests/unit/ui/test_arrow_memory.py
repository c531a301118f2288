"""The server's Arrow buffers come from the system allocator once the app has run."""

import subprocess
import sys
from pathlib import Path


def test_use_system_allocator_makes_it_arrows_default_pool():
    probe = ("import pyarrow as pa\n"
             "before = pa.default_memory_pool().backend_name\n"
             "from nnviz.ui import arrow_memory\n"
             "arrow_memory.use_system_allocator(); arrow_memory.use_system_allocator()\n"
             "print(before, pa.default_memory_pool().backend_name)\n")
    before, after = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                   timeout=120, check=True).stdout.split()
    assert before != "system"  # pyarrow's own pool by default (mimalloc or jemalloc)
    assert after == "system"


def test_running_the_app_switches_it():
    probe = ("import pyarrow as pa\n"
             "from streamlit.testing.v1 import AppTest\n"
             "AppTest.from_file('app.py', default_timeout=120).run()\n"
             "print(pa.default_memory_pool().backend_name)\n")
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=300, check=True, cwd=root).stdout.split()
    assert out[-1] == "system"
