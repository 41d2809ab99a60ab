"""Counters that slow down abuse: sign-in failures from one address across accounts
(password spraying) and the mails the site sends on request (password reset, e-mail
confirmation, invitations).

Counters live in the Django cache (Redis shared by every web process in production, a
per-process memory cache in tests), in fixed windows that start with the first hit. A
lost counter (cache flushed) only gives an attacker a fresh window, never a way in:
django-axes' per-account lock is in the database.

Limits are keyed by what the visitor typed (the normalised e-mail), not by whether an
account exists, so a refusal says nothing about which addresses are registered.
"""

from __future__ import annotations

import hashlib
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

HOUR = 3600
# Mails of each kind: at most this many per account (typed e-mail) and per client address an hour.
MAIL_PER_ACCOUNT = 3
MAIL_PER_ADDRESS = 10
# Sign-in: this many different accounts failing from one address in an hour lock the address.
SIGN_IN_ACCOUNTS_PER_ADDRESS = 10


def normalised_identity(value: str | None) -> str:
    """An e-mail as people type it, reduced to one spelling: Unicode NFKC (full-width
    letters, ligatures), surrounding spaces dropped, lower case. Accounts are stored that
    way, and every lock and counter is keyed by it."""
    return unicodedata.normalize("NFKC", value or "").strip().lower()


def _key(*parts: str) -> str:
    # Hashed: e-mails are personal data, and a cache key has a limited alphabet.
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"otbor:throttle:{parts[0]}:{digest}"


def _count(key: str, window: int) -> int:
    """Add one hit to the window's counter and return the new count."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return 1


def _peek(key: str) -> int:
    return int(cache.get(key) or 0)


# ---------------------------------------------------------------- mails


def mail_refusal(kind: str, account_key: str, address: str | None) -> str | None:
    """Count one mail of ``kind`` ("password_reset", "confirmation", "invitation", ...)
    asked for ``account_key`` (an e-mail, normalised here) from ``address``; None when
    it may be sent, or the Russian reason to show when a limit is reached (the mail is
    then not sent and the request is not counted). The reason names the address or the
    e-mail typed, never whether an account exists."""
    per_address = getattr(settings, "OTBOR_MAIL_PER_ADDRESS", MAIL_PER_ADDRESS)
    per_account = getattr(settings, "OTBOR_MAIL_PER_ACCOUNT", MAIL_PER_ACCOUNT)
    address_key = _key("mail-address", kind, address or "-")
    account = _key("mail-account", kind, normalised_identity(account_key))
    if _peek(address_key) >= per_address:
        return _("Слишком много запросов с вашего адреса. Попробуйте снова через час.")
    if _peek(account) >= per_account:
        return _(
            "Письмо на этот адрес уже отправлялось несколько раз. Проверьте почту "
            "(и папку «Спам») или попробуйте снова через час."
        )
    _count(address_key, HOUR)
    _count(account, HOUR)
    return None


def allow_mail(kind: str, account_key: str, address: str | None) -> bool:
    """True (and counted) when a mail of ``kind`` to ``account_key`` requested from
    ``address`` may be sent now; see ``mail_refusal`` for the message to show."""
    return mail_refusal(kind, account_key, address) is None


# ---------------------------------------------------------------- sign-in spraying


def record_sign_in_failure(address: str | None, username: str | None) -> None:
    """Note a failed sign-in; each account counts once per address and window."""
    if not address:
        return
    seen = _key("sign-in-pair", address, normalised_identity(username))
    if cache.add(seen, 1, timeout=HOUR):
        _count(_key("sign-in-accounts", address), HOUR)


def sign_in_address_locked(address: str | None) -> bool:
    """True while too many different accounts have failed to sign in from ``address``."""
    if not address:
        return False
    limit = getattr(settings, "OTBOR_SIGN_IN_ACCOUNTS_PER_ADDRESS", SIGN_IN_ACCOUNTS_PER_ADDRESS)
    return _peek(_key("sign-in-accounts", address)) >= limit
