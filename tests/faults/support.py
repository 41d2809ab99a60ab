"""Fault-injection helpers: a Redis of our own that the tests may restart, and a Celery
worker subprocess in its own process group that the tests may SIGKILL.

The shared Redis (``REDIS_URL``, 6379 in CI) and the shared PostgreSQL are never
stopped: every broker fault happens on a private ``redis-server`` on port 6380
(``OTBOR_FAULTS_REDIS_PORT``) with its data directory in the test's ``tmp_path``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.conf import settings
from django.db import connections
from kombu.exceptions import OperationalError as KombuOperationalError

from tests.concurrency import race  # noqa: F401 - re-exported for the fault tests
from tests.worker import ROOT, wait_for, worker_database_url, worker_environment

FAULTS_REDIS_PORT = int(os.environ.get("OTBOR_FAULTS_REDIS_PORT", "6380"))
QUEUE = "celery"


def requires_services():
    """Skip unless the suite runs on PostgreSQL and Redis (as CI does)."""
    return pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL")
        or shutil.which("redis-server") is None,
        reason="fault tests need DATABASE_URL (PostgreSQL), REDIS_URL and redis-server on PATH; "
        "CI runs them with `make test-faults`",
    )


def requires_postgres():
    return pytest.mark.skipif(
        not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"),
        reason="fault tests need DATABASE_URL (PostgreSQL: row locks, real transactions) and "
        "REDIS_URL; CI runs them with `make test-faults`",
    )


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class OwnRedis:
    """A ``redis-server`` started and stopped by the test; never the shared one."""

    def __init__(self, directory: Path, *, appendonly: bool, port: int = FAULTS_REDIS_PORT) -> None:
        self.directory = directory
        self.appendonly = appendonly
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.proc: subprocess.Popen | None = None
        self.directory.mkdir(parents=True, exist_ok=True)

    def start(self) -> None:
        if port_is_open(self.port):
            pytest.skip(
                f"port {self.port} is taken by a Redis the tests did not start; "
                "set OTBOR_FAULTS_REDIS_PORT to a free port"
            )
        with open(self.directory / "redis.log", "a") as log:
            self.proc = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "yes" if self.appendonly else "no",
                    "--dir",
                    str(self.directory),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if not wait_for(self.ping, timeout=20, interval=0.05):
            raise RuntimeError(f"redis-server on {self.port} did not start")

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def ping(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.exceptions.ConnectionError:
            return False

    def queue_length(self, queue: str = QUEUE) -> int:
        return int(self.client().llen(queue))

    def unacked(self) -> int:
        return int(self.client().hlen("unacked"))

    def shutdown(self) -> None:
        """A clean SHUTDOWN: the append-only file, when on, is flushed first."""
        assert self.proc is not None
        try:
            self.client().shutdown()
        except redis.exceptions.ConnectionError:
            pass  # the server closes the connection as it exits
        self.proc.wait(timeout=20)
        self.proc = None

    def kill(self) -> None:
        """A crash: SIGKILL, nothing flushed beyond what the fsync policy already wrote."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=20)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None


@contextmanager
def own_redis(directory: Path, *, appendonly: bool) -> Iterator[OwnRedis]:
    server = OwnRedis(directory, appendonly=appendonly)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# The worker is started through this wrapper so a test can give it broker transport
# options (a short visibility timeout) without any hook in the application's settings.
WORKER_BOOT = """
import json, os, sys
from config.celery import app
options = os.environ.get("OTBOR_FAULTS_TRANSPORT_OPTIONS")
if options:
    app.conf.broker_transport_options = json.loads(options)
app.worker_main(sys.argv[1:])
"""


class Worker:
    """A prefork worker (concurrency 1) in its own session, so SIGKILL can hit the child
    that runs the task, or the whole process group, and nothing else."""

    def __init__(self, broker_url: str, log: Path, name: str, transport_options: dict | None = None) -> None:
        self.broker_url = broker_url
        self.log = log
        self.name = f"{name}@faults"
        env = worker_environment(
            DATABASE_URL=worker_database_url(),
            REDIS_URL=broker_url,
            OTBOR_TESTING="1",
            CELERY_TASK_ALWAYS_EAGER="0",
            OTBOR_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        )
        env.pop("OTBOR_FAULTS_TRANSPORT_OPTIONS", None)
        if transport_options:
            env["OTBOR_FAULTS_TRANSPORT_OPTIONS"] = json.dumps(transport_options)
        with open(log, "a") as out:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER_BOOT,
                    "worker",
                    "--pool=prefork",
                    "--concurrency=1",
                    "--loglevel=INFO",
                    "-Q",
                    QUEUE,
                    "-n",
                    self.name,
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            started = wait_for(self._answers, timeout=60, interval=0.2)
        except BaseException:
            self.stop()  # never leave a worker behind: it would consume the next test's tasks
            raise
        if not started:
            self.stop()
            raise RuntimeError(f"the Celery worker did not start:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def _answers(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"the Celery worker exited:\n{self.output()}")
        try:
            with broker(self.broker_url) as app:
                replies = app.control.ping(destination=[self.name], timeout=0.5)
        except (OSError, redis.exceptions.ConnectionError, KombuOperationalError):
            return False
        return bool(replies)

    def active(self) -> list[dict]:
        with broker(self.broker_url) as app:
            replies = app.control.inspect(destination=[self.name], timeout=1.0).active() or {}
        return replies.get(self.name, [])

    def kill_child(self, pid: int) -> None:
        os.kill(pid, signal.SIGKILL)

    def kill_all(self) -> None:
        """SIGKILL the worker's whole process group: the main process and its child."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=20)

    def stop(self) -> None:
        """Warm shutdown of the group, then SIGKILL of whatever of it is left (an orphaned
        pool child would go on consuming from the next test's broker on the same port)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self.proc.poll() is None:
            self.proc.wait(timeout=10)


@contextmanager
def broker(url: str) -> Iterator[Celery]:
    """A throwaway Celery app bound to ``url`` only. The project's app cannot be used with
    another connection: its remote-control commands publish through its own producer pool,
    i.e. to ``REDIS_URL`` (the shared Redis in CI), whatever connection is passed."""
    app = Celery("otbor-faults", broker=url, set_as_current=False)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": 3600},
    )
    try:
        yield app
    finally:
        app.close()


def send_task(task, url: str, *args) -> str:
    """Publish ``task`` by name to the broker at ``url`` (never run eagerly)."""
    with broker(url) as app:
        return app.send_task(task.name, args=args).id


@contextmanager
def table_locked(table: str) -> Iterator[None]:
    """Hold an ACCESS EXCLUSIVE lock on a table from a second connection, so a task that
    reads it waits inside its work: a deterministic "task in the middle" for the kill."""
    conn = connections.create_connection("default")
    conn.ensure_connection()
    conn.set_autocommit(False)
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
        yield
    finally:
        conn.rollback()
        conn.close()


def report(test: str, **figures: object) -> None:
    """One line per fault with its figures, for `pytest -s` and the CI log."""
    line = " ".join(f"{key}={value}" for key, value in figures.items())
    sys.stdout.write(f"\nFAULTS {test}: {line}\n")
