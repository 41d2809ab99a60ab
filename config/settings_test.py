"""Settings of the test suite: the normal settings (``config.settings``) with what only makes
tests faster or lets them run in parallel, and changes nothing they check.

``OTBOR_TESTING=1`` (set by ``make test``) stays the switch for the environment-dependent
parts: the per-process memory cache, eager Celery tasks, the embedded secret key. Tests
about production settings run ``config.settings`` in a subprocess without it.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.settings import *  # noqa: F403
from config.settings import CACHES, REDIS_URL

# PBKDF2 is slow on purpose (a million iterations); every factory user and sign-in pays
# for it. No test is about the hasher's strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def redis_url_of_xdist_worker(url: str, worker: str) -> str:
    """pytest-xdist worker ``gwN`` uses Redis database (the URL's database + N), so the
    real Celery worker one of them starts never takes another's tasks (the queues, the
    results and the remote-control channels are all per database). Test databases are
    per worker already (pytest-django suffixes their names with ``_gwN``)."""
    if not url or not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + int(worker[2:])
    if database > 15:
        raise ImproperlyConfigured(f"{url} leaves no Redis database for xdist worker {worker}")
    return parts._replace(path=f"/{database}").geturl()


_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
REDIS_URL = redis_url_of_xdist_worker(REDIS_URL, _worker)
if REDIS_URL:
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
if CACHES["default"]["BACKEND"].endswith("RedisCache"):  # only without OTBOR_TESTING=1
    CACHES["default"]["LOCATION"] = redis_url_of_xdist_worker(CACHES["default"]["LOCATION"], _worker)
