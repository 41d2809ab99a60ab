"""Who may work on the calls (ADR 0007)."""

from __future__ import annotations

import rules

from accounts.rules import is_organisation_applicant, is_screener, is_secretary

# The calls pages: the list of calls, the macro-scenario's XLSX export and import.
rules.add_perm("calls.manage_calls", is_screener)

# The admin: the secretary sets calls and scenarios up; the administrator reads the calls.
rules.add_perm("calls", is_screener)
rules.add_perm("calls.view_call", is_screener)
rules.add_perm("calls.add_call", is_secretary)
rules.add_perm("calls.change_call", is_secretary)
rules.add_perm("calls.view_macroscenario", is_secretary)
rules.add_perm("calls.add_macroscenario", is_secretary)
rules.add_perm("calls.change_macroscenario", is_secretary)

# Clarifications: an applicant of an organisation asks; the secretary (or administrator)
# answers, edits the published wording and publishes.
rules.add_perm("calls.ask_questions", is_organisation_applicant)
rules.add_perm("calls.answer_questions", is_screener)
