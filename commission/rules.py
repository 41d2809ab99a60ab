"""Who may do what in the commission's admin (ADR 0007). ``selectors.meetings_visible_to``
is ``commission.view_meeting`` as a query; tests/security/test_rules.py holds them equal."""

from __future__ import annotations

import rules

from accounts.rules import is_administrator, is_commission, is_secretary
from commission import selectors


@rules.predicate
def sits_on_meeting_commission(user, meeting) -> bool:
    """Without a meeting: whether the user is on the commission at all (the role)."""
    if meeting is None:
        return is_commission(user)
    return meeting.commission.memberships.filter(user_id=user.pk).exists()


@rules.predicate
def meeting_round_closed(user, meeting) -> bool:
    """Blind scoring (selectors.can_see_points): nothing of the round before it closes."""
    return meeting is not None and selectors.can_see_points(user, meeting)


# The readable trail (audit.trail): an application's for the secretary and the
# administrator; a meeting's also for its chair and members, once its round is closed.
rules.add_perm("audit.view_application_trail", is_secretary | is_administrator)
rules.add_perm(
    "audit.view_meeting_trail",
    is_secretary | is_administrator | (sits_on_meeting_commission & meeting_round_closed),
)

# The secretary runs the scoring round: opens, closes, reopens, records the decision,
# exports the protocol and reads the audit trail. Members and the chair score.
rules.add_perm("commission.manage_scoring", is_secretary)

rules.add_perm("commission", is_commission | is_secretary)
rules.add_perm("commission.view_meeting", is_secretary | sits_on_meeting_commission)
rules.add_perm("commission.add_meeting", is_secretary)
rules.add_perm("commission.change_meeting", is_secretary)
for model in ("commission", "membership", "methodology", "category"):
    rules.add_perm(f"commission.view_{model}", is_secretary)
    rules.add_perm(f"commission.add_{model}", is_secretary)
    rules.add_perm(f"commission.change_{model}", is_secretary)
