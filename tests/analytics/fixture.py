"""A small world whose regional figures are computed by hand in the tests' docstrings.

Call «2015 June», regions 40 (Калужская, Центральный ФО), 16 (Татарстан, Приволжский),
50 (Московская, Центральный):

=====  ======  ==========  ===========  ====  ===========  ==========  ===========
app    region  status      total_cost   jobs  subsidy      NNPV        integral
=====  ======  ==========  ===========  ====  ===========  ==========  ===========
a1     40      winner      100 000 000   50   10 M + 5 M   20 000 000  0.0002
a2     40      rejected     60 000 000   10   4 M          −5 000 000  0.0001
a3     16      not_winner  200 000 000   80   30 M         (none)      (none)
a4     50      winner       40 000 000    0   2 M          1 000 000   0.0004
draft  40      draft       999 000 000    —   —            —           — (not counted)
gone   16      withdrawn   999 000 000    —   —            —           — (not counted)
other  40      winner (another call, not counted unless chosen)
=====  ======  ==========  ===========  ====  ===========  ==========  ===========
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from calls.models import CallStatus
from reference.models import Cluster, ClusterParticipant, EmploymentFigure, EmploymentTable
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CategoryFactory,
    IndicatorResultFactory,
    MeetingFactory,
    MembershipFactory,
    MethodologyFactory,
    ModelYearFactory,
    ScoreFactory,
    ScorePointFactory,
    reference_region,
)

M = 1_000_000


def _app(call, region, status, cost, jobs, subsidies, *, okved="29.10", direction="automotive", title=""):
    app = ApplicationFactory(
        call=call,
        region_id=region,
        status=status,
        total_cost=Decimal(cost),
        jobs_created=jobs,
        jobs_high_productivity=jobs,
        okved=okved,
        priority_direction_id=direction,
        **({"title": title} if title else {}),
    )
    for offset, amount in enumerate(subsidies):
        ModelYearFactory(application=app, year=2015 + offset, subsidy=Decimal(amount))
    return app


def _result(app, nnpv, integral):
    IndicatorResultFactory(
        application=app, is_current=True, result={"budget": {"nnpv": nnpv}}, integral_indicator=integral
    )


def build_world() -> dict:
    reference_region()
    call = CallFactory(year=2015, session="june", status=CallStatus.DECIDED)
    other_call = CallFactory(year=2016, session="march")
    a1 = _app(call, "40", "winner", 100 * M, 50, [10 * M, 5 * M], okved="29.10", title="Проект А1")
    a2 = _app(call, "40", "rejected", 60 * M, 10, [4 * M], okved="20.16", direction="chemical")
    a3 = _app(call, "16", "not_winner", 200 * M, 80, [30 * M], okved="29.32", direction="chemical")
    a4 = _app(call, "50", "winner", 40 * M, 0, [2 * M], okved="21.20", direction="chemical")
    _app(call, "40", "draft", 999 * M, 1, [1 * M])
    _app(call, "16", "withdrawn", 999 * M, 1, [1 * M])
    _app(other_call, "40", "winner", 7 * M, 7, [7 * M])
    _result(a1, 20 * M, 0.0002)
    _result(a2, -5 * M, 0.0001)
    _result(a4, 1 * M, 0.0004)
    # Points: a1 scored 30 + 10 and 20 + 20 by two members (mean 40), a3 25 by one; a4's
    # scores belong to a meeting not yet decided and are not shown.
    decided = MeetingFactory(call=call, decided_at=timezone.now() - dt.timedelta(days=1))
    open_meeting = MeetingFactory(call=call)
    first, second = MembershipFactory(), MembershipFactory()
    methodology = MethodologyFactory(call=call)
    category, second_category = (
        CategoryFactory(methodology=methodology),
        CategoryFactory(methodology=methodology),
    )
    for member, points in ((first, (30, 10)), (second, (20, 20))):
        score = ScoreFactory(meeting=decided, application=a1, member=member)
        for value, which in zip(points, (category, second_category), strict=True):
            ScorePointFactory(score=score, category=which, points=Decimal(value))
    ScorePointFactory(
        score=ScoreFactory(meeting=decided, application=a3, member=first),
        category=category,
        points=Decimal(25),
    )
    ScorePointFactory(
        score=ScoreFactory(meeting=open_meeting, application=a4, member=first),
        category=category,
        points=Decimal(5),
    )
    # A cluster in region 40 with a1's and a3's organisations (and an unrelated INN).
    cluster = Cluster.objects.create(name="Калужский автомобильный кластер", region_id="40")
    cluster.specialisation.set(["29.10"])
    for inn in (a1.organisation.inn, a3.organisation.inn, "7707083893"):
        ClusterParticipant.objects.create(cluster=cluster, inn=inn)
    # Employment: Russia 1000 (C 100); region 40: 100 (C 20) → LQ 2,0; 16: 200 (C 20) → 1,0.
    table = EmploymentTable.objects.create(title="Занятость", year=2014)
    for region, section, employed in (
        (None, "", 1000),
        (None, "C", 100),
        ("40", "", 100),
        ("40", "C", 20),
        ("16", "", 200),
        ("16", "C", 20),
    ):
        EmploymentFigure.objects.create(table=table, region_id=region, section=section, employed=employed)
    return {"call": call, "other_call": other_call, "apps": (a1, a2, a3, a4), "cluster": cluster}
