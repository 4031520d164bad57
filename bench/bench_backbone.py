#!/usr/bin/env python3
"""Backbone throughput: inbound messages received and processed through queue_job, against bare
ORM creates of the same business records, in one run on a private PostgreSQL.

``python3 bench/bench_backbone.py [--count 10000]`` finds Odoo 18 like the test command
(``tools/odoo_suite.py``), starts a throwaway cluster, installs queue_job and
dist_integration_base without demo data in a fresh database, then runs the measurement with
Odoo's interpreter (this same file with ``--inner``):

1. baseline: ``res.partner.create`` of COUNT contacts, one transaction each (the granularity of
   one job per message), and the same in one batch for reference;
2. backbone: COUNT ``generic.contact`` messages received with ``dist.message._receive`` (payload
   attachment, idempotency row, audit event, queue_job row; one commit each, as the inbound API
   does), then every stored job executed in this process the way queue_job's runner controller
   does it: ``Job.load()``, mark started and commit, ``perform()`` (lock, claim the business key,
   create the partner, audit), mark done and commit.

Jobs run in-process rather than through the HTTP job runner: the runner adds an HTTP round trip
per job and needs worker processes, which on two shared cores measures scheduling noise more than
the backbone; the per-job transactions are the same.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from odoo_bench import odoo_env, run_in_odoo

DB = "dist_bench"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000, help="messages (default 10000)")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--conf", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        return inner(args.conf, args.count)
    return outer(args.count)


# ------------------------------------------------------------------------------- outer process


def outer(count: int) -> int:
    return run_in_odoo(__file__, DB, "queue_job,dist_integration_base", ["--count", str(count)])


# ------------------------------------------------------------------------------- inner process


def inner(conf: str, count: int) -> int:
    with odoo_env(conf, DB) as env:
        cr = env.cr
        results = {"count": count}
        results["baseline_s"] = timed(lambda: baseline_each(env, count))
        results["baseline_batch_s"] = timed(lambda: baseline_batch(env, count))
        backend = env["dist.backend"].create({"name": "Bench", "code": "bench"})
        cr.commit()  # pylint: disable=invalid-commit
        results["receive_s"] = timed(lambda: receive(env, backend, count))
        results["process_s"] = timed(lambda: process_jobs(env))
        check(env, backend, count)
    report(results)
    return 0


def timed(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def baseline_each(env, count: int) -> None:
    partners = env["res.partner"]
    for index in range(count):
        partners.create(contact(f"BASE-{index}"))
        env.cr.commit()  # pylint: disable=invalid-commit


def baseline_batch(env, count: int) -> None:
    env["res.partner"].create([contact(f"BATCH-{index}") for index in range(count)])
    env.cr.commit()  # pylint: disable=invalid-commit


def receive(env, backend, count: int) -> None:
    messages = env["dist.message"]
    for index in range(count):
        payload = json.dumps(contact(f"BENCH-{index}")).encode()
        messages._receive(backend, "generic.contact", payload, idempotency_key=f"bench-{index}")
        env.cr.commit()  # pylint: disable=invalid-commit


def process_jobs(env) -> None:
    from odoo.addons.queue_job.job import Job

    env.cr.execute(
        "SELECT uuid FROM queue_job WHERE state = 'pending' AND model_name = 'dist.message'"
        " ORDER BY id"
    )
    for (uuid,) in env.cr.fetchall():
        job = Job.load(env, uuid)
        job.set_started()
        job.store()
        env.cr.commit()  # pylint: disable=invalid-commit
        job.perform()
        env.flush_all()
        job.set_done()
        job.store()
        env.cr.commit()  # pylint: disable=invalid-commit


def check(env, backend, count: int) -> None:
    env.invalidate_all()
    env.cr.execute(
        "SELECT state, count(*) FROM dist_message WHERE backend_id = %s GROUP BY state",
        (backend.id,),
    )
    states = dict(env.cr.fetchall())
    created = env["res.partner"].search_count([("ref", "=like", "BENCH-%")])
    if states != {"processed": count} or created != count:
        raise SystemExit(f"benchmark run is wrong: states {states}, partners {created}")


def contact(ref: str) -> dict:
    return {"ref": ref, "name": f"Contact {ref}", "email": f"{ref.lower()}@bench.example"}


def report(r: dict) -> None:
    n = r["count"]
    end_to_end = r["receive_s"] + r["process_s"]
    rate, baseline = n / end_to_end, n / r["baseline_s"]
    print(f"\n{n} generic.contact messages, one transaction per message / per job")
    print(f"  baseline res.partner.create, commit each: {r['baseline_s']:.1f}s ({baseline:.0f}/s)")
    batch_s = r["baseline_batch_s"]
    print(f"  baseline res.partner.create, one batch:   {batch_s:.1f}s ({n / batch_s:.0f}/s)")
    print(f"  receive (store + enqueue):  {r['receive_s']:.1f}s ({n / r['receive_s']:.0f}/s)")
    print(f"  process (queue_job jobs):   {r['process_s']:.1f}s ({n / r['process_s']:.0f}/s)")
    print(f"  end to end:                 {end_to_end:.1f}s ({rate:.0f} messages/s)")
    print(f"  ratio end to end / baseline commit each: {rate / baseline:.2f}x")
    print(f"  ratio process only / baseline commit each: {n / r['process_s'] / baseline:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
