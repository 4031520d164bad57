#!/usr/bin/env python3
"""The one test command of the repository (``make test`` calls it).

Stages, in order, each failing the run on its own:

1. lint: ruff (check and format), then pylint-odoo on the addons when it is installed;
2. core: pytest on ``tests/`` (the pure-Python ``dist_core``), without Odoo;
3. odoo: when an Odoo 18 is found, a throwaway PostgreSQL cluster, a fresh database with
   ``queue_job`` and the addons installed with demo data, every addon test (HttpCase included)
   through Odoo's own test runner, a scan of the log, and the cluster removed whatever happened.

Where Odoo is looked for, first match wins: ``ODOO_PYTHON`` (an interpreter that imports odoo),
``ODOO_PATH`` (an Odoo source tree, used with ``ODOO_PYTHON`` or this interpreter), this
interpreter, then the conventional install ``/opt/odoo18`` (``src/`` tree and ``venv/``; override
with ``ODOO_HOME``). Without an Odoo the Odoo stage prints a banner and is skipped, unless
``REQUIRE_ODOO=1``.

Options come from the environment so that ``make test MODULES=dist_wms`` works: ``MODULES``
(comma-separated addons to install and test, with their dependencies), ``SKIP_LINT=1``,
``SKIP_CORE=1``, ``SKIP_ODOO=1``, ``TEST_TAGS`` (Odoo test tags), ``KEEP_LOG=path`` (copy the
Odoo log there).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from odoo_suite import OdooSuite, find_odoo

REPO = Path(__file__).resolve().parent.parent
ALL_ADDONS = ("dist_integration_base", "dist_edi", "dist_wms", "dist_reconcile")


def banner(text: str) -> None:
    line = "=" * max(72, *(len(part) for part in text.splitlines()))
    print(f"\n{line}\n{text}\n{line}", flush=True)


def run(cmd: list[str], **kwargs) -> int:
    print("$ " + " ".join(cmd), flush=True)
    return subprocess.call(cmd, cwd=REPO, **kwargs)


def stage_lint() -> bool:
    banner("LINT")
    ok = run([sys.executable, "-m", "ruff", "check", "."]) == 0
    ok = run([sys.executable, "-m", "ruff", "format", "--check", "."]) == 0 and ok
    ok = run([sys.executable, "tools/gen_addon_readme.py", "--check"]) == 0 and ok
    if _importable("pylint_odoo"):
        addons = sorted(str(p.relative_to(REPO)) for p in (REPO / "addons").iterdir() if p.is_dir())
        cmd = [sys.executable, "-m", "pylint", "--rcfile", ".pylintrc-odoo", *addons]
        ok = run(cmd) == 0 and ok
    else:
        print("pylint-odoo not installed: addon lint skipped (pip install pylint-odoo)")
    return ok


def stage_core() -> tuple[bool, str]:
    banner("CORE SUITE (pytest, no Odoo)")
    env = dict(os.environ, PYTHONPATH=_pythonpath())
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    print(proc.stdout, end="", flush=True)
    summary = [ln for ln in proc.stdout.splitlines() if re.search(r"\d+ (passed|failed)", ln)]
    # pytest's exit code 5 means "no tests collected": a suite that runs nothing is a failure here.
    return proc.returncode == 0, (summary[-1] if summary else "no pytest summary")


def stage_odoo(modules: list[str]) -> tuple[bool | None, str]:
    banner("ODOO SUITE (real Odoo 18, private PostgreSQL)")
    odoo = find_odoo()
    if odoo is None:
        require = os.environ.get("REQUIRE_ODOO") == "1"
        banner(
            "ODOO SUITE SKIPPED: no Odoo 18 found.\n"
            "Provide one of: an interpreter that can `import odoo` (ODOO_PYTHON=/path/to/python),\n"
            "an Odoo 18 source tree (ODOO_PATH=/path/to/odoo with its requirements installed),\n"
            "or the conventional install /opt/odoo18/{src,venv} (see README, developer setup).\n"
            + ("REQUIRE_ODOO=1 is set: this is a FAILURE." if require else "")
        )
        return (False if require else None), "odoo suite skipped"
    tmp = Path(tempfile.mkdtemp(prefix="dist-test-"))
    try:
        suite = OdooSuite(odoo, REPO, tmp, modules)
        ok, summary = suite.run()
        keep = os.environ.get("KEEP_LOG")
        if keep and suite.logfile.exists():
            shutil.copy(suite.logfile, keep)
        return ok, summary
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _pythonpath() -> str:
    parts = [str(REPO)]
    if os.environ.get("PYTHONPATH"):
        parts.append(os.environ["PYTHONPATH"])
    return os.pathsep.join(parts)


def _importable(module: str) -> bool:
    code = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.call([sys.executable, "-c", code]) == 0


def main() -> int:
    modules = [m.strip() for m in os.environ.get("MODULES", "").split(",") if m.strip()]
    unknown = [m for m in modules if m not in ALL_ADDONS]
    if unknown:
        print(f"unknown MODULES {unknown}; choose among {', '.join(ALL_ADDONS)}")
        return 2
    results: list[tuple[str, bool | None, str]] = []
    if os.environ.get("SKIP_LINT") != "1":
        results.append(("lint", stage_lint(), ""))
    if os.environ.get("SKIP_CORE") != "1":
        results.append(("core", *stage_core()))
    if os.environ.get("SKIP_ODOO") != "1":
        results.append(("odoo", *stage_odoo(modules or list(ALL_ADDONS))))
    banner("SUMMARY")
    failed = False
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    for name, ok, detail in results:
        state = "skipped" if ok is None else ("ok" if ok else "FAILED")
        failed = failed or ok is False
        print(f"{name:6} {state:8} {detail}")
        for count, word in re.findall(r"(\d+) (passed|failed|skipped)", detail):
            totals[word] += int(count)
    if failed and not totals["failed"]:
        totals["failed"] = 1  # a stage failed outside its tests (lint, log scan): say so
    print(
        f"total: {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
