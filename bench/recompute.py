"""Recompute benchmark (``make bench-recompute``): a call of 5,000 applications on
PostgreSQL, real Celery workers on Redis, the scenario changed, and the time until every
application's indicators and risk analysis are stored — with one worker process, then
two; then the same work as one task per application (the baseline) on a sample,
extrapolated. See bench/README.md.

Bounded: every wait has a deadline, the workers (own process groups) are stopped in a
``finally``; its own database (``otbor_bench_recompute``) and Redis database.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
PG = os.environ.get("BENCH_PG", "postgres://otbor:otbor@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "otbor_bench_recompute")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
VAR_DIR = ROOT / "var" / "bench-recompute"
GOAL_SECONDS, GOAL_SCALING = 60, 1.5
POLL = 0.2


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG}/{DATABASE}",
        REDIS_URL=REDIS_URL,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        OTBOR_VAR_DIR=str(VAR_DIR),
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="config.settings",
        CELERY_TASK_ALWAYS_EAGER="0",
    )
    env.pop("OTBOR_TESTING", None)
    return env


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=900)


def prepare(applications: int, fresh: bool, env: dict[str, str]) -> None:
    """The database with the demo and a scaled call of ``applications`` (built once:
    scale_demo_data skips a scaled database, so another scale starts fresh)."""
    import psycopg

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    scale_file = VAR_DIR / "scale.txt"
    previous = scale_file.read_text(encoding="utf-8").strip() if scale_file.exists() else ""
    fresh = fresh or previous != str(applications)
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if exists and fresh:
            connection.execute(f'DROP DATABASE "{DATABASE}" WITH (FORCE)')
        if not exists or fresh:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
    manage("migrate", "--noinput", "-v0", env=env)
    if fresh:
        manage("load_demo_data", "-v0", env=env)
        manage(
            "scale_demo_data", "--applications", str(applications), "--members", "3",
            "--scored-share", "0.1", env=env,
        )  # fmt: skip
        scale_file.write_text(str(applications), encoding="utf-8")
    with psycopg.connect(f"{PG}/{DATABASE}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


@contextmanager
def workers(count: int, env: dict[str, str]) -> Iterator[None]:
    """``count`` worker nodes of one process each (as on ``count`` machines), each in
    its own process group; stopped (TERM, then KILL) whatever happens."""
    from config.celery import app

    app.control.purge()
    for old in VAR_DIR.glob("worker-*.log"):
        old.unlink()
    procs: list[subprocess.Popen] = []
    logs = []
    try:
        for number in range(1, count + 1):
            log = open(VAR_DIR / f"worker-{number}.log", "w")
            logs.append(log)
            procs.append(
                subprocess.Popen(
                    [
                        PYTHON, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
                        "--concurrency=1", "--loglevel=INFO", "-n", f"bench{number}@%h",
                        "--without-gossip", "--without-mingle", "--without-heartbeat",
                    ],
                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                )
            )  # fmt: skip
        deadline = time.monotonic() + 90
        while len(app.control.ping(timeout=1.0) or []) < count:
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise RuntimeError(f"the workers did not start; see {VAR_DIR}/worker-*.log")
        yield
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        for log in logs:
            log.close()


def wait_until(predicate, timeout: float, what: str) -> float:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not done in {timeout:.0f} s")
        time.sleep(POLL)
    return time.monotonic()


def change_scenario(call, *, announce: bool) -> int:
    """A new risk-free rate (a millionth more: every case's hash changes); announced, the
    signal starts the call's recompute on commit, as the scenario import does."""
    from django.db import transaction
    from django.db.models import F

    from calls.models import MacroScenario
    from calls.services import scenario_changed

    macro = MacroScenario.objects.get(call=call)
    with transaction.atomic():
        MacroScenario.objects.filter(pk=macro.pk).update(risk_free_rate=F("risk_free_rate") + 1e-6)
        if announce:
            scenario_changed(macro)
        else:
            MacroScenario.objects.filter(pk=macro.pk).update(version=F("version") + 1)
    macro.refresh_from_db()
    return macro.version


def measure(call, run_started, timeout: float) -> dict[str, float]:
    """Seconds from the change to: the tasks queued, every item finished, every risk stored."""
    from scoring.models import RecomputeRun
    from scoring.services import recompute_progress, risk_pending

    start = time.monotonic()
    run_started()
    queued = time.monotonic()
    run = RecomputeRun.objects.filter(call=call).latest("pk")
    indicators = wait_until(lambda: recompute_progress(run)["finished"], timeout, "indicators")
    risk = wait_until(lambda: risk_pending(run) == 0, timeout, "risk analysis")
    progress = recompute_progress(run)
    if progress["failed"]:
        raise RuntimeError(f"{progress['failed']} applications failed")
    return {"queued": queued - start, "indicators": indicators - start, "risk": risk - start, "n": run.total}


TASK_LINE = re.compile(r"Task (scoring\.\w+)\[[^]]+\] succeeded in ([0-9.]+)s")


def task_seconds() -> str:
    """Median and longest run time of each task kind, from the workers' logs (INFO lines)."""
    durations: dict[str, list[float]] = {}
    for log in VAR_DIR.glob("worker-*.log"):
        for name, seconds in TASK_LINE.findall(log.read_text(errors="replace")):
            durations.setdefault(name, []).append(float(seconds))
    return "; ".join(
        f"{name} x{len(values)}: median {statistics.median(values):.2f} s, max {max(values):.2f} s"
        for name, values in sorted(durations.items())
    )


def uptime() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--baseline-sample", type=int, default=500)
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per stage at most")
    args = parser.parse_args()
    env = environment()
    prepare(args.applications, args.fresh, env)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from calls.models import Call
    from scoring import services

    call = Call.objects.get(year=2016, session="march")
    ids = list(call.applications.order_by("pk").values_list("pk", flat=True))
    print(
        f"bench-recompute: {len(ids)} applications of call {call} on PostgreSQL {DATABASE}, "
        f"broker {REDIS_URL}; chunks of {services.CHUNK_SIZE} (indicators) and "
        f"{services.RISK_CHUNK_SIZE} (risk, {services.RISK_SCENARIOS} Monte Carlo scenarios each)"
    )
    print(f"load average before (1, 5, 15 min): {uptime()}")
    timings = {}
    for count in (1, 2):
        with workers(count, env):
            timings[count] = measure(call, lambda: change_scenario(call, announce=True), args.timeout)
        t = timings[count]
        print(
            f"chunked, {count} worker process{'es' if count > 1 else ''}: tasks queued {t['queued']:.1f} s, "
            f"indicators stored {t['indicators']:.1f} s, risk analysis stored {t['risk']:.1f} s "
            f"(risk stage {t['risk'] - t['indicators']:.1f} s)"
        )
        print(f"  task run times: {task_seconds()}")
    sample = ids[: args.baseline_sample]

    def baseline_run() -> None:
        version = change_scenario(call, announce=False)
        services.start_run(call=call, scenario_version=version, application_ids=sample, per_application=True)

    with workers(2, env):
        base = measure(call, baseline_run, args.timeout)
    scale = len(ids) / len(sample)
    extrapolated = base["risk"] * scale
    print(
        f"baseline, one task per application (indicators, then its risk task), 2 worker processes, "
        f"measured on {len(sample)} applications and extrapolated x{scale:g}: "
        f"indicators {base['indicators']:.1f} s, risk {base['risk']:.1f} s -> {extrapolated:.1f} s "
        f"for {len(ids)}"
    )
    print(f"  task run times: {task_seconds()}")
    total, scaling = timings[2]["risk"], timings[1]["risk"] / timings[2]["risk"]
    print(f"baseline / chunked (2 worker processes): {extrapolated / total:.2f}")
    print(f"load average after (1, 5, 15 min): {uptime()}")
    print(f"goals: recompute < {GOAL_SECONDS} s, worker scaling >= {GOAL_SCALING}")
    print(f"recompute seconds: {total:.1f}")
    print(f"worker scaling: {scaling:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
