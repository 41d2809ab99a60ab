"""The role groups, kept after every migrate. They carry no model permissions: who may do
what is django-rules' (each app's ``rules.py``, ADR 0007)."""

from __future__ import annotations

from django.contrib.auth.models import Group

from accounts.roles import GROUP_NAMES


def ensure_role_groups(**_kwargs) -> None:
    """Create the missing groups; drop permission rows granted to them before ADR 0007
    (the password backend ignores them, and the group page would show them)."""
    for name in GROUP_NAMES.values():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.clear()
