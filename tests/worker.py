"""A real Celery worker on Redis for tests about tasks, pointed at the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


def requires_worker():
    return pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL"),
        reason="needs REDIS_URL and DATABASE_URL (CI runs it on PostgreSQL and Redis)",
    )


def worker_database_url() -> str:
    db = settings.DATABASES["default"]
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{connection.settings_dict['NAME']}"
    )


def worker_environment(**overrides: str) -> dict[str, str]:
    """The environment of a worker subprocess: this one's, with this test process's own
    broker (under pytest-xdist a Redis database per test process, config/settings_test.py)
    given explicitly, and then ``overrides``."""
    env = dict(os.environ)
    env.pop("PYTEST_XDIST_WORKER", None)  # the broker URL below is already this worker's
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = settings.CELERY_BROKER_URL
    return {**env, **overrides}


@contextmanager
def running_worker(*, queue: str = "celery") -> Iterator[subprocess.Popen]:
    env = worker_environment(
        DATABASE_URL=worker_database_url(),
        OTBOR_TESTING="1",
        CELERY_TASK_ALWAYS_EAGER="0",
        OTBOR_MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    celery_app.control.purge()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=WARNING",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    old = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read())
            replies = celery_app.control.ping(timeout=1.0)
            if replies:
                break
        else:
            raise RuntimeError("the Celery worker did not start in 60 s")
        yield proc
    finally:
        celery_app.conf.task_always_eager = old
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
