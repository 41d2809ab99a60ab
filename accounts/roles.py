"""The roles of SPEC §1, each a Django group. Code refers to them only through here;
who may do what is the rules' (accounts/rules.py and each app's rules.py, ADR 0007)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    APPLICANT = "applicant"
    SECRETARY = "secretary"
    MEMBER = "member"
    CHAIR = "chair"
    ADMINISTRATOR = "administrator"
    ANALYST = "analyst"


# Group names are stable identifiers stored in the database; labels are for people.
GROUP_NAMES: dict[Role, str] = {
    Role.APPLICANT: "Заявители",
    Role.SECRETARY: "Секретари комиссии",
    Role.MEMBER: "Члены комиссии",
    Role.CHAIR: "Председатели комиссии",
    Role.ADMINISTRATOR: "Администраторы",
    Role.ANALYST: "Аналитики министерства",
}

ROLE_LABELS = {
    Role.APPLICANT: _("Заявитель"),
    Role.SECRETARY: _("Секретарь комиссии"),
    Role.MEMBER: _("Член комиссии"),
    Role.CHAIR: _("Председатель комиссии"),
    Role.ADMINISTRATOR: _("Администратор"),
    Role.ANALYST: _("Аналитик"),
}

# Roles that work in the Django admin (is_staff is set for them).
# The analyst (the Ministry's, read-only: the regional view and nothing else) holds no
# admin rights but signs in with the second factor like every other staff role.
STAFF_ROLES = frozenset({Role.SECRETARY, Role.MEMBER, Role.CHAIR, Role.ADMINISTRATOR, Role.ANALYST})


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
