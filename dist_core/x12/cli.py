"""``dist-x12``: read, validate and acknowledge X12 files from the command line.

    dist-x12 parse FILE                      print the interchange structure as JSON
    dist-x12 validate FILE [--ack 997|999] [--out PATH] [--control-number N] [--json]

``validate`` exits 0 when every set is accepted, 1 when anything is rejected or in error, 2 when the
input is not X12 at all (empty, binary, no ISA, unreadable file). ``--out`` writes the
acknowledgment interchange(s): a TA1 interchange when an envelope is broken, else the 997/999 (and a
TA1 when ISA14 asks for one). ``FILE`` may be ``-`` for standard input. Bad input never produces a
traceback.

The mapper commands (``to-canonical``, ``from-canonical``) are contributed by
``dist_core.x12.mappers.cli.register(subparsers)`` when that module exists. ``parse`` and
``validate`` do not look for them (importing the mappers costs more than validating a 1 MB file)
and import only the engine modules they use.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dist_core.x12.errors import X12Error, X12NotX12Error, X12SyntaxError

if TYPE_CHECKING:
    from dist_core.x12.reader import Document
    from dist_core.x12.validator import InterchangeResult

#: Commands of this module: they run without importing the mappers' hook.
CORE_COMMANDS = ("parse", "validate")
EXIT_OK, EXIT_REJECTED, EXIT_NOT_X12, EXIT_INTERNAL = 0, 1, 2, 3


def _source(name: str):
    return sys.stdin.buffer if name == "-" else Path(name)


def _document_json(doc: Document) -> dict:
    return {
        "interchanges": [
            {
                "isa": list(i.header.isa.elements),
                "delimiters": {
                    "element": i.delimiters.element,
                    "segment": i.delimiters.segment,
                    "component": i.delimiters.component,
                    "repetition": i.delimiters.repetition,
                },
                "ta1": [list(s.elements) for s in i.ta1],
                "issues": [f.as_dict() for f in i.issues],
                "groups": [
                    {
                        "gs": list(g.header.gs.elements),
                        "issues": [f.as_dict() for f in g.issues],
                        "sets": [
                            {
                                "id": s.set_id,
                                "control_number": s.control_number,
                                "issues": [f.as_dict() for f in s.issues],
                                "segments": [[seg.tag, *seg.elements] for seg in s.segments],
                            }
                            for s in g.sets
                        ],
                    }
                    for g in i.groups
                ],
            }
            for i in doc.interchanges
        ],
        "fatal": doc.fatal.as_dict() if doc.fatal else None,
    }


def cmd_parse(args: argparse.Namespace) -> int:
    """Print the structure of FILE as JSON; exit 1 when the envelope has errors."""
    from dist_core.x12.reader import read

    doc = read(_source(args.file))
    json.dump(_document_json(doc), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return EXIT_REJECTED if any(f.is_error for f in doc.issues) else EXIT_OK


def _report(result: InterchangeResult, as_json: bool) -> list[dict]:
    """Print (or collect) one line per set and one per issue."""
    rows = [{"level": "interchange", "index": result.header.index, "issues": result.issues}]
    for group in result.groups:
        rows.append({"level": "group", "index": group.header.index, "issues": group.issues})
        for found in group.sets:
            verdict = "accepted" if found.accepted else "rejected"
            rows.append(
                {
                    "level": "set",
                    "id": found.set_id,
                    "control_number": found.control_number,
                    "verdict": verdict,
                    "issues": found.issues,
                }
            )
    if not as_json:
        for row in rows:
            if row["level"] == "set":
                print(f"set {row['id']} {row['control_number']}: {row['verdict']}")
            for found in row["issues"]:
                print(f"  {found}")
    return [dict(row, issues=[f.as_dict() for f in row["issues"]]) for row in rows]


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate FILE, print the verdicts, optionally write the acknowledgments."""
    from dist_core.x12.ack import ack_interchange
    from dist_core.x12.validator import validate

    acks: list[str] = []
    rows: list[dict] = []
    ok = True
    try:
        for n, result in enumerate(validate(_source(args.file))):
            rows += _report(result, args.json)
            ok = ok and result.accepted
            acks.append(
                ack_interchange(result, control_number=args.control_number + n, kind=args.ack)
            )
    except X12SyntaxError as exc:
        print(f"error: {exc}", file=sys.stderr)
        ok = False
    if args.json:
        json.dump({"accepted": ok, "results": rows}, sys.stdout, indent=1)
        sys.stdout.write("\n")
    if args.out:
        Path(args.out).write_text("".join(acks), encoding="utf-8")
    return EXIT_OK if ok else EXIT_REJECTED


def build_parser(mappers: bool = True) -> argparse.ArgumentParser:
    """The argument parser (extended by the mappers' ``register`` hook when present and
    ``mappers`` is true)."""
    parser = argparse.ArgumentParser(prog="dist-x12", description="X12 reader, validator, acks")
    sub = parser.add_subparsers(dest="command", required=True)
    parse = sub.add_parser("parse", help="print the structure of FILE as JSON")
    parse.add_argument("file")
    parse.set_defaults(func=cmd_parse)
    check = sub.add_parser("validate", help="validate FILE and optionally write acknowledgments")
    check.add_argument("file")
    check.add_argument("--ack", choices=("997", "999"), default="997")
    check.add_argument("--out", help="write the acknowledgment interchange(s) to this path")
    check.add_argument("--control-number", type=int, default=1, help="ISA13/GS06 of the first ack")
    check.add_argument("--json", action="store_true", help="print results as JSON")
    check.set_defaults(func=cmd_validate)
    try:
        hook = importlib.import_module("dist_core.x12.mappers.cli") if mappers else None
    except ImportError:
        hook = None
    if hook is not None and hasattr(hook, "register"):
        hook.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``dist-x12``; returns the exit code."""
    words = sys.argv[1:] if argv is None else list(argv)
    core = bool(words) and words[0] in CORE_COMMANDS
    args = build_parser(mappers=not core).parse_args(words)
    try:
        return args.func(args)
    except X12NotX12Error as exc:
        print(f"not X12: {exc.issue.message}", file=sys.stderr)
        return EXIT_NOT_X12
    except OSError as exc:
        print(f"cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_NOT_X12
    except X12Error as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    except Exception as exc:  # the promise is "never a traceback": say it is our bug instead
        print(f"internal error ({type(exc).__name__}): {exc}; please report it", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
