#!/usr/bin/env python3
"""Inbound API under concurrent load: POST /dist/api/v1/<code>/messages against Odoo's bare
/web/health endpoint, measured in the same run, on a real Odoo server with two workers.

``python3 bench/bench_inbound_api.py [--clients 4,8] [--duration 20] [--warmup 3] [--keep]`` finds
Odoo 18 like the test command (``tools/odoo_suite.py``), starts a throwaway PostgreSQL cluster,
installs queue_job and dist_integration_base without demo data in a fresh database, creates one
backend with the API enabled (rate limit 10**6 per minute) and an API key, then starts Odoo on
127.0.0.1 with ``--workers=2 --max-cron-threads=0``. queue_job's job runner is left out
(queue_job is not a server-wide module here): the API only enqueues jobs, and a runner executing
them would compete with the two HTTP workers for the cores.

Clients are threads of this process, each with its own ``http.client`` connection (reused when
the server keeps it open; Odoo's prefork workers answer HTTP/1.0 and close it after each reply).
Each post is a distinct small JSON contact (unique ``ref`` and ``Idempotency-Key``), so every
accepted post is a new message. For each number of clients, after a warm-up, the same load runs
for DURATION seconds against the API, then against ``GET /web/health``. Printed for both:
requests, errors (non-2xx or no answer), rate, p50 and p99 latency, and the ratio of the rates.
Clients wait for each answer before the next request (a closed loop), so latency is concurrency
over throughput (Little's law): the goals are read at 4 clients, two per worker, the fewest that
keep both workers busy (one request served while the next waits); 8 clients measure the same
throughput with twice the queue in front of the workers, for reference. Then the check that the
database holds exactly one message and one queued job per 202 answer, and the SQL statements of
one post (traced in-process, after the run, on a second backend).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import http.client
import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from odoo_bench import bench_cluster, install, odoo_process_env  # noqa: E402

DB = "dist_bench_api"
CODE = "bench-api"
DIAG_CODE = "bench-diag"
RATE_LIMIT = 10**6
TRACE_POSTS = 200
GOAL_RATIO = 0.5
GOAL_P99_MS = 150.0
# Two clients per HTTP worker keep both busy; more only lengthen the queue in front of them.
GOAL_CLIENTS = 4
CLIENT_LEVELS = (GOAL_CLIENTS, 8)
HEALTH = "/web/health"
API = f"/dist/api/v1/{CODE}/messages"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clients",
        default=",".join(map(str, CLIENT_LEVELS)),
        help="client threads, one run per number, comma-separated (default 4,8; the goals are "
        f"read at {GOAL_CLIENTS})",
    )
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per endpoint (20)")
    parser.add_argument("--warmup", type=float, default=3.0, help="warm-up seconds (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the cluster for inspection")
    parser.add_argument("--inner", choices=["setup", "sample", "trace"], help=argparse.SUPPRESS)
    parser.add_argument("--conf", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        return INNER[args.inner](args.conf)
    try:
        args.levels = [int(n) for n in args.clients.split(",")]
    except ValueError:
        parser.error("--clients: numbers separated by commas")
    if min(args.levels) < 1 or args.duration <= 0 or args.warmup < 0:
        parser.error("--clients >= 1, --duration > 0, --warmup >= 0")
    return outer(args)


# ------------------------------------------------------------------------------- outer process


def outer(args) -> int:
    with bench_cluster(DB, prefix="dist-bench-api-", keep=args.keep) as found:
        if found is None:
            return 2
        odoo, base, cluster = found
        from odoo_suite import free_port  # on sys.path inside bench_cluster

        port = free_port()
        gevent_port = free_port()
        conf = write_conf(base, odoo, cluster, port, gevent_port)
        env = odoo_process_env(odoo)
        install(odoo, conf, DB, "queue_job,dist_integration_base", env)
        odoo_cmd = [odoo.python, "-m", "odoo", "-c", str(conf), "-d", DB]
        inner = [odoo.python, __file__, "--conf", str(conf), "--inner"]
        setup = run_json([*inner, "setup"], env)
        bench = Bench(args, (port, gevent_port), setup["key"], odoo_cmd, env, base)
        results = bench.run(sampler=[*inner, "sample"])
        report(args, results, db_counts(cluster, setup["backend_id"]))
        report_trace(run_json([*inner, "trace"], env))
        if args.keep:
            print(f"server log: {base / 'odoo.log'}")
        return 0


def write_conf(base: Path, odoo, cluster, port: int, gevent_port: int) -> Path:
    from odoo_suite import odoo_conf_text  # tools/ is on sys.path once main() ran

    conf = base / "odoo.conf"
    conf.write_text(
        odoo_conf_text(
            odoo,
            REPO,
            cluster,
            base / "data",
            http_port=port,
            gevent_port=gevent_port,
            log_level="warn",
        )
    )
    return conf


def run_json(cmd: list[str], env: dict) -> dict:
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    if out.returncode:
        raise SystemExit(f"{' '.join(cmd[-2:])} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def db_counts(cluster, backend_id: int) -> dict:
    messages = f"SELECT count(*) FROM dist_message WHERE backend_id = {int(backend_id)}"
    sql = (
        f"SELECT ({messages}), ({messages} AND state = 'duplicate'),"
        f" ({messages} AND coalesce(payload_size, 0) = 0),"
        " (SELECT count(*) FROM queue_job WHERE model_name = 'dist.message'"
        "  AND method_name = 'process' AND state = 'pending')"
    )
    cmd = [str(cluster.bindir / "psql"), "-h", str(cluster.socket_dir), "-U", "odoo", "-d", DB]
    out = subprocess.run([*cmd, "-Atc", sql], check=True, capture_output=True, text=True)
    messages, duplicates, empty, jobs = (int(v) for v in out.stdout.strip().split("|"))
    return {"messages": messages, "duplicates": duplicates, "empty": empty, "jobs": jobs}


class Bench:
    """The Odoo server, the client threads and the phases of one run."""

    def __init__(self, args, ports: tuple, key: str, odoo_cmd: list[str], env: dict, base: Path):
        self.args, (self.port, self.gevent_port), self.key = args, ports, key
        self.odoo_cmd, self.env, self.base = odoo_cmd, env, base
        self.accepted = 0  # 202 answers over all phases, warm-up included
        self.seq = 0
        self.lock = threading.Lock()

    def run(self, sampler: list[str]) -> dict:
        server = self.start_server()
        try:
            self.wait_ready(server)
            results = {"levels": {}}
            for clients in self.args.levels:
                results["levels"][clients] = self.level(clients, sampler)
            results["accepted"] = self.accepted
            return results
        finally:
            stop_server(server)

    def level(self, clients: int, sampler: list[str]) -> dict:
        """The API, then the bare endpoint, under ``clients`` concurrent clients."""
        results = {}
        for name, kind in (("api", "post"), ("health", "get")):
            # What PostgreSQL backends wait on, sampled during the measured seconds only.
            sample = subprocess.Popen(
                sampler,
                env=dict(
                    self.env,
                    BENCH_SAMPLE_DELAY=str(self.args.warmup),
                    BENCH_SAMPLE_SECONDS=str(self.args.duration),
                ),
                stdout=subprocess.PIPE,
                text=True,
            )
            try:
                if self.args.warmup:
                    self.phase(kind, self.args.warmup, clients)
                results[name] = self.phase(kind, self.args.duration, clients)
            finally:
                out, _err = sample.communicate(timeout=self.args.duration + 60)
            results[name]["waits"] = json.loads(out.strip().splitlines()[-1])
        return results

    # server ---------------------------------------------------------------------------------

    def start_server(self) -> subprocess.Popen:
        # The prefork master respawns its gevent (websocket) process as ``sys.executable
        # sys.argv[0] gevent ...``: with ``python -m odoo`` that is odoo/__main__.py run as a
        # script, which fails in a loop. A one-line launcher file gives it a runnable argv[0].
        launcher = self.base / "odoo-server.py"
        launcher.write_text("import odoo.cli\n\nodoo.cli.main()\n")
        python, _m, _odoo, *options = self.odoo_cmd
        cmd = [
            python,
            str(launcher),
            *options,
            "--workers=2",
            "--max-cron-threads=0",
            f"--db-filter=^{DB}$",
            "--log-level=info",
            f"--logfile={self.base / 'odoo.log'}",
        ]
        print("server: Odoo, 2 HTTP workers, no cron thread, no queue_job runner", flush=True)
        env = dict(self.env, TZ="UTC")  # as odoo-bin does
        return subprocess.Popen(cmd, env=env, start_new_session=True)

    def wait_ready(self, server: subprocess.Popen) -> None:
        """Wait for /web/health on the HTTP workers and for the gevent (websocket) process,
        which the master starts alongside and whose start-up would otherwise eat into the
        first measured seconds."""
        deadline = time.monotonic() + 120
        waiting = {self.port, self.gevent_port}
        while waiting and time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"Odoo exited with {server.returncode}: see odoo.log")
            for port in list(waiting):
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    conn.request("GET", HEALTH)
                    if conn.getresponse().status == 200:
                        waiting.discard(port)
                    conn.close()
                except (OSError, http.client.HTTPException):
                    pass
            time.sleep(0.5)
        if waiting:
            raise SystemExit(f"Odoo did not answer /web/health on {waiting} within 120 s")
        time.sleep(2)  # let the master settle (worker memory checks, log flush)

    # load -----------------------------------------------------------------------------------

    def phase(self, kind: str, seconds: float, clients: int) -> dict:
        """Run ``clients`` clients for ``seconds``; return the latencies and counts of the
        phase."""
        per_client = [Client() for _ in range(clients)]
        barrier = threading.Barrier(clients + 1)
        deadline = [0.0]
        threads = [
            threading.Thread(target=self.client, args=(kind, c, barrier, deadline), daemon=True)
            for c in per_client
        ]
        for thread in threads:
            thread.start()
        cpu = time.process_time()
        started = time.perf_counter()
        deadline[0] = started + seconds
        barrier.wait()
        for thread in threads:
            thread.join(timeout=seconds + 120)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
        latencies = sorted(x for c in per_client for x in c.latencies)
        statuses = collections.Counter()
        for c in per_client:
            statuses.update(c.statuses)
        return {
            "requests": len(latencies),
            "errors": sum(n for s, n in statuses.items() if not 200 <= s < 300),
            "statuses": dict(statuses),
            "elapsed": elapsed,
            "rate": len(latencies) / elapsed,
            "p50": percentile(latencies, 0.50) * 1000,
            "p99": percentile(latencies, 0.99) * 1000,
            "connections": sum(c.connections for c in per_client),
            "client_cpu": cpu / elapsed,
        }

    def client(self, kind: str, stats: Client, barrier: threading.Barrier, deadline) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        barrier.wait()
        try:
            while time.perf_counter() < deadline[0]:
                if kind == "post":
                    method, path, body, headers = self.post_request()
                else:
                    method, path, body, headers = "GET", HEALTH, None, {}
                if conn.sock is None:
                    stats.connections += 1
                began = time.perf_counter()
                try:
                    conn.request(method, path, body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    conn.close()
                    status = 0  # no answer
                stats.latencies.append(time.perf_counter() - began)
                stats.statuses[status] += 1
                if status == 202:
                    with self.lock:
                        self.accepted += 1
        finally:
            conn.close()

    def post_request(self):
        with self.lock:
            self.seq += 1
            seq = self.seq
        ref = f"BENCH-{seq:07d}"
        body = json.dumps({"ref": ref, "name": f"Contact {ref}", "email": f"c{seq}@bench.example"})
        headers = {
            "Authorization": f"Bearer {self.key}",
            "Content-Type": "application/json",
            "Idempotency-Key": f"bench-{seq}",
        }
        return "POST", API, body.encode(), headers


class Client:
    def __init__(self):
        self.latencies: list[float] = []
        self.statuses: collections.Counter = collections.Counter()
        self.connections = 0


def stop_server(server: subprocess.Popen) -> None:
    """Stop the whole process group of the server (master and workers), whatever happens."""
    if server.poll() is None:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)  # leftover workers, if any
    server.wait()


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of sorted ``values``."""
    if not values:
        return float("nan")
    return values[max(0, math.ceil(fraction * len(values)) - 1)]


def report(args, r: dict, counts: dict) -> None:
    for clients, level in r["levels"].items():
        report_level(args, clients, level)
    print()
    lost = r["accepted"] - (counts["messages"] - counts["duplicates"])
    intact = lost == 0 and counts["jobs"] == r["accepted"] and not counts["empty"]
    print(
        f"stored: {counts['messages']} messages ({counts['duplicates']} duplicates,"
        f" {counts['empty']} with an EMPTY payload), {counts['jobs']} pending jobs, for"
        f" {r['accepted']} answers 202 (warm-up included):"
        f" {'nothing lost' if intact else 'MISMATCH'}"
    )
    if counts["empty"]:
        print(
            "  every post had a body: an empty payload is a post retried by Odoo after a"
            " serialization failure (see SERIALIZATION_FAILURE in the server log), whose body"
            " was already consumed"
        )


def report_level(args, clients: int, r: dict) -> None:
    api, health = r["api"], r["health"]
    print(
        f"\n{clients} clients, {args.duration:.0f} s per endpoint after {args.warmup:.0f} s"
        " warm-up; Odoo --workers=2 --max-cron-threads=0, queue_job runner not started"
        " (jobs are only enqueued)"
    )
    print(f"{'endpoint':<22}{'requests':>9}{'errors':>8}{'rate/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for label, x in (("POST API (202)", api), ("GET /web/health", health)):
        print(
            f"{label:<22}{x['requests']:>9}{x['errors']:>8}{x['rate']:>9.1f}"
            f"{x['p50']:>9.1f}{x['p99']:>9.1f}"
        )
    for label, x in (("API", api), ("health", health)):
        pg = x["waits"]
        waits = ", ".join(f"{k} x{v}" for k, v in sorted(pg["waits"].items())) or "none"
        print(
            f"  {label}: statuses {x['statuses']}, new connections {x['connections']},"
            f" client CPU {x['client_cpu']:.0%} of one core"
        )
        print(
            f"    PostgreSQL, {pg['samples']} samples: {pg['active'] / max(pg['samples'], 1):.2f}"
            f" active statements on average; waiting on {waits}"
        )
    ratio = api["rate"] / health["rate"]
    print(f"ratio API rate / health rate: {ratio:.2f}")
    ok_ratio, ok_p99 = ratio >= GOAL_RATIO, api["p99"] < GOAL_P99_MS
    where = (
        "the goals' level: two clients per worker"
        if clients == GOAL_CLIENTS
        else f"for reference; the goals are read at {GOAL_CLIENTS} clients"
    )
    print(f"goal ratio >= {GOAL_RATIO}: {'met' if ok_ratio else 'NOT met'} ({where})")
    print(f"goal API p99 < {GOAL_P99_MS:.0f} ms: {'met' if ok_p99 else 'NOT met'} ({where})")


def report_trace(trace: dict) -> None:
    print(
        f"accepted post in-process (no HTTP, one at a time, {trace['posts']} posts):"
        f" {trace['wall_ms']:.1f} ms each, of which {trace['sql_ms']:.1f} ms in Cursor.execute;"
        f" {trace['queries']} SQL statements:"
    )
    for statement, n in trace["statements"]:
        print(f"  {n} x {statement}")


# ------------------------------------------------------------------------------- inner process


def _registry(conf: str):
    import odoo
    from odoo.tools import config

    config.parse_config(["-c", conf, "-d", DB])
    return odoo.modules.registry.Registry(DB)


def inner_setup(conf: str) -> int:
    from odoo import SUPERUSER_ID, api

    with _registry(conf).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        contact = env.ref("dist_integration_base.dist_message_type_generic_contact")
        values = {"api_enabled": True, "api_default_type_id": contact.id}
        values["api_rate_limit"] = RATE_LIMIT
        backend = env["dist.backend"].create({"name": "Bench API", "code": CODE, **values})
        env["dist.backend"].create({"name": "Bench trace", "code": DIAG_CODE, **values})
        _key, plain = env["dist.api.key"]._generate(backend, "bench")
        cr.commit()  # pylint: disable=invalid-commit
    print(json.dumps({"key": plain, "backend_id": backend.id}))
    return 0


def inner_sample(conf: str) -> int:
    """Sample what PostgreSQL backends wait on (locks, I/O...) every 100 ms during a phase.

    Only psycopg2 is imported (not Odoo), so that starting the sampler costs the run little."""
    import configparser

    import psycopg2

    options = configparser.ConfigParser()
    options.read(conf)
    db = options["options"]
    conn = psycopg2.connect(dbname=DB, host=db["db_host"], port=db["db_port"], user=db["db_user"])
    conn.autocommit = True
    time.sleep(float(os.environ.get("BENCH_SAMPLE_DELAY", "0")))
    seconds = float(os.environ.get("BENCH_SAMPLE_SECONDS", "10"))
    waits = collections.Counter()
    samples = active = 0
    deadline = time.monotonic() + seconds
    with conn.cursor() as cr:
        while time.monotonic() < deadline:
            cr.execute(
                "SELECT wait_event_type || ':' || wait_event FROM pg_stat_activity"
                " WHERE datname = %s AND state = 'active' AND pid <> pg_backend_pid()",
                (DB,),
            )
            rows = [row[0] for row in cr.fetchall()]
            samples += 1
            active += len(rows)
            waits.update(w for w in rows if w and w.split(":")[0] in ("Lock", "LWLock", "IO"))
            time.sleep(0.1)
    conn.close()
    print(json.dumps({"samples": samples, "active": active, "waits": dict(waits)}))
    return 0


def inner_trace(conf: str) -> int:
    """One accepted post through the same model call as the controller, without HTTP: its SQL
    statements (third post, caches warm), then the mean time of TRACE_POSTS more, split into
    time inside ``Cursor.execute`` (PostgreSQL round trips) and the rest (Python, filestore)."""
    from odoo import SUPERUSER_ID, api
    from odoo.sql_db import Cursor

    registry = _registry(conf)  # sets up odoo.addons first
    from odoo.addons.dist_integration_base.models.dist_backend_api import ApiRequest

    statements, sql_seconds = [], [0.0]
    original = Cursor.execute

    def traced(self, query, params=None, log_exceptions=True):
        text = query.code if hasattr(query, "code") else str(query)
        statements.append(" ".join(text.split())[:70])
        began = time.perf_counter()
        try:
            return original(self, query, params, log_exceptions)
        finally:
            sql_seconds[0] += time.perf_counter() - began

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        backend = env["dist.backend"].search([("code", "=", DIAG_CODE)])
        plain = env["dist.api.key"]._generate(backend, "trace")[1]
        cr.commit()  # pylint: disable=invalid-commit
        headers = {"Authorization": f"Bearer {plain}", "Content-Type": "application/json"}
        statuses, traced_statements, wall = collections.Counter(), [], 0.0
        for index in range(3 + TRACE_POSTS):
            body = json.dumps({"ref": f"TRACE-{index}", "name": "Trace"}).encode()
            request = ApiRequest(
                method="POST",
                path=f"/dist/api/v1/{DIAG_CODE}/messages",
                headers=headers,
                body=body,
                remote_addr="127.0.0.1",
                content_length=len(body),
            )
            if index == 3:
                traced_statements = list(statements)
                wall, sql_seconds[0] = 0.0, 0.0
            statements.clear()
            Cursor.execute = traced
            began = time.perf_counter()
            try:
                response = env["dist.backend"].sudo()._api_post_message(DIAG_CODE, request)
                cr.commit()  # pylint: disable=invalid-commit
            finally:
                Cursor.execute = original
            wall += time.perf_counter() - began
            statuses[response.status] += 1
            env.invalidate_all()
    if set(statuses) != {202}:
        raise SystemExit(f"trace posts answered {dict(statuses)}")
    counted = collections.Counter(traced_statements)
    result = {"queries": len(traced_statements), "statements": counted.most_common()}
    result.update(posts=TRACE_POSTS, wall_ms=wall * 1000 / TRACE_POSTS)
    result["sql_ms"] = sql_seconds[0] * 1000 / TRACE_POSTS
    print(json.dumps(result))
    return 0


INNER = {"setup": inner_setup, "sample": inner_sample, "trace": inner_trace}


if __name__ == "__main__":
    sys.exit(main())
