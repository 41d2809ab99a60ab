"""Who may use the API's own operations (ADR 0007). Everything else the API does is
checked with the web pages' rules: ``portal.prepare_applications``,
``applications.view_application``, ``screening.screen_applications``,
``commission.manage_scoring``."""

from __future__ import annotations

import rules

from accounts.roles import STAFF_ROLES, roles_of
from accounts.rules import is_organisation_applicant, is_secretary
from commission.rules import meeting_round_closed, sits_on_meeting_commission


@rules.predicate
def is_staff_member(user) -> bool:
    return bool(roles_of(user) & STAFF_ROLES)


# The tokens page: applicants of an organisation and staff.
rules.add_perm("api.manage_tokens", is_organisation_applicant | is_staff_member)
# A meeting's results over the API: once its scoring round is closed, for the secretary
# and for those who sit on its commission (the admin's results page, after the blind round).
rules.add_perm(
    "api.read_meeting_results",
    (is_secretary | sits_on_meeting_commission) & meeting_round_closed,
)
