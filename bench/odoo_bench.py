"""What the Odoo benchmarks share: a throwaway PostgreSQL cluster, a fresh database with the
addons installed, and the measurement run with Odoo's interpreter in a second process.

``run_in_odoo(script, db, modules, inner_args)`` finds Odoo 18 like the test command
(``tools/odoo_suite.py``), takes the machine-wide suite lock (two Odoo runs on two cores would
distort both), starts the cluster, writes an Odoo configuration file, installs ``modules``
without demo data, then runs ``script --inner --conf <conf> [--outbox <folder>] *inner_args``
with Odoo's Python and returns its exit code. ``odoo_env(conf, db)`` is the inner side: a
superuser environment on that database.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: The trading partner of the EDI benches and us, as the X12 envelopes name them.
ISA_ID = "BENCHRETAIL"
OUR_ID = "OURDIST"


def run_in_odoo(
    script: str, db: str, modules: str, inner_args: list[str], *, outbox=False, keep=False
) -> int:
    with bench_cluster(db, keep=keep) as found:
        if found is None:
            return 2
        odoo, base, cluster = found
        from odoo_suite import free_port, odoo_conf_text  # on sys.path inside bench_cluster

        conf = base / "odoo.conf"
        conf.write_text(
            odoo_conf_text(
                odoo, REPO, cluster, base / "data", http_port=free_port(), log_level="warn"
            )
        )
        cmd = [odoo.python, script, "--inner", "--conf", str(conf), *inner_args]
        if outbox:
            folder = base / "transport"
            for name in ("in", "archive", "out"):
                (folder / name).mkdir(parents=True)
            cmd += ["--outbox", str(folder)]
        env = odoo_process_env(odoo)
        install(odoo, conf, db, modules, env)
        return subprocess.run(cmd, env=env, check=False).returncode


@contextlib.contextmanager
def bench_cluster(db: str, prefix: str = "dist-bench-", keep: bool = False):
    """Odoo 18 found like the test command, the suites' lock held (two Odoo runs on two cores
    would distort both) and a throwaway PostgreSQL cluster started in a temporary folder: yields
    ``(odoo, folder, cluster)``, or None when no Odoo is found. On exit the cluster is stopped
    and the folder removed, unless ``keep`` (then it prints how to reach and stop them)."""
    sys.path.insert(0, str(REPO / "tools"))
    from odoo_suite import LOCK_FILE, PostgresCluster, find_odoo

    odoo = find_odoo()
    if odoo is None:
        print("no Odoo 18 found (see tools/run_tests.py for where it is looked for)")
        yield None
        return
    base = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(base, 0o755)
    cluster = PostgresCluster(base)
    with open(LOCK_FILE, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"an Odoo suite is running; waiting for {LOCK_FILE}", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        cluster.start()
        try:
            yield odoo, base, cluster
        finally:
            if keep:
                psql = cluster.bindir / "psql"
                print(f"\nkept: {base}; cluster still running:")
                print(f"  {psql} -h {cluster.socket_dir} -U odoo {db}")
                stop = cluster._cmd("pg_ctl", "-D", str(cluster.data), "stop")
                print(f"  stop: {' '.join(stop)}; then rm -r {base}")
            else:
                cluster.stop()
                shutil.rmtree(base, ignore_errors=True)


def odoo_process_env(odoo) -> dict:
    """The environment of a process running Odoo's interpreter on this repository's addons."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *odoo.pythonpath])
    return env


def install(odoo, conf: Path, db: str, modules: str, env: dict) -> None:
    """Install ``modules`` without demo data in a fresh database ``db``."""
    command = [odoo.python, "-m", "odoo", "-c", str(conf), "-d", db]
    command += ["-i", modules, "--without-demo=all", "--stop-after-init"]
    started = time.monotonic()
    subprocess.run(command, env=env, check=True)
    print(f"installed in {time.monotonic() - started:.0f}s", flush=True)


@contextlib.contextmanager
def odoo_env(conf: str, db: str):
    """A superuser environment on ``db`` (inner process), its cursor closed on exit."""
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.tools import config

    config.parse_config(["-c", conf, "-d", db])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})


def edi_partner(env, code: str, outbox: str, **profile_values):
    """The EDI benches' trading partner: a production backend ``code`` with a local-folder
    transport (``outbox``) and our ISA id, the customer *Bench Retail* with its DC 42 (location
    cross-reference ``92`` ``0042``), its X12 profile (ISA ``ZZ/BENCHRETAIL``, then
    ``profile_values``) and a carrier cross-reference ``UPSN``: ``(backend, customer, dc,
    profile)``."""
    backend = env["dist.backend"].create(
        {
            "name": "Bench EDI",
            "code": code,
            "kind": "edi_provider",
            "environment": "production",
            "transport": "local",
            "transport_root": outbox,
            "x12_isa_id": OUR_ID,
        }
    )
    customer = env["res.partner"].create({"name": "Bench Retail", "is_company": True})
    dc = env["res.partner"].create(
        {"name": "Bench DC 42", "type": "delivery", "parent_id": customer.id}
    )
    profile = env["dist.partner.profile"].create(
        {
            "partner_id": customer.id,
            "backend_id": backend.id,
            "code": "bench-retail",
            "x12_isa_qualifier": "ZZ",
            "x12_isa_id": ISA_ID,
            "x12_gs_id": ISA_ID,
            **profile_values,
        }
    )
    env["dist.xref.location"].create(
        {"profile_id": profile.id, "qualifier": "92", "value": "0042", "address_id": dc.id}
    )
    ups = env["res.partner"].create({"name": "UPS Freight"})
    env["dist.xref.carrier"].create(
        {"profile_id": profile.id, "scac": "UPSN", "carrier_partner_id": ups.id}
    )
    return backend, customer, dc, profile
