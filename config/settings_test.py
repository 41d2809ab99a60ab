"""Settings of the test suite: the normal settings (``config.settings``) with what only makes
tests faster and changes nothing they check.

``OTBOR_TESTING=1`` (set by ``make test``) stays the switch for the environment-dependent
parts: the per-process memory cache, eager Celery tasks, the embedded secret key. Tests
about production settings run ``config.settings`` in a subprocess without it.
"""

from config.settings import *  # noqa: F403

# PBKDF2 is slow on purpose (a million iterations); every factory user and sign-in pays
# for it. No test is about the hasher's strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
