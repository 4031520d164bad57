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


def test_large_inputs_compile_their_set_patterns_after_a_short_warm_up(tmp_path, monkeypatch):
    import dist_core.x12.fast_validate as fast_validate
    from dist_core.x12 import validator

    seen: list[object] = []
    monkeypatch.setattr(
        fast_validate, "validate_fast", lambda source, **options: seen.append(options) or iter(())
    )
    large, medium = tmp_path / "large.x12", tmp_path / "medium.x12"
    large.write_bytes(b"x" * validator.LARGE_INPUT)
    medium.write_bytes(b"x" * validator.SMALL_INPUT)
    list(validator.validate(large))
    list(validator.validate(medium))
    list(validator.validate(large, warmup=2))
    assert [options.get("warmup") for options in seen] == [validator.LARGE_INPUT_WARMUP, None, 2]


def test_schema_files_read_directly_or_through_importlib_resources(tmp_path, monkeypatch):
    from dist_core.x12 import schema

    direct = (schema._data("sets", "005010", "850.json"), schema.supported_sets("005010"))
    assert direct[0]["inherits"] == "004010" and "850" in direct[1]
    assert schema._data("sets", "005010", "nothing.json") is None
    monkeypatch.setattr(schema, "_FOLDER", str(tmp_path / "absent"))  # as inside an archive
    assert (schema._data("sets", "005010", "850.json"), schema.supported_sets("005010")) == direct
    assert schema._data("sets", "005010", "nothing.json") is None
