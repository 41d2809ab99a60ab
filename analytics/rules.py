"""Who reads the regional view and who loads its reference data (ADR 0007).

The view shows only submitted applications and the points of decided meetings, summed
by region: the secretary, the chair and the Ministry's analyst read it. The analyst
changes nothing anywhere; clusters and the employment table are imported by the
secretary."""

from __future__ import annotations

import rules

from accounts.rules import is_analyst, is_chair, is_secretary

rules.add_perm("analytics.view_regions", is_secretary | is_chair | is_analyst)
rules.add_perm("analytics.import_reference", is_secretary)
