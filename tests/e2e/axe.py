"""axe-core in a real browser: fetch it once from the npm registry, inject it, collect violations.

axe-core is not a Python package, so it comes from npm (`npm pack`, an exact version) into a
cache directory that git ignores (ROOT/tmp/, see .gitignore). Nothing is downloaded when the
cached copy is already there. Without npm or without the registry the test fails, saying why:
an accessibility check that silently did not run would read as a pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT

AXE_VERSION = "4.14.1"  # exact: a newer axe may add rules, and the test's result must not drift
CACHE = Path(os.environ.get("NNVIZ_AXE_CACHE", ROOT / "tmp" / "axe"))
SERIOUS = ("serious", "critical")
# WCAG 2.1 A and AA, the level the issue asks for; axe's "best-practice" rules are left out.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_script(version: str = AXE_VERSION, cache: Path = CACHE) -> Path:
    """The path of axe.min.js at `version`, fetched with `npm pack` the first time."""
    target = cache / f"axe-core-{version}.min.js"
    if target.exists():
        return target
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is not installed: the accessibility test needs it to fetch "
                    f"axe-core@{version} from the npm registry (apt-get install -y npm)")
    cache.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            [npm, "pack", f"axe-core@{version}", "--pack-destination", str(cache), "--silent"],
            capture_output=True, text=True, timeout=180, cwd=cache)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`npm pack axe-core@{version}` took over 180 s: is the npm registry "
                    "reachable from here?")
    tarball = cache / f"axe-core-{version}.tgz"
    if done.returncode != 0 or not tarball.exists():
        pytest.fail(f"`npm pack axe-core@{version}` failed (is the npm registry reachable?):\n"
                    f"{done.stderr.strip()[-2000:]}")
    with tarfile.open(tarball) as tar:
        member = tar.extractfile("package/axe.min.js")
        if member is None:
            pytest.fail(f"{tarball} holds no package/axe.min.js")
        partial = target.with_suffix(".part")
        partial.write_bytes(member.read())
    partial.replace(target)  # whole or not at all, should two runs fetch at once
    tarball.unlink(missing_ok=True)
    return target


@dataclass(frozen=True)
class Violation:
    """One rule broken by one element."""

    rule: str
    impact: str
    target: str  # axe's CSS selector for the element (" >> " joins iframe / shadow-root hops)
    html: str
    summary: str
    where: str = ""  # the page it was seen on
    inside: tuple[str, ...] = ()  # those of the selectors asked about that hold the element

    def __str__(self) -> str:
        return (f"[{self.where}] {self.rule} ({self.impact}) at {self.target}\n"
                f"    {self.html[:200]}\n    {self.summary[:300]}")


# `within`: CSS selectors; each node reports which of them it is inside (Element.closest), so a
# test can tell Streamlit's own markup from nnviz's without relying on generated class names.
_RUN = """async ({tags, within}) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                            resultTypes: ['violations']});
    const element = t => (t.length === 1 && typeof t[0] === 'string')
        ? document.querySelector(t[0]) : null;
    return result.violations.flatMap(v => v.nodes.map(n => {
        const el = element(n.target);
        return {
            rule: v.id, impact: n.impact || v.impact || '',
            target: n.target.map(t => Array.isArray(t) ? t.join(' >> ') : t).join(' >> '),
            html: n.html, summary: n.failureSummary || v.help,
            inside: el ? within.filter(s => el.closest(s)) : []};
    }));
}"""


def violations(pg, script: Path, where: str = "", tags: list[str] = TAGS,
               within: tuple[str, ...] = ()) -> list[Violation]:
    """Every WCAG 2.1 A/AA violation axe finds on the page as it stands, serious ones or not."""
    if not pg.evaluate("() => typeof window.axe !== 'undefined'"):
        pg.add_script_tag(path=str(script))
    found = pg.evaluate(_RUN, {"tags": tags, "within": list(within)})
    return [Violation(where=where, **{**v, "inside": tuple(v["inside"])}) for v in found]


def serious(found: list[Violation]) -> list[Violation]:
    return [v for v in found if v.impact in SERIOUS]
