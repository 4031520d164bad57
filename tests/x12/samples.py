"""Tiny literal X12 messages shared by the tests (written by hand for this suite)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / ".." / "shared" / "x12-corpus"
DATA = REPO / "tests" / "data" / "x12"

ISA_4010 = (
    "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       "
    "*240102*1230*U*00401*000000905*1*P*>~"
)
ISA_5010 = (
    "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       "
    "*240102*1230*^*00501*000000905*1*P*>~"
)


def interchange(
    body: str, *, gs: str = "PO", version: str = "004010", ge: str = "", iea: str = ""
) -> str:
    """Wrap ``ST..SE`` text in ISA/GS/GE/IEA with control numbers 905 (GE/IEA overridable)."""
    isa = ISA_5010 if version.startswith("005") else ISA_4010
    sets = len(re.findall(r"(?:^|~)ST\*", body))
    ge = ge or f"GE*{sets}*905~"
    iea = iea or "IEA*1*000000905~"
    return f"{isa}GS*{gs}*SENDER*RECEIVER*20240102*1230*905*X*{version}~{body}{ge}{iea}"


PO_BODY = (
    "ST*850*0001~"
    "BEG*00*SA*PO123**20240102~"
    "N1*ST*ACME DC*92*0042~"
    "PO1*1*10*EA*9.25**UP*012345678905~"
    "CTT*1~"
    "SE*6*0001~"
)
