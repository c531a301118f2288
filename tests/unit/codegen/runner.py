"""Run generated scripts as __main__, several in ONE fresh Python process (torch, or Keras on
torch, is imported once, which keeps these tests quick)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

# The line every generated training script prints after its last epoch (nnviz.codegen).
LAST_EPOCH = re.compile(r"epoch (\d+)  loss (\S+)  val_loss (\S+)")

_DRIVER = (
    "import runpy, sys, traceback\n"
    "for name in sys.argv[1:]:\n"
    "    print('=== ' + name, flush=True)\n"
    "    try:\n"
    "        runpy.run_path(name + '.py', run_name='__main__')\n"
    "        print('=== ok', flush=True)\n"
    "    except Exception:\n"
    "        traceback.print_exc(file=sys.stdout)\n"
)


def run_scripts(folder: Path, scripts: dict[str, str], env: dict[str, str] | None = None,
                timeout: int = 300) -> dict[str, tuple[bool, str]]:
    """Write each script to folder/<name>.py, run them all; {name: (finished, its output)}."""
    for name, text in scripts.items():
        (folder / f"{name}.py").write_text(text)
    proc = subprocess.run([sys.executable, "-c", _DRIVER, *scripts], capture_output=True,
                          text=True, cwd=folder, timeout=timeout,
                          env={**os.environ, **(env or {})})
    results: dict[str, list] = {}
    for chunk in proc.stdout.split("=== ")[1:]:
        name, _, rest = chunk.partition("\n")
        if name in scripts:
            results[name] = [rest, False]
        elif name == "ok":
            results[list(results)[-1]][1] = True
    assert set(results) == set(scripts), proc.stdout + proc.stderr
    return {name: (ok, out) for name, (out, ok) in results.items()}


def run_script(folder: Path, text: str) -> str:
    """Run one script in `folder` (beside the files it reads); its output, failing the test
    with that output if it did not finish."""
    finished, out = run_scripts(folder, {"script": text})["script"]
    assert finished, out
    return out
