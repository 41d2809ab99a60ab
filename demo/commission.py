"""The decided 2015 call of the demo: a commission, a meeting with quorum, scores with
one conflict of interest, the decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accounts.models import User
from commission import selectors, services
from commission.models import Commission, Meeting, MemberRole, Membership
from scoring.services import compute_indicators, compute_risk

POINTS_BY_STATUS = {"met": Decimal(30), "undetermined": Decimal(15), "not_met": Decimal(0)}


def build_commission_demo(*, call, secretary: User, admin: User) -> Meeting:
    commission, _ = Commission.objects.get_or_create(
        name="Комиссия Минпромторга России по отбору комплексных инвестиционных проектов"
    )
    since = dt.date(2014, 6, 1)
    roles = [
        ("chair@otbor.example", MemberRole.CHAIR),
        ("member1@otbor.example", MemberRole.DEPUTY),
        ("member2@otbor.example", MemberRole.MEMBER),
        ("member3@otbor.example", MemberRole.MEMBER),
        ("member4@otbor.example", MemberRole.MEMBER),
        (secretary.email, MemberRole.SECRETARY),
    ]
    members = {}
    for email, role in roles:
        user = User.objects.get(email=email)
        members[email], _ = Membership.objects.get_or_create(
            commission=commission, user=user, defaults={"role": role, "since": since}
        )
    meeting, created = Meeting.objects.get_or_create(
        call=call,
        number="1/2015",
        defaults={
            "commission": commission,
            "date": dt.date(2015, 3, 12),
            "place": "г. Москва, Китайгородский пр., д. 7, стр. 1",
        },
    )
    if not created:
        return meeting
    present = [
        members[e]
        for e in (
            "chair@otbor.example",
            "member1@otbor.example",
            "member2@otbor.example",
            "member3@otbor.example",
            secretary.email,
        )
    ]
    meeting.present.set(present)
    selectors.ensure_methodology(call)
    services.open_scoring(meeting_id=meeting.pk, by=secretary)
    apps = list(selectors.meeting_applications(meeting))
    for app in apps:
        compute_indicators(app.pk)
        # Here, not by the worker later: the demo's project pages show the risk charts at once.
        compute_risk(app.pk)
    apps = list(selectors.meeting_applications(meeting))
    methodology, _categories = selectors.methodology_of(meeting)
    voters = [m for m in present if m.votes]
    for index, app in enumerate(apps):
        statuses = selectors.statuses_of(app)
        for offset, member in enumerate(voters):
            if index == 0 and offset == len(voters) - 1:
                services.declare_conflict(
                    meeting_id=meeting.pk,
                    application_id=app.pk,
                    user=member.user,
                    reason="Ранее работал в организации-заявителе",
                )
                continue
            points = {}
            for category in methodology.categories:
                status = statuses[category.governing_indicator]
                base = min(POINTS_BY_STATUS[status], category.maximum)
                points[category.code] = max(Decimal(0), base - offset) if base else base
            finding = (
                ""
                if all(points.values())
                else "Описание проекта не соответствует требованиям по отдельным категориям"
            )
            if any(
                points[c.code] == 0 and statuses[c.governing_indicator] != "not_met"
                for c in methodology.categories
            ):
                finding = finding or "Обоснование нулевых баллов приведено в заключении"
            services.save_score(
                meeting_id=meeting.pk, application_id=app.pk, user=member.user, points=points, finding=finding
            )
    services.close_scoring(meeting_id=meeting.pk, by=secretary)
    services.record_decision(meeting_id=meeting.pk, by=secretary, text="")
    return meeting
