"""Groups for the roles and their model permissions, kept in step after every migrate."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from accounts.roles import GROUP_NAMES, Role

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.APPLICANT: [],
    Role.MEMBER: [
        "commission.view_meeting", "commission.score_applications",
        "commission.view_score", "commission.add_score", "commission.change_score",
        "commission.view_recusal", "commission.add_recusal",
        "applications.view_application",
    ],
    Role.SECRETARY: [
        "applications.view_application", "applications.screen_application",
        "applications.view_personal_data",
        "calls.add_call", "calls.change_call", "calls.view_call",
        "calls.add_macroscenario", "calls.change_macroscenario",
        "calls.view_macroscenario", "organisations.view_organisation",
        "commission.add_meeting", "commission.change_meeting", "commission.view_meeting",
        "commission.manage_scoring", "commission.view_recusal", "commission.view_commission",
        "commission.add_commission", "commission.change_commission",
        "commission.view_membership", "commission.add_membership",
        "commission.change_membership", "commission.view_methodology",
        "commission.change_methodology", "commission.add_methodology",
        "commission.view_category", "commission.add_category", "commission.change_category",
        # Identity changes of organisations that applied: the secretary approves them.
        "organisations.view_identitychangerequest", "organisations.change_identitychangerequest",
        # The selection's audit trail: read-only for everybody.
        "audit.view_auditentry",
    ],
    Role.ADMINISTRATOR: [
        "accounts.add_user", "accounts.change_user", "accounts.view_user",
        "auth.view_group", "auth.change_group",
        "reference.add_region", "reference.change_region", "reference.view_region",
        "reference.add_prioritydirection", "reference.change_prioritydirection",
        "reference.view_prioritydirection", "calls.view_call",
        "organisations.view_organisation", "organisations.change_organisation",
        # The personal-data access log: read-only, no role may add, change or delete rows.
        "privacy.view_personaldataaccess",
        "audit.view_auditentry",
    ],
}
ROLE_PERMISSIONS[Role.CHAIR] = list(ROLE_PERMISSIONS[Role.MEMBER])


def ensure_role_groups(**_kwargs) -> None:
    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for dotted in ROLE_PERMISSIONS[role]:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label,
                                             codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)
