#!/usr/bin/env python3
"""856 generation for a big shipment: a 2,000-line delivery in 200 packages of an order created
by an 850, against reading the same picking's move lines with bare ORM calls, in one run.

``python3 bench/bench_edi_856.py [--lines 2000] [--packages 200] [--rounds 5] [--profile]``
starts a throwaway PostgreSQL cluster, installs queue_job and dist_edi without demo data in a
fresh database (``bench/odoo_bench.py``), then, with Odoo's interpreter:

1. setup: a production trading partner (856 pick and pack, no 855, no 997), a DC ship-to and a
   carrier cross-reference, LINES storable products in stock with one UPC cross-reference each,
   the company's SSCC ledger, a local-folder backend;
2. an 850 of LINES lines (one per product) received and processed: a confirmed sale order with
   one delivery of LINES moves, reserved; the move lines are put in PACKAGES packages (LINES /
   PACKAGES lines each) and the delivery is validated, which queues its 856 (committed);
3. ROUNDS times, alternating, each from a cold ORM cache in a savepoint rolled back after:
   - baseline: the picking's move lines read with bare ORM calls (``read(..., load=None)``:
     ids, no display names): product, quantity, unit, package, lot, state, their moves' sale
     lines with the EDI line number, quantity and unit, and the packages (what an 856 needs
     from the database);
   - 856: ``dist.message._dist_generate_x12_856()``: the 850 read back and its lines resolved,
     the carrier's SCAC, the shipment built from the move lines, SSCCs assigned from the ledger,
     the 856 written, enveloped with control numbers and validated (our validator and the HL
     checker);
4. the 856 message processed once for real (generated, stored, written to the outbox) and read
   back: LINES LIN, PACKAGES MAN with valid check digits, the SN1 total equal to what shipped.

It prints the median seconds of both, the ratio 856 / baseline, and the 856 lines per second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from odoo_bench import ISA_ID, OUR_ID, edi_partner, odoo_env, run_in_odoo

DB = "dist_bench_856"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000, help="delivery lines (default 2000)")
    parser.add_argument("--packages", type=int, default=200, help="packages (default 200)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--profile", action="store_true", help="cProfile both sides")
    parser.add_argument("--keep", action="store_true", help="keep the cluster for inspection")
    parser.add_argument("--inner", action="store_true", help="(internal)")
    parser.add_argument("--conf", help="(internal)")
    parser.add_argument("--outbox", help="(internal)")
    args = parser.parse_args()
    if args.lines < 1 or not 1 <= args.packages <= args.lines or args.rounds < 1:
        parser.error("need 1 <= --packages <= --lines and --rounds >= 1")
    if args.inner:
        return inner(args)
    inner_args = ["--lines", str(args.lines), "--packages", str(args.packages)]
    inner_args += ["--rounds", str(args.rounds)] + (["--profile"] if args.profile else [])
    return run_in_odoo(__file__, DB, "queue_job,dist_edi", inner_args, outbox=True, keep=args.keep)


# ------------------------------------------------------------------------------- the 850


def upc(n: int) -> str:
    """A valid UPC-A for product ``n``."""
    from dist_core.gs1 import check_digit

    stem = f"0{8_000_000_000 + n:010d}"
    return stem + check_digit(stem)


def purchase_order(lines: int) -> bytes:
    """One 850 of LINES lines, one product each, from BENCHRETAIL to us."""
    import datetime as dt

    from dist_core.x12.delimiters import Delimiters
    from dist_core.x12.segment import Segment
    from dist_core.x12.writer import GroupOut, InterchangeOut, SetOut, write_interchange

    body = [
        Segment.of("BEG", "00", "SA", "BPO-856", None, "20261127"),
        Segment.of("DTM", "002", "20261215"),
        Segment.of("TD5", "O", "2", "UPSN", "M"),
        Segment.of("N1", "ST", "BENCH DC 42", "92", "0042"),
    ]
    for n in range(lines):
        quantity = 1 + n % 12
        body.append(Segment.of("PO1", n + 1, quantity, "EA", "2.50", None, "UP", upc(n)))
    body.append(Segment.of("CTT", lines))
    interchange = InterchangeOut(
        "ZZ",
        ISA_ID,
        "ZZ",
        OUR_ID,
        control_number=856,
        version="00401",
        usage="P",
        groups=(GroupOut("PO", ISA_ID, OUR_ID, 856, (SetOut("850", 1, tuple(body)),)),),
    )
    delimiters = Delimiters(element="*", segment="~", component=">", repetition="")
    text = write_interchange(interchange, delimiters, when=dt.datetime(2026, 11, 27, 12, 0))
    return text.encode()


# ------------------------------------------------------------------------------- inner process


def inner(args) -> int:
    with odoo_env(args.conf, DB) as env:
        started = time.perf_counter()
        picking, message = set_up(env, args)
        env.cr.commit()  # pylint: disable=invalid-commit
        print(f"set up in {time.perf_counter() - started:.0f}s", flush=True)
        results = {"lines": args.lines, "packages": args.packages, "rounds": args.rounds}
        base, edi = [], []
        for _ in range(args.rounds):
            base.append(timed(env, lambda: baseline(picking)))
            edi.append(timed(env, message._dist_generate_x12_856))
        results["baseline_s"] = statistics.median(base)
        results["edi_s"] = statistics.median(edi)
        results["baseline_all"], results["edi_all"] = base, edi
        if args.profile:
            profile(env, lambda: baseline(picking), "the baseline")
            profile(env, message._dist_generate_x12_856, "one 856 generation")
        results["checks"] = check(env, message, args)
    report(results)
    return 0


def set_up(env, args):
    company = env.company
    backend, customer, _dc, profile = edi_partner(
        env,
        "bench-856",
        args.outbox,
        environment="production",
        x12_ack="none",
        ack_855_trigger="never",
        price_policy="accept",
        asn_structure="SOPI",
    )
    products = env["product.product"].create(
        [
            {"name": f"Bench item {n}", "list_price": 2.5, "is_storable": True}
            for n in range(args.lines)
        ]
    )
    env["dist.xref.product"].create(
        [
            {"profile_id": profile.id, "qualifier": "UP", "value": upc(n), "product_id": p.id}
            for n, p in enumerate(products)
        ]
    )
    env["dist.edi.sscc"].create(
        {"company_id": company.id, "gs1_company_prefix": "0614141", "extension_digit": 1}
    )
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    for product in products:
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 1000)
    po = env["dist.message"]._receive(
        backend,
        "x12.850",
        purchase_order(args.lines),
        idempotency_key="bench:850",
        enqueue=False,
        partner_id=customer.id,
    )
    po.process()
    sale = env["sale.order"].search([("client_order_ref", "=", "BPO-856")])
    if sale.state != "sale":
        raise SystemExit(f"the 850 made no confirmed order: {po.state} {po.last_error_message}")
    picking = sale.picking_ids
    lines = picking.move_ids.move_line_ids.sorted("id")
    if len(lines) != args.lines:
        raise SystemExit(f"expected {args.lines} reserved move lines, got {len(lines)}")
    packages = env["stock.quant.package"].create(
        [{"name": f"BENCH-{n:04d}"} for n in range(args.packages)]
    )
    size = -(-args.lines // args.packages)
    for n, package in enumerate(packages):
        lines[n * size : (n + 1) * size].result_package_id = package
    picking.move_ids.picked = True
    picking.with_context(skip_backorder=True).button_validate()
    if picking.state != "done":
        raise SystemExit(f"delivery not done: {picking.state}")
    message = env["dist.message"].search(
        [("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)]
    )
    if len(message) != 1:
        raise SystemExit(f"expected one 856 message, got {len(message)}")
    return picking, message


def baseline(picking) -> None:
    """What an 856 needs from the database, read with bare ORM calls (ids, no display names)."""
    lines = picking.move_line_ids
    fields = ["product_id", "quantity", "product_uom_id", "result_package_id", "lot_id", "move_id"]
    lines.read(fields + ["state"], load=None)
    lines.move_id.read(["sale_line_id"], load=None)
    lines.move_id.sale_line_id.read(
        ["dist_edi_line_number", "dist_edi_quantity", "dist_edi_unit", "product_uom_qty"],
        load=None,
    )
    lines.result_package_id.read(["name", "dist_sscc"], load=None)


def timed(env, func) -> float:
    """Seconds of ``func()`` from a cold ORM cache, its writes rolled back."""
    env.invalidate_all()
    with env.cr.savepoint(flush=False) as savepoint:
        started = time.perf_counter()
        func()
        env.flush_all()
        seconds = time.perf_counter() - started
        savepoint.rollback()
    env.invalidate_all()
    return seconds


def profile(env, func, what) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    env.invalidate_all()
    with env.cr.savepoint(flush=False) as savepoint:
        profiler.runcall(func)
        savepoint.rollback()
    env.invalidate_all()
    print(f"\ncProfile of {what} (top 30 by cumulative time)")
    pstats.Stats(profiler).strip_dirs().sort_stats("cumulative").print_stats(30)


def check(env, message, args) -> dict:
    """Process the 856 for real and read it back."""
    from decimal import Decimal

    from dist_core.gs1 import has_valid_check_digit
    from dist_core.x12.reader import read
    from dist_core.x12.validator import validate

    started = time.perf_counter()
    message.process()
    processed = time.perf_counter() - started
    env.cr.commit()  # pylint: disable=invalid-commit
    if message.state != "sent":
        raise SystemExit(f"856 not sent: {message.state} {message.last_error_message}")
    payload = message._payload_bytes()
    if not all(result.accepted for result in validate(payload)):
        raise SystemExit("the 856 sent is not valid")
    body = read(payload).sets[0].body
    lins = [s for s in body if s.tag == "LIN"]
    mans = [s[2] for s in body if s.tag == "MAN"]
    shipped = sum(Decimal(s[2]) for s in body if s.tag == "SN1")
    expected = sum(1 + n % 12 for n in range(args.lines))
    problems = []
    if len(lins) != args.lines:
        problems.append(f"{len(lins)} LIN")
    if len(mans) != args.packages or not all(map(has_valid_check_digit, mans)):
        problems.append(f"{len(mans)} MAN / check digits")
    if shipped != expected:
        problems.append(f"SN1 total {shipped} != {expected}")
    if problems:
        raise SystemExit("856 check failed: " + ", ".join(problems))
    return {"process_s": processed, "kb": len(payload) / 1024, "lin": len(lins), "man": len(mans)}


def report(r: dict) -> None:
    checks = r["checks"]
    print(f"\n856 for {r['lines']} lines in {r['packages']} packages, median of {r['rounds']}")
    print(f"  baseline (bare ORM read of the move lines): {r['baseline_s']:.3f} s")
    print(f"  856 generation:                              {r['edi_s']:.3f} s")
    print(f"  ratio 856 / baseline:                        {r['edi_s'] / r['baseline_s']:.1f}")
    print(f"  856 lines per second:                        {r['lines'] / r['edi_s']:.0f}")
    print(f"  all rounds: baseline {fmt(r['baseline_all'])}; 856 {fmt(r['edi_all'])}")
    print(
        f"  processed once for real (generate, store, send): {checks['process_s']:.2f} s, "
        f"{checks['kb']:.0f} KiB, {checks['lin']} LIN, {checks['man']} SSCCs, all valid"
    )


def fmt(values) -> str:
    return " ".join(f"{v:.3f}" for v in values)


if __name__ == "__main__":
    raise SystemExit(main())
