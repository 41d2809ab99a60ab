"""Run jobs in threads released together: the race that concurrency tests need."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def race(
    jobs: list[Callable[[], object]], *, timeout: float = 120
) -> tuple[list[object], list[BaseException]]:
    """Run each job in its own thread, released together; return (results, errors).
    Every thread closes its database connections."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as error:  # collected and asserted on by the caller
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a racing job hung"
    return results, errors
