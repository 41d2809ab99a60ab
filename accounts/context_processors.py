"""The navigation bar: each role sees the sections it can use, nothing more."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.middleware import needs_second_factor
from accounts.roles import ROLE_LABELS, Role, roles_of


def navigation_items(user) -> list[dict[str, str]]:
    roles = roles_of(user)
    items: list[dict[str, str]] = []
    if Role.APPLICANT in roles:
        items.append({"label": _("Мои заявки"), "url": reverse("portal:my_list")})
        items.append({"label": _("Организация"), "url": reverse("portal:organisation")})
    if Role.SECRETARY in roles or Role.ADMINISTRATOR in roles:
        items.append({"label": _("Отборы"), "url": reverse("calls:calls")})
        items.append({"label": _("Рассмотрение заявок"), "url": reverse("screening:index")})
    if roles & {Role.MEMBER, Role.CHAIR, Role.SECRETARY}:
        items.append({"label": _("Оценка проектов"), "url": reverse("admin:index")})
    if roles & {Role.SECRETARY, Role.CHAIR, Role.ANALYST}:
        items.append({"label": _("Регионы"), "url": reverse("analytics:regions")})
    if Role.ADMINISTRATOR in roles:
        items.append({"label": _("Администрирование"), "url": reverse("admin:index")})
    return items


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_roles": [], "nav_second_factor": False}
    roles = roles_of(user)
    return {
        "nav_items": navigation_items(user),
        "nav_roles": [ROLE_LABELS[role] for role in Role if role in roles],
        "nav_second_factor": needs_second_factor(user),
    }
