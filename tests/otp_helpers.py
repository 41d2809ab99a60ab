"""Staff second factor in tests: a confirmed TOTP device and a verified client session.

from tests.otp_helpers import login_verified
login_verified(client, secretary)   # force_login + the session passed TOTP
"""

from __future__ import annotations

import time
from binascii import unhexlify

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_totp_device(user) -> TOTPDevice:
    """The user's confirmed TOTP device, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def current_token(device_or_secret: TOTPDevice | str, *, offset_steps: int = 0) -> str:
    """The six-digit code an authenticator app shows now for a device or a hex secret."""
    key = device_or_secret.key if isinstance(device_or_secret, TOTPDevice) else device_or_secret
    totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * offset_steps
    return f"{totp.token():06d}"


def mark_verified(client, user) -> TOTPDevice:
    """Mark an already logged-in test client's session as verified by a TOTP device."""
    device = confirmed_totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def login_verified(client, user) -> TOTPDevice:
    client.force_login(user)
    return mark_verified(client, user)


def follow_enrolment_link(client) -> None:
    """A signed-in staff client asks for the enrolment link and follows it from the mail."""
    import re

    from django.core import mail

    mail.outbox.clear()
    client.post("/accounts/otp/setup/link/", {"next": "/admin/"})
    link = re.search(r"http://testserver(/accounts/otp/enrol/\S+)", mail.outbox[-1].body).group(1)
    client.get(link)
