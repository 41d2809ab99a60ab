"""Account actions: registration, e-mail confirmation, colleagues."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from organisations.models import IdentityChangeRequest, IdentityChangeState, Organisation
from reference.mail import render_mail

CONFIRM_SALT = "otbor.email-confirmation"
CONFIRM_MAX_AGE = 3 * 24 * 3600
RESEND_EVERY_SECONDS = 60


def add_role(user: User, role: Role) -> None:
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
    user.groups.add(group)


def _mail_on_commit(name: str, context: dict, to: str) -> None:
    transaction.on_commit(lambda: send_mail(*render_mail(name, context), None, [to]))


def register_applicant(*, user_data: dict, organisation: Organisation, base_url: str) -> User | None:
    """Create the organisation and its first (inactive) user; e-mail the confirmation link
    on commit. The user signs in after confirming.

    For an address already registered nothing is created and its owner is told by mail
    (None is returned): the visitor sees the same page either way, so registration does
    not reveal who has an account. The password is hashed anyway, for the same timing."""
    email = user_data["email"]
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        User().set_password(user_data["password1"])
        login = base_url + reverse("login")
        reset = base_url + reverse("password_reset")
        _mail_on_commit("account_exists", {"user": existing, "login": login, "reset": reset}, existing.email)
        return None
    with transaction.atomic():
        organisation.save()
        user = User.objects.create_user(
            email=user_data["email"],
            password=user_data["password1"],
            full_name=user_data["full_name"],
            position=user_data.get("position", ""),
            phone=user_data.get("phone", ""),
            organisation=organisation,
            is_active=False,
            personal_data_consent_at=timezone.now(),
        )
        add_role(user, Role.APPLICANT)
        send_confirmation(user=user, base_url=base_url)
    return user


def send_confirmation(*, user: User, base_url: str) -> None:
    """E-mail the user the confirmation link (signed, 3 days), after the transaction."""
    token = signing.dumps({"user": user.pk}, salt=CONFIRM_SALT)
    link = base_url + reverse("confirm_email", args=[token])
    _mail_on_commit(
        "registration", {"user": user, "organisation": user.organisation, "link": link}, user.email
    )


def resend_confirmation(*, email: str, base_url: str) -> bool:
    """Send the confirmation letter again to a registered, not yet confirmed address: at
    most once a minute per account (a cache key claimed atomically). Returns whether a
    letter went out; callers say the same to the visitor either way, so the page tells
    no one whether an address is registered."""
    user = User.objects.select_related("organisation").filter(email__iexact=email.strip()).first()
    if user is None or user.is_active or user.email_confirmed_at is not None:
        return False
    if not cache.add(f"otbor:confirmation-resent:{user.pk}", 1, RESEND_EVERY_SECONDS):
        return False
    send_confirmation(user=user, base_url=base_url)
    return True


def confirm_email(token: str) -> User | None:
    """Activate the user of a valid token; None for an expired or forged one."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=payload.get("user")).first()
    if user is None:
        return None
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.is_active = True
        user.save(update_fields=["email_confirmed_at", "is_active"])
    return user


def invite_colleague(
    *, organisation: Organisation, full_name: str, email: str, base_url: str, by: User | None = None
) -> User | None:
    """Add a user to the organisation; they set their password by a reset link.

    An address already registered is not added (an account belongs to one organisation)
    and its owner is told by mail instead; None is returned and the inviter sees the same
    answer, so an invitation does not reveal who has an account."""
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        context = {"user": existing, "organisation": organisation, "inviter": by}
        _mail_on_commit("invitation_existing", context, existing.email)
        return None
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=None, full_name=full_name, organisation=organisation
        )
        add_role(user, Role.APPLICANT)
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        link = base_url + reverse("password_reset_confirm", args=[uid, token])
        _mail_on_commit(
            "invitation", {"full_name": full_name, "organisation": organisation, "link": link}, email
        )
    return user


# ---------------------------------------------------------------- identity lock

IDENTITY_FIELDS = ("inn", "ogrn", "kpp", "full_name")


class IdentityRefused(Exception):
    """The identity change is not allowed; the message is in Russian."""


def identity_locked(organisation: Organisation) -> bool:
    """INN, OGRN, KPP and full name are fixed once the organisation has submitted an
    application (anything past a draft: the submitted version names it)."""
    return organisation.pk is not None and organisation.applications.exclude(status="draft").exists()


def request_identity_change(
    *, organisation_id: int, by, values: dict[str, str], reason: str
) -> IdentityChangeRequest:
    """A user of the organisation asks to change its identity; nothing changes until the
    secretary approves (decide_identity_change). Raises IdentityRefused."""
    changes = {key: str(value).strip() for key, value in values.items() if key in IDENTITY_FIELDS}
    if not changes or set(values) - set(IDENTITY_FIELDS):
        raise IdentityRefused(_("Укажите новые ИНН, ОГРН, КПП или полное наименование."))
    if not reason.strip():
        raise IdentityRefused(_("Укажите основание изменения реквизитов."))
    return IdentityChangeRequest.objects.create(
        organisation_id=organisation_id, values=changes, reason=reason.strip(), requested_by=by
    )


def decide_identity_change(*, request_id: int, by, approve: bool) -> IdentityChangeRequest:
    """The secretary approves (the organisation's identity is changed, recorded in the
    audit trail with the approver) or rejects a pending request."""
    with transaction.atomic():
        request = IdentityChangeRequest.objects.select_for_update().get(pk=request_id)
        if request.state != IdentityChangeState.PENDING:
            raise IdentityRefused(_("Запрос уже рассмотрен."))
        if approve:
            organisation = Organisation.objects.select_for_update().get(pk=request.organisation_id)
            for key, value in request.values.items():
                setattr(organisation, key, value)
            organisation.full_clean(exclude=["region"])
            organisation._audit_user = by  # the trail's "who" of the identity change
            organisation.save(update_fields=list(request.values))
        request.state = IdentityChangeState.APPROVED if approve else IdentityChangeState.REJECTED
        request.decided_by, request.decided_at = by, timezone.now()
        request.save(update_fields=["state", "decided_by", "decided_at"])
    return request
