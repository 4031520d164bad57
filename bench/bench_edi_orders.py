#!/usr/bin/env python3
"""EDI order intake throughput: one X12 interchange of 850s into confirmed sale orders with their
855s and the 997, through queue_job, against bare ORM create + confirm of the same orders.

``python3 bench/bench_edi_orders.py [--orders 500] [--lines 10] [--profile] [--keep]`` finds
Odoo 18 like the test command (``tools/odoo_suite.py``), starts a throwaway PostgreSQL cluster,
installs queue_job and dist_edi without demo data in a fresh database, then runs the measurement
with Odoo's interpreter (this same file with ``--inner``):

1. setup: a production trading partner (ISA ZZ/BENCHRETAIL, X12 version of its profile, 997s,
   855 at confirmation), a DC ship-to with a location cross-reference, a carrier cross-reference,
   50 storable products in stock with one UPC cross-reference each, the customer's pricelist, and
   a backend with a local-folder transport (the outbox is a temporary folder);
2. baseline (first): the same ORDERS orders (partner, ship-to, PO number, commitment date,
   LINES lines with product, quantity and price) created with ``sale.order.create`` and
   confirmed with ``action_confirm``, one commit per order, on a copy of the 50 products with
   their own stock (same prices): reserving stock updates the same few quant rows thousands of
   times, and the run that came second would otherwise pay for the first one's dead rows;
3. EDI: one interchange of ORDERS 850s written with ``dist_core.x12.writer``, received as one
   ``x12.interchange`` message (``dist.message._receive``, committed), then every queue_job job
   run in this process by queue_job's own runner controller code, until none is left: the router
   job (one 850 message per set, the 997 queued), the 850s in batches of their type's *Messages
   per Job* (sale orders created and confirmed, their 855s queued together when the batch ends),
   the 855s in batches of theirs and the 997 (generated, validated, written to the outbox).

Each job runs the way queue_job's runner does it: the runner's ``UPDATE ... state='enqueued'``
(committed), then ``RunJobController._acquire_job`` (started, committed, job lock) and
``RunJobController._runjob`` (``perform()`` with commits forbidden, done, committed; failure or
retry handling as in production). Only the HTTP hop from the runner to ``/queue_job/runjob`` and
the worker processes are left out: on two shared cores they measure scheduling, and every
transaction a job makes is the same.

At the end it checks: ORDERS confirmed sale orders from 850s, ORDERS 855s sent, one 997 sent,
ORDERS + 1 files in the outbox, no open exception, no failed job. Then it prints orders per
second both ways, the ratio (goal: at least 0.8) and where the EDI time goes (per stage; with
``--profile`` also the top functions of cProfile over the EDI processing).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from odoo_bench import ISA_ID, OUR_ID, edi_partner, odoo_env, run_in_odoo

DB = "dist_bench_edi"
PRODUCTS = 50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=500, help="purchase orders (default 500)")
    parser.add_argument("--lines", type=int, default=10, help="lines per order (default 10)")
    parser.add_argument(
        "--version",
        choices=["004010", "005010"],
        default="004010",
        help="X12 version of the partner profile (default 004010)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the EDI processing")
    parser.add_argument("--keep", action="store_true", help="keep the cluster for inspection")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--conf", help=argparse.SUPPRESS)
    parser.add_argument("--outbox", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.orders < 1 or args.lines < 1:
        parser.error("--orders and --lines must be at least 1")
    if args.inner:
        return inner(args)
    return outer(args)


# ------------------------------------------------------------------------------- outer process


def outer(args) -> int:
    inner_args = ["--orders", str(args.orders), "--lines", str(args.lines)]
    inner_args += ["--version", args.version] + (["--profile"] if args.profile else [])
    return run_in_odoo(__file__, DB, "queue_job,dist_edi", inner_args, outbox=True, keep=args.keep)


# ------------------------------------------------------------------------------- the interchange


def interchange_text(orders: int, lines: int, version: str, prices: list[float]) -> str:
    """ORDERS 850s of LINES lines from BENCHRETAIL to us, in one group of one interchange."""
    import datetime as dt

    from dist_core.x12.delimiters import Delimiters
    from dist_core.x12.segment import Segment
    from dist_core.x12.writer import GroupOut, InterchangeOut, SetOut, write_interchange

    sets = []
    for index in range(orders):
        body = [
            Segment.of("BEG", "00", "SA", po_number(index), None, "20261127"),
            Segment.of("REF", "DP", "038"),
            Segment.of("DTM", "002", "20261215"),
            Segment.of("TD5", "O", "2", "UPSN", "M"),
            Segment.of("N1", "ST", "BENCH DC 42", "92", "0042"),
        ]
        for number, (product, quantity) in enumerate(order_lines(index, lines), start=1):
            price = f"{prices[product]:.2f}"
            body.append(Segment.of("PO1", number, quantity, "EA", price, None, "UP", upc(product)))
            body.append(Segment.of("PID", "F", None, None, None, f"BENCH ITEM {product}"))
        body.append(Segment.of("CTT", lines))
        sets.append(SetOut("850", index + 1, tuple(body)))
    isa_version = {"004010": "00401", "005010": "00501"}[version]
    text = write_interchange(
        InterchangeOut(
            "ZZ",
            ISA_ID,
            "ZZ",
            OUR_ID,
            control_number=1001,
            version=isa_version,
            usage="P",
            groups=(GroupOut("PO", ISA_ID, OUR_ID, 1001, tuple(sets), version=version),),
        ),
        Delimiters(
            element="*", segment="~", component=">", repetition="^" if version >= "005" else ""
        ),
        when=dt.datetime(2026, 11, 27, 12, 0),
    )
    return text


def po_number(index: int) -> str:
    return f"BPO-{index + 1:06d}"


def order_lines(index: int, lines: int):
    """(product index, quantity) of each line: distinct products within an order."""
    return [((index * 7 + n) % PRODUCTS, 1 + (index + n) % 12) for n in range(lines)]


def upc(product: int) -> str:
    """A valid UPC-A for product ``product``."""
    from dist_core.gs1 import is_valid_gtin

    stem = f"0{7_000_000_000 + product:010d}"
    for digit in range(10):
        if is_valid_gtin(stem + str(digit)):
            return stem + str(digit)
    raise AssertionError(stem)


# ------------------------------------------------------------------------------- inner process


def inner(args) -> int:
    # A plain environment, like the jobs' (queue_job keeps no tracking_disable): the baseline
    # pays the same chatter tracking as the EDI path.
    with odoo_env(args.conf, DB) as env:
        cr = env.cr
        setup = set_up(env, args)
        cr.commit()  # pylint: disable=invalid-commit
        results = {"orders": args.orders, "lines": args.lines, "version": args.version}
        base_stages = Stages(env, edi=False)
        with base_stages:
            started = time.perf_counter()
            baseline(env, setup, args)
            results["baseline_s"] = time.perf_counter() - started
        results["baseline_stages"] = base_stages.times
        payload = interchange_text(args.orders, args.lines, args.version, setup["prices"]).encode()
        results["payload_kb"] = len(payload) / 1024
        stages = Stages(env)
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
        started = time.perf_counter()
        message = env["dist.message"]._receive(
            setup["backend"], "x12.interchange", payload, filename="bench-850s.x12"
        )
        cr.commit()  # pylint: disable=invalid-commit
        results["receive_s"] = time.perf_counter() - started
        with stages:
            if profiler:
                profiler.enable()
            started = time.perf_counter()
            results["jobs"] = run_jobs(env, stages)
            results["process_s"] = time.perf_counter() - started
            if profiler:
                profiler.disable()
        results["stages"] = stages.times
        results["checks"] = check(env, setup, message, args)
    report(results)
    if profiler:
        import pstats

        print("\ncProfile of the EDI processing (top 35 by own time, then by cumulative time)")
        stats = pstats.Stats(profiler).strip_dirs()
        stats.sort_stats("tottime").print_stats(35)
        stats.sort_stats("cumulative").print_stats(45)
        print("\nthe same, functions of this project's files only (by cumulative time)")
        stats.print_stats(r"dist_|xref_resolver|sql_rows", 40)
    return 0


def set_up(env, args) -> dict:
    company = env.company
    backend, customer, dc, profile = edi_partner(
        env,
        "bench-edi",
        args.outbox,
        x12_version=args.version,
        x12_ack="997",
        ack_855_trigger="confirm",
    )
    pricelist = env["product.pricelist"].create(
        {"name": "Bench prices", "currency_id": company.currency_id.id}
    )
    customer.property_product_pricelist = pricelist
    prices = [round(2.0 + 0.37 * n, 2) for n in range(PRODUCTS)]
    # Two sets of the same products: the baseline's reservations must not bloat the stock rows
    # the EDI run reserves from (it runs second), nor the reverse.
    products, base_products = (
        env["product.product"].create(
            [
                {"name": f"Bench item {n}{suffix}", "list_price": prices[n], "is_storable": True}
                for n in range(PRODUCTS)
            ]
        )
        for suffix in ("", " (baseline)")
    )
    env["dist.xref.product"].create(
        [
            {
                "profile_id": profile.id,
                "qualifier": "UP",
                "value": upc(n),
                "product_id": product.id,
            }
            for n, product in enumerate(products)
        ]
    )
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    quants = env["stock.quant"]
    for product in products | base_products:
        quants._update_available_quantity(product, warehouse.lot_stock_id, 1_000_000)
    return {
        "backend": backend,
        "customer": customer,
        "dc": dc,
        "profile": profile,
        "products": products,
        "base_products": base_products,
        "prices": prices,
    }


def baseline(env, setup, args) -> None:
    """The same orders with bare ORM: create with lines, confirm, commit each."""
    import datetime as dt

    from odoo import Command

    products, prices = setup["base_products"], setup["prices"]
    orders = env["sale.order"]
    for index in range(args.orders):
        sale = orders.create(
            {
                "partner_id": setup["customer"].id,
                "partner_shipping_id": setup["dc"].id,
                "client_order_ref": f"BASE-{index + 1:06d}",
                "commitment_date": dt.datetime(2026, 12, 15, 12, 0),
                "order_line": [
                    Command.create(
                        {
                            "product_id": products[product].id,
                            "product_uom_qty": quantity,
                            "price_unit": prices[product],
                        }
                    )
                    for product, quantity in order_lines(index, args.lines)
                ],
            }
        )
        sale.action_confirm()
        env.cr.commit()  # pylint: disable=invalid-commit


def run_jobs(env, stages) -> dict:
    """Run every pending job as queue_job's runner would, until none is left."""
    from odoo.addons.queue_job.controllers.main import RunJobController

    counts = {"done": 0, "failed": 0}
    cr = env.cr
    while True:
        cr.execute(
            "SELECT uuid FROM queue_job WHERE state = 'pending'"
            " AND (eta IS NULL OR eta <= now() at time zone 'utc')"
            " ORDER BY priority, date_created, id"
        )
        uuids = [uuid for (uuid,) in cr.fetchall()]
        if not uuids:
            return counts
        for uuid in uuids:
            # The runner's own transaction: mark the job enqueued.
            cr.execute(
                "UPDATE queue_job SET state = 'enqueued',"
                " date_enqueued = date_trunc('seconds', now() at time zone 'utc')"
                " WHERE uuid = %s",
                (uuid,),
            )
            cr.commit()  # pylint: disable=invalid-commit
            job = RunJobController._acquire_job(env, uuid)
            if not job:
                raise SystemExit(f"job {uuid} could not be acquired")
            stages.current = job.func_string
            try:
                RunJobController._runjob(env, job)
                counts["done"] += 1
            except Exception as exc:  # the controller stored the failure; count it
                env.cr.rollback()
                counts["failed"] += 1
                print(f"job {uuid} failed: {exc}", flush=True)
            env.invalidate_all()


class Stages:
    """Wall time per stage of the EDI processing, by wrapping the methods of the stages."""

    def __init__(self, env, edi=True):
        self.env = env
        self.edi = edi
        self.times = {}
        self.current = None
        self._patched = []

    def __enter__(self):
        message = type(self.env["dist.message"])
        sale = type(self.env["sale.order"])
        line = type(self.env["sale.order.line"])
        product = type(self.env["product.product"])
        self._wrap(sale, "create", "sale.order.create")
        self._wrap(sale, "action_confirm", "sale.order.action_confirm")
        self._wrap(line, "_action_launch_stock_rule", "  of which stock rules (procurements)")
        self._wrap(product, "_compute_quantities", "product forecasts (_compute_quantities)")
        move = type(self.env["stock.move"])
        picking = type(self.env["stock.picking"])
        self._wrap(move, "_action_confirm", "    stock.move._action_confirm")
        self._wrap(move, "_action_assign", "    stock.move._action_assign")
        self._wrap(picking, "create", "    stock.picking.create")
        self._wrap(move, "_assign_picking", "    stock.move._assign_picking")
        self._wrap(picking, "_dist_3pl_queue_940", "    3PL 940 check")
        if not self.edi:
            return self
        self._wrap(message, "_dist_handle_x12_interchange", "routing (interchange job)")
        self._wrap(message, "_dist_handle_x12_850", "850 job: handler")
        self._wrap(message, "_get_x12_850_order_vals", "850 job: resolve + order values")
        self._wrap(sale, "_dist_edi_queue_855", "  of which 855 queued (on confirm)")
        self._wrap(message, "_x12_850_attach", "850 job: order thread attach")
        self._wrap(message, "_dist_generate_x12_855", "855 job: generate")
        self._wrap(message, "_dist_generate_x12_997", "997 job: generate")
        self._wrap(message, "_send", "855/997 jobs: send to the outbox")
        self._wrap(message, "process", "all jobs: dist.message.process")
        return self

    def __exit__(self, *exc):
        for owner, name, original in reversed(self._patched):
            if original is None:
                delattr(owner, name)
            else:
                setattr(owner, name, original)

    def _wrap(self, owner, name, label):
        original = owner.__dict__.get(name)
        method = getattr(owner, name)
        times = self.times

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                seconds, calls = times.get(label, (0.0, 0))
                times[label] = (seconds + time.perf_counter() - started, calls + 1)

        timed.__name__ = name
        setattr(owner, name, timed)
        self._patched.append((owner, name, original))


def check(env, setup, message, args) -> dict:
    env.invalidate_all()
    cr = env.cr
    n = args.orders
    cr.execute(
        "SELECT count(*), count(*) FILTER (WHERE state = 'sale') FROM sale_order"
        " WHERE dist_edi_message_id IS NOT NULL"
    )
    orders, confirmed = cr.fetchone()
    cr.execute(
        "SELECT t.code, m.state, count(*) FROM dist_message m"
        " JOIN dist_message_type t ON t.id = m.type_id GROUP BY t.code, m.state ORDER BY 1, 2"
    )
    messages = {f"{code} {state}": count for code, state, count in cr.fetchall()}
    cr.execute("SELECT count(*) FROM dist_exception")
    exceptions = cr.fetchone()[0]
    cr.execute("SELECT state, count(*) FROM queue_job GROUP BY state")
    jobs = dict(cr.fetchall())
    cr.execute(
        "SELECT count(*) FROM sale_order_line WHERE display_type IS NULL"
        " AND order_id IN (SELECT id FROM sale_order WHERE dist_edi_message_id IS NOT NULL)"
    )
    lines = cr.fetchone()[0]
    files = sorted(os.listdir(os.path.join(args.outbox, "out")))
    found = {
        "sale orders from 850s": orders,
        "confirmed": confirmed,
        "product lines": lines,
        "messages": messages,
        "exceptions": exceptions,
        "jobs": jobs,
        "outbox files": len(files),
        "855 files": sum(name.startswith("855-") for name in files),
        "997 files": sum(name.startswith("997-") for name in files),
    }
    expected = {
        "sale orders from 850s": n,
        "confirmed": n,
        "product lines": n * args.lines,
        "messages": {
            "x12.850 processed": n,
            "x12.855.out sent": n,
            "x12.997.out sent": 1,
            "x12.interchange processed": 1,
        },
        "exceptions": 0,
        "jobs": {"done": expected_jobs(env, n)},
        "outbox files": n + 1,
        "855 files": n,
        "997 files": 1,
    }
    wrong = {k: (v, expected[k]) for k, v in found.items() if v != expected[k]}
    if wrong:
        print(json.dumps(found, indent=2))
        raise SystemExit(f"benchmark run is wrong (found, expected): {wrong}")
    return found


def expected_jobs(env, n: int) -> int:
    """The router's job and the 997's, then the 850s in batches of their type's size, each
    batch queueing its 855s in batches of theirs (``Messages per Job``)."""
    size = {
        code: max(env["dist.message.type"]._by_code(code).job_batch_size, 1)
        for code in ("x12.850", "x12.855.out")
    }
    batches = [min(size["x12.850"], n - start) for start in range(0, n, size["x12.850"])]
    return 2 + len(batches) + sum(-(-count // size["x12.855.out"]) for count in batches)


def report(r: dict) -> None:
    n = r["orders"]
    edi_s = r["receive_s"] + r["process_s"]
    rate, base = n / edi_s, n / r["baseline_s"]
    print(
        f"\n{n} purchase orders of {r['lines']} lines, X12 {r['version']}, one interchange "
        f"of {r['payload_kb']:.0f} KB, one partner"
    )
    print(
        f"  baseline sale.order.create + action_confirm, commit each: {r['baseline_s']:.1f}s "
        f"({base:.2f} orders/s)"
    )
    print(f"  EDI receive (one x12.interchange message):  {r['receive_s']:.2f}s")
    jobs = r["jobs"]
    print(
        f"  EDI process ({jobs['done']} queue_job jobs, {jobs['failed']} failed):  "
        f"{r['process_s']:.1f}s"
    )
    print(f"  EDI end to end: {edi_s:.1f}s ({rate:.2f} orders/s), 855s and the 997 in the outbox")
    print(
        f"  ratio EDI / bare ORM: {rate / base:.2f}x (goal >= 0.8: "
        f"{'met' if rate / base >= 0.8 else 'not met'})"
    )
    print("\n  where the baseline time goes (wall; stages nest):")
    print_stages(r["baseline_stages"], r["baseline_s"], n)
    print("\n  where the EDI processing time goes (wall; stages nest):")
    stages = r["stages"]
    total = r["process_s"]
    print_stages(stages, total, n)
    outside = total - stages.get("all jobs: dist.message.process", (0.0, 0))[0]
    print(
        f"    {'queue_job bookkeeping (outside process)':<42} {outside:7.1f}s "
        f"{100 * outside / total:5.1f}%        {1000 * outside / n:9.1f}"
    )
    print("\n  checks: " + json.dumps(r["checks"]))


def print_stages(stages: dict, total: float, orders: int) -> None:
    print(f"    {'stage':<42} {'seconds':>8} {'share':>6} {'calls':>6} {'ms/order':>9}")
    for label, (seconds, calls) in stages.items():
        print(
            f"    {label:<42} {seconds:7.1f}s {100 * seconds / total:5.1f}% {calls:6d}"
            f" {1000 * seconds / orders:9.1f}"
        )


if __name__ == "__main__":
    sys.exit(main())
