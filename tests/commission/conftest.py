"""A real commission round built through the services: a call with the shared example's
scenario, submitted and admitted applications with computed indicators, a commission of
five voting members and a secretary, a meeting with everybody present."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

import pytest
from django.utils import timezone

from applications.models import Application
from applications.services.lifecycle import submit_application
from commission import selectors, services
from commission.models import Meeting, MemberRole, Membership, Methodology
from scoring.models import IndicatorResult
from scoring.services import compute_indicators
from screening.services import screen_application
from tests.factories import (
    CommissionFactory,
    MeetingFactory,
    MembershipFactory,
    UserFactory,
    call_with_example_scenario,
    complete_application,
)

CHAIR_NAME = "Иванов Иван Иванович"
DEPUTY_NAME = "Петров Пётр Петрович"
MEMBER_NAMES = ("Сидоров Сергей Николаевич", "Кузнецова Анна Викторовна", "Попов Алексей Дмитриевич")
SECRETARY_NAME = "Смирнова Ольга Петровна"


@dataclass
class Round:
    call: object
    apps: list[Application]
    chair: Membership
    deputy: Membership
    members: list[Membership]
    secretary: Membership
    meeting: Meeting
    methodology: Methodology

    @property
    def voting(self) -> list[Membership]:
        return [self.chair, self.deputy, *self.members]

    def reload(self) -> Meeting:
        self.meeting.refresh_from_db()
        return self.meeting


def _claim_within_subsidy_limits(app: Application) -> None:
    """The example claims more subsidy than the interest schedule now allows; these tests
    are about scoring, so the claim is cut to the allowed amount (nothing else changes)."""
    try:
        from applications.services.subsidy_limits import allowed_subsidy
    except ImportError:  # pragma: no cover - the check does not exist
        return
    allowed = allowed_subsidy(app) or {}
    for row in app.model_years.all():
        cap = allowed.get(row.year)
        if cap is not None and row.subsidy is not None and row.subsidy > cap:
            row.subsidy = Decimal(cap).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
            row.save(update_fields=["subsidy"])


def close_intake(call) -> None:
    """The call's intake ends a second ago (meetings are held only after it)."""
    now = timezone.now()
    type(call).objects.filter(pk=call.pk).update(
        opens_at=now - dt.timedelta(days=2), closes_at=now - dt.timedelta(seconds=1)
    )
    call.refresh_from_db()


def build_round(n_apps: int = 3, **call_overrides) -> Round:
    call = call_with_example_scenario(**call_overrides)
    secretary_user = UserFactory(role="secretary", full_name=SECRETARY_NAME)
    apps = []
    for _ in range(n_apps):
        draft = complete_application(call)
        _claim_within_subsidy_limits(draft)
        submit_application(application_id=draft.pk, user=draft.created_by)
        screen_application(application_id=draft.pk, user=secretary_user, decision="admit", reasons="")
        result = compute_indicators(draft.pk)
        assert result is not None and result.state == "done"
        apps.append(Application.objects.get(pk=draft.pk))
    apps.sort(key=lambda a: a.registration_number)
    close_intake(call)
    commission = CommissionFactory(name="Комиссия по отбору инвестиционных проектов")
    chair = MembershipFactory(
        commission=commission, role=MemberRole.CHAIR, user=UserFactory(role="chair", full_name=CHAIR_NAME)
    )
    deputy = MembershipFactory(
        commission=commission, role=MemberRole.DEPUTY, user=UserFactory(role="member", full_name=DEPUTY_NAME)
    )
    members = [
        MembershipFactory(
            commission=commission, role=MemberRole.MEMBER, user=UserFactory(role="member", full_name=name)
        )
        for name in MEMBER_NAMES
    ]
    secretary = MembershipFactory(commission=commission, role=MemberRole.SECRETARY, user=secretary_user)
    meeting = MeetingFactory(call=call, commission=commission, number="7-КО")
    meeting.present.set([chair, deputy, *members, secretary])
    methodology = selectors.ensure_methodology(call)
    return Round(
        call=call,
        apps=apps,
        chair=chair,
        deputy=deputy,
        members=members,
        secretary=secretary,
        meeting=meeting,
        methodology=methodology,
    )


@pytest.fixture
def rnd(db) -> Round:
    return build_round(3)


def set_statuses(app: Application, **statuses: str) -> None:
    """Edit the current computed result's statuses (financial=…, budget=…, socio_economic=…)."""
    fields = {f"{key}_status": value for key, value in statuses.items()}
    assert IndicatorResult.objects.filter(application=app, is_current=True).update(**fields) == 1


def points(financial, budget, socio_economic) -> dict[str, Decimal]:
    return {
        "financial": Decimal(str(financial)),
        "budget": Decimal(str(budget)),
        "socio_economic": Decimal(str(socio_economic)),
    }


def score(
    rnd: Round, member: Membership, app: Application, financial, budget, socio_economic, finding: str = ""
):
    return services.save_score(
        meeting_id=rnd.meeting.pk,
        application_id=app.pk,
        user=member.user,
        points=points(financial, budget, socio_economic),
        finding=finding,
    )


def open_round(rnd: Round) -> None:
    services.open_scoring(meeting_id=rnd.meeting.pk, by=rnd.secretary.user)


def close_round(rnd: Round) -> None:
    services.close_scoring(meeting_id=rnd.meeting.pk, by=rnd.secretary.user)
