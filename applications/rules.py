"""Who may read applications (ADR 0007). ``applications.selectors.applications_visible_to``
is the same rule as a query; tests/security/test_rules.py holds them equal."""

from __future__ import annotations

import rules

from accounts.rules import is_commission, is_organisation_applicant, is_screener, is_secretary
from applications.models import ApplicationStatus

# Statuses the commission never sees (SPEC §3): an application not, or no longer, submitted.
NOT_SUBMITTED = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN})


@rules.predicate
def is_own_organisation_application(user, application) -> bool:
    """Without an application: whether the user has an organisation's applications at all."""
    if application is None:
        return True
    return application.organisation_id == user.organisation_id


@rules.predicate
def is_submitted_application(user, application) -> bool:
    if application is None:
        return True
    return application.status not in NOT_SUBMITTED


rules.add_perm(
    "applications.view_application",
    is_screener
    | (is_commission & is_submitted_application)
    | (is_organisation_applicant & is_own_organisation_application),
)
# The admin's applications section: the commission and the secretary (the administrator
# reads applications on the screening pages). Changes go through services, never the admin.
rules.add_perm("applications", is_commission | is_secretary)
