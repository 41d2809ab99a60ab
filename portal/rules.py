"""Who may use the applicant's pages (ADR 0007): an applicant of an organisation prepares,
submits and withdraws its applications and keeps its details. Which applications:
``applications.view_application``."""

from __future__ import annotations

import rules

from accounts.rules import is_organisation_applicant

rules.add_perm("portal.prepare_applications", is_organisation_applicant)
