"""Web benchmark (``make bench-web``): PostgreSQL database ``otbor_bench`` with the demo and
the scaled data, gunicorn on 127.0.0.1, locust headless with 20 users for a fixed time,
then p50/p95 per page and requests per second. See bench/README.md.

Everything is bounded: locust stops after ``--run-time`` (and after BENCH_MAX_REQUESTS
requests), the whole locust process is killed if it overstays, gunicorn is stopped in a
``finally``. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
HOST = "127.0.0.1"
GOAL_P95_MS = 150
PG = os.environ.get("BENCH_PG", "postgres://otbor:otbor@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "otbor_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
VAR_DIR = ROOT / "var" / "bench-web"

TARGETS_SCRIPT = """
from json import dumps
from accounts.models import User
from demo.builder import DEMO_PASSWORD
from applications.models import Application, ApplicationStatus
from calls.models import Call
from commission.models import Meeting
call = Call.objects.get(year=2016, session="march")
applicants = []
for user in User.objects.filter(email__startswith="applicant-scale-").order_by("email")[:20]:
    apps = Application.objects.filter(organisation_id=user.organisation_id)
    applicants.append({"email": user.email,
                       "submitted": apps.get(call=call).pk,
                       "draft": apps.filter(status=ApplicationStatus.DRAFT).first().pk})
print(dumps({
    "password": DEMO_PASSWORD, "call": call.pk, "applicants": applicants,
    "members": [f"member-scale-{i:02d}@otbor.example" for i in range(1, 16)],
    "secretary": "secretary@otbor.example",
    "open_meeting": Meeting.objects.get(call=call, number="1/2016").pk,
    "closed_meeting": Meeting.objects.get(call=call, number="2/2016").pk,
    "demo_meeting": Meeting.objects.get(number="1/2015").pk,
}))
"""


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG}/{DATABASE}",
        REDIS_URL=REDIS_URL,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="0",
        OTBOR_VAR_DIR=str(VAR_DIR),
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="bench.web.settings",
    )
    env.pop("OTBOR_TESTING", None)
    if staff_otp_setting_exists():
        # The benchmark measures page work, not the second factor of signing in.
        env["OTBOR_REQUIRE_STAFF_OTP"] = "0"
    return env


def staff_otp_setting_exists() -> bool:
    return "OTBOR_REQUIRE_STAFF_OTP" in (ROOT / "config" / "settings.py").read_text(encoding="utf-8")


def manage(*args: str, env: dict[str, str], capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
        timeout=900,
    )
    return result.stdout or ""


def create_database(fresh: bool) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if exists and fresh:
            connection.execute(f'DROP DATABASE "{DATABASE}" WITH (FORCE)')
        if not exists or fresh:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')


def prepare(args: argparse.Namespace, env: dict[str, str]) -> Path:
    # scale_demo_data skips an already scaled database: another scale needs a fresh one.
    scale_file = VAR_DIR / "scale.txt"
    previous = scale_file.read_text(encoding="utf-8").strip() if scale_file.exists() else ""
    create_database(args.fresh or previous != str(args.applications))
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)  # WhiteNoise's manifest, as in production
    manage("load_demo_data", env=env)
    manage("scale_demo_data", "--applications", str(args.applications), "--members", "15", env=env)
    scale_file.write_text(str(args.applications), encoding="utf-8")
    analyze()
    targets = VAR_DIR / "targets.json"
    targets.write_text(
        manage("shell", "-c", TARGETS_SCRIPT, env=env, capture=True).strip().splitlines()[-1],
        encoding="utf-8",
    )
    return targets


def analyze() -> None:
    """Planner statistics for the freshly bulk-loaded tables, as a production database has
    them (autovacuum would get there on its own, minutes later)."""
    import psycopg

    with psycopg.connect(f"{PG}/{DATABASE}", autocommit=True) as connection:
        for (table,) in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall():
            connection.execute(f'ANALYZE "{table}"')


def empty_cache() -> None:
    """Start cold: the rendered rankings and protocols of an earlier run would otherwise
    still be in the benchmark's own Redis database (``BENCH_REDIS_URL``, db 8)."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--error-logfile",
            str(VAR_DIR / "gunicorn.log"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/accounts/login/", timeout=5)
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("gunicorn exited; see var/bench-web/gunicorn.log") from None
            time.sleep(0.5)
    stop(server)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def run_locust(port: int, targets: Path, args: argparse.Namespace, prefix: str) -> None:
    env = dict(
        os.environ,
        BENCH_TARGETS=str(targets),
        BENCH_MAX_REQUESTS=str(args.max_requests),
        BENCH_WARMUP=str(args.warmup),
        BENCH_WARMUP_STATS=f"{prefix}_warmup.json",
    )
    command = [
        str(BIN / "locust"),
        "-f",
        str(Path(__file__).with_name("locustfile.py")),
        "--headless",
        "--host",
        f"http://{HOST}:{port}",
        "--users",
        str(args.users),
        "--spawn-rate",
        "10",
        "--run-time",
        f"{args.warmup + args.run_time}s",
        "--stop-timeout",
        "0",
        "--csv",
        prefix,
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    locust = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        locust.wait(timeout=args.warmup + args.run_time + 120)
    except subprocess.TimeoutExpired:
        stop(locust)


def report_warmup(prefix: str, warmup: int) -> None:
    path = Path(f"{prefix}_warmup.json")
    if not path.exists():
        return
    entries = json.loads(path.read_text(encoding="utf-8"))
    print(
        f"\nwarm-up, first {warmup} s (sign-in of every user, the first cold request of each page);"
        " not part of the goal:"
    )
    print(f"{'page':<46} {'requests':>8} {'fail':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for name, entry in entries.items():
        print(
            f"{name[:46]:<46} {entry['requests']:>8} {entry['failures']:>5} {entry['p50']:>8.0f} "
            f"{entry['p95']:>8.0f}"
        )


def report(prefix: str, run_time: int) -> bool:
    print(f"\nsteady state, {run_time} s after the warm-up:")
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    met = True
    print(f"\n{'page':<46} {'requests':>8} {'fail':>5} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7}  goal")
    for row in rows:
        name = row["Name"]
        if row["Request Count"] in ("", "0"):  # the sign-ins, all in the warm-up
            continue
        p50, p95 = float(row["50%"] or 0), float(row["95%"] or 0)
        timed = name != "Aggregated" and not name.startswith("login")
        ok = p95 < GOAL_P95_MS
        met = met and (ok or not timed)
        mark = ("ok" if ok else "MISSED") if timed else ""
        print(
            f"{name[:46]:<46} {row['Request Count']:>8} {row['Failure Count']:>5} {p50:>8.0f} "
            f"{p95:>8.0f} {float(row['Requests/s']):>7.2f}  {mark}"
        )
    print(
        f"\ngoal p95 < {GOAL_P95_MS} ms on every page at the run's users over {run_time} s: "
        f"{'MET' if met else 'MISSED'}"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument(
        "--run-time",
        type=int,
        default=120,
        help="seconds measured (at 60 s a rare page has 5–20 requests, and "
        "its p95 is then about its slowest one)",
    )
    parser.add_argument(
        "--warmup", type=int, default=20, help="seconds of sign-ins and cold caches before the measured run"
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--fresh", action="store_true", help="drop and recreate otbor_bench first")
    args = parser.parse_args()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    env = environment()
    if "OTBOR_REQUIRE_STAFF_OTP" in env:
        print("OTBOR_REQUIRE_STAFF_OTP=0 for the benchmark server (staff pages without TOTP)")
    targets = prepare(args, env)
    empty_cache()
    port = free_port()
    server = start_gunicorn(port, args.workers, env)
    prefix = str(Path(tempfile.mkdtemp(prefix="locust-", dir=VAR_DIR)) / "stats")
    try:
        run_locust(port, targets, args, prefix)
    finally:
        stop(server)
    report_warmup(prefix, args.warmup)
    report(prefix, args.run_time)
    print(f"locust CSV: {prefix}_stats.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
