"""Reads of the personal-data access log for a given user."""

from __future__ import annotations

from django.db.models import QuerySet

from privacy.models import PersonalDataAccess


def personal_data_accesses_visible_to(user) -> QuerySet[PersonalDataAccess]:
    """The personal-data access log: administrators only (it names who read whose data).
    The rule ``privacy.view_personaldataaccess`` (registered in accounts/rules.py, above
    this app), checked by name so that the log needs nothing from the apps above it."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("privacy.view_personaldataaccess"):
        return PersonalDataAccess.objects.none()
    return PersonalDataAccess.objects.select_related("user", "organisation", "application")
