"""Odoo stage of the test command: find an Odoo 18, run the addon tests on a private PostgreSQL.

Nothing here builds or installs Odoo; it only finds one that is already installed (see README).
"""

from __future__ import annotations

import dataclasses
import fcntl
import glob
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_ODOO_HOME = "/opt/odoo18"
LOCK_FILE = "/tmp/dist-odoo-suite.lock"

# 2026-11-27 16:55:00,123 4242 WARNING dbname odoo.addons.dist_edi.models.x: message
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): "
    r"(?P<msg>.*)$"
)
OUR_LOGGER = re.compile(r"^(odoo\.addons\.)?dist_")
RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
PROBE = (
    "import json, os, odoo, odoo.release as r; "
    "print(json.dumps({'version': r.version_info[0], "
    "'root': os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__)))}))"
)


@dataclasses.dataclass(frozen=True)
class OdooInstall:
    """An interpreter able to import Odoo 18, with the extra path entries it needs."""

    python: str
    pythonpath: tuple[str, ...]
    root: str  # folder holding the odoo package (and, in a source tree, addons/ and odoo-bin)

    @property
    def addons_dir(self) -> str | None:
        path = Path(self.root) / "addons"
        return str(path) if (path / "web" / "__manifest__.py").exists() else None


def _probe(python: str, pythonpath: tuple[str, ...]) -> OdooInstall | None:
    if not python or not os.access(python, os.X_OK):
        return None
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(pythonpath))
    try:
        out = subprocess.run(
            [python, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    info = json.loads(out.stdout.strip().splitlines()[-1])
    if info["version"] != 18:
        print(f"found Odoo {info['version']} with {python}, not 18: ignored")
        return None
    return OdooInstall(python=python, pythonpath=pythonpath, root=info["root"])


def find_odoo() -> OdooInstall | None:
    """Return the first Odoo 18 found, in the order the README documents."""
    path = os.environ.get("ODOO_PATH")
    pythonpath = (path,) if path else ()
    candidates = []
    if os.environ.get("ODOO_PYTHON"):
        candidates.append((os.environ["ODOO_PYTHON"], pythonpath))
    if path:
        candidates.append((sys.executable, pythonpath))
    candidates.append((sys.executable, ()))
    home = Path(os.environ.get("ODOO_HOME", DEFAULT_ODOO_HOME))
    candidates.append((str(home / "venv" / "bin" / "python"), (str(home / "src"),)))
    for python, extra in candidates:
        found = _probe(python, extra)
        if found:
            print(f"Odoo 18 found: python={found.python} root={found.root}")
            return found
    return None


def odoo_conf_text(odoo: OdooInstall, repo: Path, cluster, data_dir, **options) -> str:
    """The ``[options]`` of a throwaway Odoo run on ``cluster``; ``options`` add or override."""
    addons = [str(repo / "addons")]
    if odoo.addons_dir:
        addons.insert(0, odoo.addons_dir)
    values = {
        "addons_path": ",".join(addons),
        "data_dir": data_dir,
        "db_host": cluster.socket_dir,
        "db_port": 5432,
        "db_user": "odoo",
        "db_password": False,
        "http_interface": "127.0.0.1",
        "workers": 0,
        "max_cron_threads": 0,
    }
    values.update(options)
    return "[options]\n" + "".join(f"{key} = {value}\n" for key, value in values.items())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresCluster:
    """A throwaway cluster: initdb in a temporary folder, unix socket only, fsync off."""

    def __init__(self, base: Path):
        self.base = base
        self.data = base / "pgdata"
        self.socket_dir = base / "pgsock"
        self.log = base / "postgres.log"
        self.bindir = self._bindir()
        self.as_postgres = os.geteuid() == 0

    @staticmethod
    def _bindir() -> Path:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
        if found:
            return Path(found[-1]).parent
        initdb = shutil.which("initdb")
        if initdb:
            return Path(initdb).parent
        raise RuntimeError(
            "PostgreSQL server binaries (initdb) not found: apt-get install postgresql"
        )

    def _cmd(self, *args: str) -> list[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            # PostgreSQL refuses to run as root: run it as the postgres OS user.
            return ["runuser", "-u", "postgres", "--", *cmd]
        return cmd

    def start(self) -> None:
        self.socket_dir.mkdir(parents=True)
        if self.as_postgres:
            pw = pwd.getpwnam("postgres")
            for path in (self.base, self.socket_dir):
                os.chown(path, pw.pw_uid, pw.pw_gid)
        initdb = self._cmd(
            "initdb", "-D", str(self.data), "-U", "odoo", "--auth=trust", "-E", "UTF8"
        )
        subprocess.run([*initdb, "--locale=C", "-N"], check=True, stdout=subprocess.DEVNULL)
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.socket_dir}' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        start = self._cmd("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options)
        subprocess.run([*start, "start"], check=True, stdout=subprocess.DEVNULL)
        print(f"PostgreSQL {self.bindir.parent.name} started on unix socket {self.socket_dir}")

    def stop(self) -> None:
        if not (self.data / "postmaster.pid").exists():
            return
        stop = self._cmd("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        subprocess.run(stop, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, check=False)
        print("PostgreSQL stopped")


def _version_key(path: str) -> float:
    match = re.search(r"/postgresql/([\d.]+)/", path)
    return float(match.group(1)) if match else 0.0


# The reason corpus tests give when they skip (addons/*/tests/test_*corpus*.py).
CORPUS_ABSENT = "x12-corpus absent"


@dataclasses.dataclass
class LogVerdict:
    errors: list[str] = dataclasses.field(default_factory=list)
    our_warnings: list[str] = dataclasses.field(default_factory=list)
    skipped: list[str] = dataclasses.field(default_factory=list)
    # Tests of the shared corpus of third-party files skip where it is absent (never copied here).
    corpus_absent: list[str] = dataclasses.field(default_factory=list)
    failed: int = 0
    tests: int = -1

    def scan(self, line: str) -> None:
        match = LOG_LINE.match(line)
        if not match:
            return
        level, logger, msg = match["level"], match["logger"], match["msg"]
        if level in ("ERROR", "CRITICAL"):
            self.errors.append(line)
        elif level == "WARNING" and OUR_LOGGER.match(logger):
            self.our_warnings.append(line)
        if OUR_LOGGER.match(logger) and msg.startswith("skipped "):
            absent = CORPUS_ABSENT in msg
            (self.corpus_absent if absent else self.skipped).append(line)
        result = RESULT.search(msg)
        if result and logger == "odoo.tests.result":
            self.failed = int(result.group(1)) + int(result.group(2))
            self.tests = int(result.group(3))


class OdooSuite:
    """Install queue_job and the addons in a fresh database and run their tests."""

    def __init__(self, odoo: OdooInstall, repo: Path, tmp: Path, modules: list[str]):
        self.odoo = odoo
        self.repo = repo
        self.tmp = tmp
        self.modules = modules
        self.logfile = tmp / "odoo.log"
        self.cluster = PostgresCluster(tmp)

    def _config(self) -> Path:
        conf = self.tmp / "odoo.conf"
        options = odoo_conf_text(
            self.odoo,
            self.repo,
            self.cluster,
            self.tmp / "data",
            http_port=free_port(),
            gevent_port=free_port(),
            without_demo=False,
            log_level="info",
        )
        conf.write_text(
            options + "[queue_job]\n"
            "channels = root:2,root.dist:2,root.dist.edi:2,root.dist.wms:2,root.dist.reconcile:1\n"
        )
        return conf

    def _command(self, conf: Path) -> list[str]:
        # TEST_TAGS narrows the run for a quick loop, e.g. TEST_TAGS=/dist_edi:TestIntake
        tags = os.environ.get("TEST_TAGS") or ",".join(f"/{module}" for module in self.modules)
        return [
            self.odoo.python,
            "-m",
            "odoo",
            "-c",
            str(conf),
            "-d",
            "dist_test",
            "-i",
            ",".join(["queue_job", *self.modules]),
            "--test-enable",
            "--test-tags",
            tags,
            "--stop-after-init",
        ]

    def _env(self) -> dict[str, str]:
        paths = [str(self.repo), *self.odoo.pythonpath]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["PYTHONPATH"] = os.pathsep.join(paths)
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def _stream(self, proc: subprocess.Popen, verdict: LogVerdict) -> None:
        """Keep the whole log in a file; echo what a reader of CI needs to see."""
        echo_continuation = False
        with self.logfile.open("w") as log:
            for line in proc.stdout:
                log.write(line)
                line = line.rstrip("\n")
                verdict.scan(line)
                match = LOG_LINE.match(line)
                if match:
                    echo_continuation = match["level"] in ("ERROR", "CRITICAL", "WARNING")
                    if echo_continuation or _interesting(match):
                        print(line, flush=True)
                elif echo_continuation:
                    print(line, flush=True)

    def run(self) -> tuple[bool, str]:
        # Two Odoo suites at once would fight for the machine's cores (and time out HttpCase
        # tests): a second run on the same machine waits for the first.
        with open(LOCK_FILE, "w") as lock:
            if _try_lock(lock) is False:
                print(f"another Odoo suite is running; waiting for {LOCK_FILE}", flush=True)
                fcntl.flock(lock, fcntl.LOCK_EX)
            return self._run_locked()

    def _run_locked(self) -> tuple[bool, str]:
        started = time.monotonic()
        verdict = LogVerdict()
        self.cluster.start()
        try:
            cmd = self._command(self._config())
            print("$ " + " ".join(cmd), flush=True)
            proc = subprocess.Popen(
                cmd,
                cwd=self.tmp,
                env=self._env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
            )
            try:
                self._stream(proc, verdict)
            finally:
                returncode = proc.wait()
        finally:
            self.cluster.stop()
        return self._judge(returncode, verdict, time.monotonic() - started)

    def _judge(self, returncode: int, verdict: LogVerdict, seconds: float) -> tuple[bool, str]:
        problems = []
        if returncode:
            problems.append(f"odoo exited with code {returncode}")
        if verdict.tests <= 0:
            problems.append("no test result line, or no test ran")
        for title, lines in (
            ("ERROR/CRITICAL log lines", verdict.errors),
            ("WARNING lines from dist_* loggers", verdict.our_warnings),
            ("skipped tests (a skipped test verifies nothing)", verdict.skipped),
        ):
            if lines:
                problems.append(f"{len(lines)} {title}:")
                problems.extend(f"    {line}" for line in lines[:30])
        tests = max(verdict.tests, 0)
        if verdict.corpus_absent:
            print(
                f"\nNOTE: {len(verdict.corpus_absent)} Odoo test(s) SKIPPED: ../shared/x12-corpus"
                " is absent beside the repository (they run where it is present)"
            )
        skipped = len(verdict.skipped) + len(verdict.corpus_absent)
        passed = tests - verdict.failed - skipped
        summary = f"{passed} passed, {verdict.failed} failed, {skipped} skipped in {seconds:.0f}s"
        if problems:
            print("\nODOO SUITE FAILED:\n  " + "\n  ".join(problems))
            print(f"full log: {self.logfile} (set KEEP_LOG=path to keep it)")
        return not problems, summary


def _try_lock(lock) -> bool:
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _interesting(match: re.Match) -> bool:
    logger, msg = match["logger"], match["msg"]
    if logger in ("odoo.tests.result", "odoo.tests.stats"):
        return True
    if logger == "odoo.modules.registry":
        return msg.startswith("Registry loaded")
    if OUR_LOGGER.match(logger):
        return msg.startswith(("Starting ", "skipped ", "running ")) or "tests" in msg
    return logger == "odoo.modules.loading" and bool(
        re.search(r"modules loaded|loading \d+ modules", msg)
    )
