"""Who may do what in the commission's admin (ADR 0007). ``selectors.meetings_visible_to``
is ``commission.view_meeting`` as a query; tests/security/test_rules.py holds them equal."""

from __future__ import annotations

import rules

from accounts.rules import is_commission, is_secretary


@rules.predicate
def sits_on_meeting_commission(user, meeting) -> bool:
    """Without a meeting: whether the user is on the commission at all (the role)."""
    if meeting is None:
        return is_commission(user)
    return meeting.commission.memberships.filter(user_id=user.pk).exists()


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
