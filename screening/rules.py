"""Who may screen applications (ADR 0007): the screening pages, their recomputation and
the admit/reject decision. Which applications: ``applications.view_application``."""

from __future__ import annotations

import rules

from accounts.rules import is_screener

rules.add_perm("screening.screen_applications", is_screener)
