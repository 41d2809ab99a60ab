"""Signing in with an e-mail and a password, and nothing else."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """Django's ModelBackend for authentication only: it grants no permission. Rows of
    ``auth_permission`` given to a group or a user are ignored, so the rules in each app's
    ``rules.py`` are the only answer to ``user.has_perm`` (ADR 0007)."""

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        # A rule is a function of one user, not a query: no row finds anybody.
        return get_user_model()._default_manager.none()
