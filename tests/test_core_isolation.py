"""dist_core is pure Python: importing it must never import Odoo, directly or through a sibling."""

import ast
import subprocess
import sys
from pathlib import Path

import dist_core

CORE = Path(dist_core.__file__).resolve().parent


def _core_modules():
    for path in sorted(CORE.rglob("*.py")):
        parts = path.relative_to(CORE.parent).with_suffix("").parts
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_source_file_imports_odoo():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            offenders += [f"{path}:{node.lineno}" for n in names if n.split(".")[0] == "odoo"]
    assert offenders == []


def test_importing_every_core_module_leaves_odoo_unloaded():
    modules = list(_core_modules())
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "sys.exit(1 if any(m == 'odoo' or m.startswith('odoo.') for m in sys.modules) else 0)\n"
    )
    repo = str(CORE.parent)
    result = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_isolation_check_detects_an_odoo_import(tmp_path):
    # The check above must be able to fail: a module importing odoo is caught by the AST scan.
    bad = tmp_path / "bad.py"
    bad.write_text("from odoo import models\n")
    tree = ast.parse(bad.read_text())
    found = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "odoo"]
    assert found
