"""Container health checks (docker-compose.yml, Dockerfile): exit 0 when healthy.

    python scripts/healthcheck.py web    GET /healthz (database and broker answer)
    python scripts/healthcheck.py worker the local Celery worker answers a ping
    python scripts/healthcheck.py beat   beat's schedule file was written recently

Plain standard library for ``web`` and ``beat``, so a check costs no Django start."""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

BEAT_SCHEDULE = os.environ.get("OTBOR_BEAT_SCHEDULE", "/app/var/tmp/celerybeat-schedule")
# beat writes its schedule at least every 3 minutes (Celery's sync_every) and at every
# task it sends (one a minute here).
BEAT_MAX_AGE = 6 * 60


def web() -> bool:
    host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip()
    request = urllib.request.Request(
        os.environ.get("OTBOR_HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz"),
        # The proxy's headers: the allowed host, and "came over HTTPS" (no SSL redirect).
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=8) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def worker() -> bool:
    node = f"celery@{os.environ.get('HOSTNAME', '')}"
    result = subprocess.run(
        ["celery", "-A", "config", "inspect", "ping", "-d", node, "--timeout", "8"],
        capture_output=True,
        timeout=30,
        check=False,
    )
    return result.returncode == 0


def beat() -> bool:
    # shelve may add a suffix (.db, or .dat/.dir with the dumb dbm of a slim image).
    written = [os.path.getmtime(path) for path in glob.glob(glob.escape(BEAT_SCHEDULE) + "*")]
    return bool(written) and time.time() - max(written) < BEAT_MAX_AGE


CHECKS = {"web": web, "worker": worker, "beat": beat}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in CHECKS:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(CHECKS)}")
    sys.exit(0 if CHECKS[sys.argv[1]]() else 1)
