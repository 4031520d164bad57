"""Pure-Python X12 engine: streaming reader, envelope checks, schemas, validator, acks, writer.

Import the stage you need (``dist_core.x12.reader``, ``.validator``, ``.ack``, ``.writer``); the
names below are the stable surface. This package never imports Odoo and uses only the standard
library.
"""

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.errors import (
    Code,
    Issue,
    Position,
    X12Error,
    X12NotX12Error,
    X12SchemaError,
    X12SyntaxError,
    X12TransientError,
    X12WriteError,
)
from dist_core.x12.segment import Segment

__all__ = [
    "Code",
    "Delimiters",
    "Issue",
    "Position",
    "Segment",
    "X12Error",
    "X12NotX12Error",
    "X12SchemaError",
    "X12SyntaxError",
    "X12TransientError",
    "X12WriteError",
]
