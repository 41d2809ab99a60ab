"""The roles of SPEC §1, each a Django group. Code refers to them only through here."""

from __future__ import annotations

from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    APPLICANT = "applicant"
    SECRETARY = "secretary"
    MEMBER = "member"
    CHAIR = "chair"
    ADMINISTRATOR = "administrator"


# Group names are stable identifiers stored in the database; labels are for people.
GROUP_NAMES: dict[Role, str] = {
    Role.APPLICANT: "Заявители",
    Role.SECRETARY: "Секретари комиссии",
    Role.MEMBER: "Члены комиссии",
    Role.CHAIR: "Председатели комиссии",
    Role.ADMINISTRATOR: "Администраторы",
}

ROLE_LABELS = {
    Role.APPLICANT: _("Заявитель"),
    Role.SECRETARY: _("Секретарь комиссии"),
    Role.MEMBER: _("Член комиссии"),
    Role.CHAIR: _("Председатель комиссии"),
    Role.ADMINISTRATOR: _("Администратор"),
}

# Roles that work in the Django admin (is_staff is set for them).
STAFF_ROLES = frozenset({Role.SECRETARY, Role.MEMBER, Role.CHAIR, Role.ADMINISTRATOR})


def roles_of(user) -> frozenset[Role]:
    """The roles of a user, read once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_otbor_roles", None)
    if cached is not None:
        return cached
    by_name = {name: role for role, name in GROUP_NAMES.items()}
    names = user.groups.values_list("name", flat=True)
    roles = {by_name[name] for name in names if name in by_name}
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    result = frozenset(roles)
    user._otbor_roles = result
    return result


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def role_required(*roles: Role, with_organisation: bool = False):
    """A view decorator: signed in (else the login page), holding one of ``roles`` and,
    with ``with_organisation``, belonging to an organisation (else 403)."""
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not has_role(user, *roles) or (with_organisation and not user.organisation_id):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
