"""Start-up of the engine: what ``validate()`` and ``dist-x12 validate`` import (not timed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .samples import PO_BODY, interchange

ROOT = Path(__file__).resolve().parents[2]


def _modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_validate_imports_neither_dataclasses_nor_strptime(tmp_path):
    path = tmp_path / "po.x12"
    path.write_text(interchange(PO_BODY))
    code = (
        "from pathlib import Path\n"
        "from dist_core.x12.validator import validate\n"
        f"assert all(r.accepted for r in validate(Path({str(path)!r})))"
    )
    loaded = _modules_after(code)
    assert "dist_core.x12.validator" in loaded
    assert not {"dataclasses", "inspect", "_strptime"} & loaded


def test_cli_validate_does_not_import_the_mappers(tmp_path):
    path = tmp_path / "po.x12"
    path.write_text(interchange(PO_BODY))
    code = (
        "from dist_core.x12.cli import main\n"
        f"assert main(['validate', {str(path)!r}, '--out', {str(tmp_path / 'ack.x12')!r}]) == 0"
    )
    loaded = _modules_after(code)
    assert "dist_core.x12.ack" in loaded
    assert not any(
        name.startswith(("dist_core.x12.mappers", "dist_core.canonical")) for name in loaded
    )
    assert (tmp_path / "ack.x12").read_text().startswith("ISA")
