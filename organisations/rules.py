"""Who may see and change organisations in the admin (ADR 0007)."""

from __future__ import annotations

import rules

from accounts.rules import is_administrator, is_screener, is_secretary

rules.add_perm("organisations", is_screener)
rules.add_perm("organisations.view_organisation", is_screener)
rules.add_perm("organisations.change_organisation", is_administrator)
# Identity changes of organisations that applied: the secretary approves or rejects them.
rules.add_perm("organisations.view_identitychangerequest", is_secretary)
rules.add_perm("organisations.change_identitychangerequest", is_secretary)
