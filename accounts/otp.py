"""The second factor of staff sign-in: TOTP devices and one-time backup codes.

Enrolment keeps the new secret in the session until the staff member proves they
hold it with a valid code; only then is a confirmed TOTP device stored, together with
ten backup codes (a django-otp static device).
"""

from __future__ import annotations

import secrets
import time
from base64 import b32encode
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10
TOTP_DEVICE_NAME = "Приложение-аутентификатор"
BACKUP_DEVICE_NAME = "Резервные коды"


def has_confirmed_device(user) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def new_secret() -> str:
    """A fresh 20-byte TOTP secret as hex (django-otp's storage format)."""
    return secrets.token_hex(20)


def unsaved_device(user, secret: str) -> TOTPDevice:
    """The device being enrolled, not yet stored: gives the otpauth:// URI."""
    return TOTPDevice(user=user, key=secret, name=TOTP_DEVICE_NAME, confirmed=False)


def qr_svg(data: str) -> str:
    """The QR code of ``data`` as an inline SVG element (no external image, CSP-safe)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    # Drop the XML declaration: the element is embedded in an HTML page.
    return svg[svg.index("<svg") :]


def confirm_enrolment(*, user, secret: str, token: str) -> list[str] | None:
    """Store a confirmed TOTP device and fresh backup codes when ``token`` matches the
    secret shown to the user; return the backup codes, or None for a wrong code.
    Refuses (None) when the user already has a confirmed device: a second device is
    added only by an administrator, never by whoever knows the password."""
    token = token.strip().replace(" ", "")
    if not (token.isdigit() and len(token) == 6):
        return None
    totp = TOTP(unhexlify(secret.encode()), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    if not totp.verify(int(token), tolerance=1):
        return None
    with transaction.atomic():
        if has_confirmed_device(user):
            return None
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(
            user=user, key=secret, name=TOTP_DEVICE_NAME, confirmed=True, last_t=totp.t()
        )
        return issue_backup_codes(user)


def issue_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with ten new single-use ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def device_for_token(user, token: str):
    """The confirmed device (TOTP or a backup code) that accepts ``token``, or None.
    Each device throttles its own failures (django-otp's ThrottlingMixin)."""
    token = token.strip().replace(" ", "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        with transaction.atomic():
            if device.verify_token(token):
                return device
    return None


def device_of(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def secret_base32(secret: str) -> str:
    """The secret as people type it into an authenticator app, in groups of four."""
    text = b32encode(unhexlify(secret.encode())).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
