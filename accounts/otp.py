"""The second factor of staff sign-in: TOTP devices and one-time backup codes.

The first enrolment is opened by a link e-mailed to the account (a signed token, valid
for an hour, naming the user and a nonce kept in the session that asked for it, so it
works once and only there): the password alone never enrols a device. Enrolment then
keeps the new secret in the session until the staff member proves they hold it with a
valid code; only then is a confirmed TOTP device stored, together with ten backup codes
(a django-otp static device). Enrolment, new backup codes and an administrator's reset
are entries of the audit trail.
"""

from __future__ import annotations

import hmac
import secrets
import time
from base64 import b32encode
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.core import signing
from django.db import transaction
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import record

BACKUP_CODES = 10
TOTP_DEVICE_NAME = "Приложение-аутентификатор"
BACKUP_DEVICE_NAME = "Резервные коды"
ENROL_SALT = "otbor.otp-enrolment"
ENROL_LINK_MAX_AGE = 3600
AUDIT_OBJECT = "user.second_factor"


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
        record(action="second_factor.enrolled", object_type=AUDIT_OBJECT, object_id=user.pk, actor=user)
        return issue_backup_codes(user)


def issue_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with ten new single-use ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def regenerate_backup_codes(*, user) -> list[str]:
    """The user's own new set of backup codes (the old ones stop working), with an
    audit entry. Raises TOTPDevice.DoesNotExist for a user without a TOTP device."""
    with transaction.atomic():
        device_of(user)
        codes = issue_backup_codes(user)
        record(action="second_factor.backup_codes", object_type=AUDIT_OBJECT, object_id=user.pk, actor=user)
    return codes


def reset_second_factor(*, user, by) -> int:
    """An administrator removes all of ``user``'s devices (a lost phone and lost codes):
    their next sign-in asks for a new enrolment through the e-mailed link. Sessions
    verified with a removed device are no longer verified (django-otp finds no device).
    Writes an audit entry naming the administrator; returns the number of devices."""
    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, StaticDevice):
            _total, per_model = model.objects.filter(user=user).delete()
            removed += per_model.get(model._meta.label, 0)
        record(
            action="second_factor.reset",
            object_type=AUDIT_OBJECT,
            object_id=user.pk,
            actor=by,
            # The account is the entry's object; no e-mail copied into the trail.
            data={"devices_removed": removed},
        )
    return removed


def device_for_token(user, token: str):
    """The confirmed device (TOTP or a backup code) that accepts ``token``, or None.
    Backup codes are accepted as people copy them: any case, spaces or hyphens.
    Each device throttles its own failures (django-otp's ThrottlingMixin)."""
    token = "".join(token.split()).replace("-", "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        typed = token.lower() if isinstance(device, StaticDevice) else token
        with transaction.atomic():
            if device.verify_token(typed):
                return device
    return None


def enrolment_token(user, nonce: str) -> str:
    """The token of the e-mailed enrolment link for ``user`` and the session's ``nonce``."""
    return signing.dumps({"user": user.pk, "nonce": nonce}, salt=ENROL_SALT)


def enrolment_token_matches(token: str, *, user, nonce: str | None) -> bool:
    """True for an unexpired, unforged token of ``user`` carrying the session's nonce."""
    if not nonce:
        return False
    try:
        payload = signing.loads(token, salt=ENROL_SALT, max_age=ENROL_LINK_MAX_AGE)
    except signing.BadSignature:
        return False
    return payload.get("user") == user.pk and hmac.compare_digest(str(payload.get("nonce", "")), nonce)


def device_of(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def secret_base32(secret: str) -> str:
    """The secret as people type it into an authenticator app, in groups of four."""
    text = b32encode(unhexlify(secret.encode())).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
