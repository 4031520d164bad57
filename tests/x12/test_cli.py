"""The dist-x12 command: exit codes, JSON output, acknowledgment files, no tracebacks."""

from __future__ import annotations

import json

import pytest

from dist_core.x12.cli import main
from dist_core.x12.reader import read

from .samples import PO_BODY, interchange


@pytest.fixture
def write(tmp_path):
    def _write(content: str | bytes, name: str = "in.x12"):
        path = tmp_path / name
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)
        return str(path)

    return _write


def test_validate_accepted_exits_0_and_writes_997(write, tmp_path, capsys):
    out = tmp_path / "ack.x12"
    assert main(["validate", write(interchange(PO_BODY)), "--out", str(out)]) == 0
    assert "accepted" in capsys.readouterr().out
    assert read(out.read_text()).sets[0].set_id == "997"


def test_validate_rejected_exits_1(write):
    assert main(["validate", write(interchange(PO_BODY.replace("BEG*00*", "BEG*99*")))]) == 1


def test_validate_broken_envelope_writes_ta1(write, tmp_path):
    out = tmp_path / "ta1.x12"
    text = interchange(PO_BODY, iea="IEA*1*000000999~")
    assert main(["validate", write(text), "--out", str(out)]) == 1
    reply = read(out.read_text()).interchanges[0]
    assert reply.ta1[0][5] == "001" and reply.groups == ()


def test_validate_999_option(write, tmp_path):
    out = tmp_path / "ack.x12"
    main(
        [
            "validate",
            write(interchange(PO_BODY, version="005010")),
            "--ack",
            "999",
            "--out",
            str(out),
        ]
    )
    assert read(out.read_text()).sets[0].set_id == "999"


@pytest.mark.parametrize("content", [b"", b"\x00\xff\xfe binary", b"hello world", b"ISA"])
def test_not_x12_exits_2_without_traceback(write, capsys, content):
    assert main(["validate", write(content)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "absent.x12")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_parse_prints_json_structure(write, capsys):
    assert main(["parse", write(interchange(PO_BODY))]) == 0
    data = json.loads(capsys.readouterr().out)
    (group,) = data["interchanges"][0]["groups"]
    assert group["sets"][0]["segments"][1] == ["BEG", "00", "SA", "PO123", "", "20240102"]


def test_validate_json_output(write, capsys):
    main(["validate", write(interchange(PO_BODY)), "--json"])
    assert json.loads(capsys.readouterr().out)["accepted"] is True


def test_unreadable_second_interchange_exits_1(write, capsys):
    text = interchange(PO_BODY) + "ISA*broken~"
    assert main(["validate", write(text)]) == 1
    assert "Traceback" not in capsys.readouterr().err
