"""Who may act: the roles as django-rules predicates, the one view decorator, and the
permissions of the apps below accounts (ADR 0007).

Every permission in the project is a rule registered with ``rules.add_perm`` in an app's
``rules.py`` (found by ``rules.apps.AutodiscoverRulesConfig``). Views check one with
``permission_required``, the admin through its ``has_*_permission`` (Django asks
``user.has_perm``, which reaches the rules through ``rules.permissions.ObjectPermissionBackend``),
selectors branch on the same predicates. Groups say which roles a user holds; no row of
``auth_permission`` grants anything (``accounts.backends.PasswordBackend``).
"""

from __future__ import annotations

from functools import wraps

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.roles import Role, roles_of


@rules.predicate
def is_applicant(user) -> bool:
    return Role.APPLICANT in roles_of(user)


@rules.predicate
def is_secretary(user) -> bool:
    return Role.SECRETARY in roles_of(user)


@rules.predicate
def is_member(user) -> bool:
    return Role.MEMBER in roles_of(user)


@rules.predicate
def is_chair(user) -> bool:
    return Role.CHAIR in roles_of(user)


@rules.predicate
def is_administrator(user) -> bool:
    """Also every superuser (``roles_of``)."""
    return Role.ADMINISTRATOR in roles_of(user)


@rules.predicate
def is_analyst(user) -> bool:
    """The Ministry's analyst: reads the regional view, changes nothing."""
    return Role.ANALYST in roles_of(user)


@rules.predicate
def has_organisation(user) -> bool:
    return bool(getattr(user, "organisation_id", None))


is_commission = is_member | is_chair
is_screener = is_secretary | is_administrator
is_organisation_applicant = is_applicant & has_organisation


def permission_required(perm: str):
    """A view decorator: signed in (else the sign-in page) and granted ``perm`` by its
    rule (else 403). The rule is asked directly rather than through ``user.has_perm``,
    whose superuser short-cut would open pages that need what a superuser lacks (an
    organisation): on the site's pages a superuser is the administrator role, as
    ``roles_of`` says; in the admin Django's short-cut stands."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not rules.has_perm(perm, request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.permission_required = perm
        return wrapped

    return decorator


# --- Users and their role groups (the admin) ---------------------------------------------
rules.add_perm("accounts", is_administrator)
rules.add_perm("accounts.view_user", is_administrator)
rules.add_perm("accounts.add_user", is_administrator)
rules.add_perm("accounts.change_user", is_administrator)
rules.add_perm("auth", is_administrator)
rules.add_perm("auth.view_group", is_administrator)
rules.add_perm("auth.change_group", is_administrator)

# --- The apps below accounts, which cannot import the roles --------------------------------
# Reference data: the administrator keeps the regions, priority directions and OKVED2.
rules.add_perm("reference", is_administrator)
rules.add_perm("reference.view_region", is_administrator)
rules.add_perm("reference.add_region", is_administrator)
rules.add_perm("reference.change_region", is_administrator)
rules.add_perm("reference.view_prioritydirection", is_administrator)
rules.add_perm("reference.add_prioritydirection", is_administrator)
rules.add_perm("reference.change_prioritydirection", is_administrator)
rules.add_perm("reference.view_okvedcode", is_administrator)
rules.add_perm("reference.add_okvedcode", is_administrator)
rules.add_perm("reference.change_okvedcode", is_administrator)
# The personal-data access log: administrators read it; nobody adds, changes or deletes
# (privacy/admin.py refuses those even to superusers). privacy.selectors pairs with it.
rules.add_perm("privacy", is_administrator)
rules.add_perm("privacy.view_personaldataaccess", is_administrator)
# The selection's audit trail: secretaries and administrators read it; nobody writes it by
# hand (audit/admin.py refuses add, change and delete, the database trigger the rest).
rules.add_perm("audit", is_screener)
rules.add_perm("audit.view_auditentry", is_screener)
