"""Reads of the commission's data for a given user and meeting, in a fixed number of
queries whatever the number of applications."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, FloatField, Max, OuterRef, Prefetch, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from applications.models import Application, ApplicationStatus, ApplicationVersion
from commission import domain
from commission.models import (
    Category,
    Meeting,
    MemberRole,
    Membership,
    Methodology,
    Recusal,
    Score,
    ScorePoint,
    ScoringState,
)
from scoring.models import IndicatorResult

SCORED_STATUSES = [
    ApplicationStatus.ADMITTED,
    ApplicationStatus.SCORED,
    ApplicationStatus.WINNER,
    ApplicationStatus.NOT_WINNER,
]


def ensure_methodology(call) -> Methodology:
    """The call's methodology; Order 781's is created on first use."""
    methodology, created = Methodology.objects.get_or_create(
        call=call, defaults={"threshold": domain.ORDER_781.threshold}
    )
    if created:
        Category.objects.bulk_create(
            [
                Category(
                    methodology=methodology,
                    code=c.code,
                    name=c.name,
                    maximum=c.maximum,
                    governing_indicator=c.governing_indicator,
                    position=i,
                )
                for i, c in enumerate(domain.ORDER_781.categories)
            ]
        )
    return methodology


def methodology_of(meeting: Meeting) -> tuple[domain.Methodology, list[Category]]:
    row = ensure_methodology(meeting.call)
    categories = list(row.categories.all())
    return domain.Methodology(
        categories=tuple(
            domain.Category(c.code, c.name, c.maximum, c.governing_indicator) for c in categories
        ),
        threshold=row.threshold,
    ), categories


def membership_of(user, meeting: Meeting) -> Membership | None:
    """The user's membership of the meeting's commission, in force on the meeting date."""
    for m in meeting.commission.memberships.filter(user=user).order_by("-since"):
        if m.since <= meeting.date and (m.until is None or m.until >= meeting.date):
            return m
    return None


def can_score(meeting: Meeting, member: Membership | None) -> bool:
    """Whether the score forms are shown to ``member`` (membership_of the user): a voting
    member marked present while the round is open. services.save_score and
    declare_conflict check the same under the meeting's lock."""
    return (
        member is not None
        and member.votes
        and meeting.scoring_state == ScoringState.OPEN
        and meeting.present.filter(pk=member.pk).exists()
    )


def voting_members(meeting: Meeting) -> list[Membership]:
    return [
        m
        for m in meeting.commission.memberships.select_related("user")
        if m.votes and m.since <= meeting.date and (m.until is None or m.until >= meeting.date)
    ]


def quorum(meeting: Meeting) -> tuple[int, int, bool]:
    voting = voting_members(meeting)
    present_ids = set(meeting.present.values_list("pk", flat=True))
    present = sum(1 for m in voting if m.pk in present_ids)
    return present, len(voting), domain.has_quorum(present, len(voting))


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """The secretary (``commission.manage_scoring``): every meeting; anyone else: the
    meetings of the commissions they sit on. The rule ``commission.view_meeting`` as a
    query (commission/rules.py)."""
    qs = Meeting.objects.select_related("call", "commission")
    if user.has_perm("commission.manage_scoring"):
        return qs
    return qs.filter(commission__memberships__user=user).distinct()


def meeting_applications(meeting: Meeting, *, indicators: bool = True) -> QuerySet[Application]:
    """The applications the meeting scores, in registration order, with their current
    indicator columns (not the full JSON result: 1,000 of those are megabytes to decode)."""
    qs = (
        Application.objects.filter(call_id=meeting.call_id, status__in=SCORED_STATUSES)
        .select_related("organisation")
        .order_by("registration_number")
    )
    if indicators:
        qs = qs.prefetch_related(
            Prefetch(
                "indicator_results",
                queryset=IndicatorResult.objects.filter(is_current=True)
                .defer("result", "risk")
                .annotate(
                    probability_npv_positive=Cast(
                        KT("risk__monte_carlo__probability_npv_positive"), FloatField()
                    )
                ),
                to_attr="current_results",
            )
        )
    return qs


def statuses_of(app: Application) -> dict[str, str]:
    """The computed statuses that govern п. 12; undetermined when nothing is computed."""
    result = app.current_results[0] if getattr(app, "current_results", None) else None
    if result is None or not result.financial_status:
        return {k: "undetermined" for k in domain.GOVERNING_INDICATORS}
    return {
        "financial": result.financial_status,
        "budget": result.budget_status,
        "socio_economic": result.socio_economic_status,
    }


@dataclass(frozen=True)
class RecusalRow:
    member_id: int
    member_name: str
    reason: str


@dataclass(frozen=True)
class MeetingResults:
    rows: list[tuple[Application, domain.ApplicationResult, int | None]]
    scores: dict[int, list[domain.MemberScore]]
    recusals: dict[int, list[RecusalRow]]
    methodology: domain.Methodology


def meeting_results(meeting: Meeting) -> MeetingResults:
    """п. 13–14 for every application of the meeting, ranked. A fixed number of queries,
    and plain rows instead of model instances: 1,000 applications × 15 members are
    60,000 points, which as ORM objects cost seconds."""
    methodology, categories = methodology_of(meeting)
    code_of = {c.pk: c.code for c in categories}
    apps = list(meeting_applications(meeting))
    points: dict[int, dict[str, object]] = defaultdict(dict)
    for score_id, category_id, value in ScorePoint.objects.filter(score__meeting=meeting).values_list(
        "score_id", "category_id", "points"
    ):
        points[score_id][code_of[category_id]] = value
    scores: dict[int, list[domain.MemberScore]] = defaultdict(list)
    voters: dict[int, domain.Voter] = {}
    for score_id, app_id, member_id, name, finding, role, since, until, present in _scores_with_voters(
        meeting
    ).values_list(
        "pk",
        "application_id",
        "member_id",
        "member__user__full_name",
        "finding",
        "member__role",
        "member__since",
        "member__until",
        "member_present",
    ):
        voters[member_id] = domain.Voter(
            role=role, present=present, in_force=_in_force(since, until, meeting.date)
        )
        scores[app_id].append(
            domain.MemberScore(
                member_id=member_id, member_name=name, points=points[score_id], finding=finding
            )
        )
    scores = defaultdict(
        list, {app_id: domain.eligible_scores(given, voters) for app_id, given in scores.items()}
    )
    recusals: dict[int, list[RecusalRow]] = defaultdict(list)
    for app_id, member_id, name, reason in (
        Recusal.objects.filter(meeting=meeting)
        .order_by("pk")
        .values_list("application_id", "member_id", "member__user__full_name", "reason")
    ):
        recusals[app_id].append(RecusalRow(member_id, name, reason))
    results = {
        app.pk: domain.aggregate(
            domain.ApplicationScores(
                application_id=app.pk,
                recused_member_ids=frozenset(r.member_id for r in recusals[app.pk]),
                scores=scores[app.pk],
            ),
            methodology,
        )
        for app in apps
    }
    ranks = {r.result.application_id: r.rank for r in domain.rank(results.values())}
    rows = sorted(
        ((app, results[app.pk], ranks.get(app.pk)) for app in apps),
        key=lambda row: (row[2] is None, row[2] or 0, row[0].registration_number),
    )
    return MeetingResults(rows=rows, scores=scores, recusals=recusals, methodology=methodology)


def _scores_with_voters(meeting: Meeting) -> QuerySet[Score]:
    """The meeting's scores, each with whether its member is marked present (one query)."""
    attended = Meeting.present.through.objects.filter(
        meeting_id=meeting.pk, membership_id=OuterRef("member_id")
    )
    return Score.objects.filter(meeting=meeting).annotate(member_present=Exists(attended)).order_by("pk")


def _in_force(since, until, on) -> bool:
    return since <= on and (until is None or until >= on)


def eligible_member_ids(meeting: Meeting) -> set[int]:
    """The memberships whose scores count at this meeting: voting, in force, present."""
    return {
        m.pk
        for m in meeting.present.all()
        if domain.counts(
            domain.Voter(role=m.role, present=True, in_force=_in_force(m.since, m.until, meeting.date))
        )
    }


def submitted_organisation_names(application_ids: list[int]) -> dict[int, str]:
    """Each application's organisation name as frozen in its latest submitted version
    (one query)."""
    names: dict[int, str] = {}
    for app_id, name in (
        ApplicationVersion.objects.filter(application_id__in=application_ids)
        .order_by("application_id", "number")
        .values_list("application_id", KT("snapshot__organisation__full_name"))
    ):
        if name:
            names[app_id] = name
    return names


def scoring_progress(meeting: Meeting, application_ids: list[int]) -> dict[int, dict[int, str]]:
    """Who has scored or recused which of these applications — for the secretary while
    scoring is open (no points)."""
    progress: dict[int, dict[int, str]] = defaultdict(dict)
    for app_id, member_id in Score.objects.filter(
        meeting=meeting, application_id__in=application_ids
    ).values_list("application_id", "member_id"):
        progress[app_id][member_id] = "scored"
    for app_id, member_id in Recusal.objects.filter(
        meeting=meeting, application_id__in=application_ids
    ).values_list("application_id", "member_id"):
        progress[app_id][member_id] = "recused"
    return progress


def can_see_points(user, meeting: Meeting) -> bool:
    """Blind scoring: everyone's points only once the secretary has closed scoring."""
    return meeting.scoring_state in (ScoringState.CLOSED, ScoringState.DECIDED)


def chair_and_secretary(meeting: Meeting) -> tuple[str, str]:
    chair = secretary = ""
    for m in meeting.commission.memberships.select_related("user"):
        if m.role == MemberRole.CHAIR and not chair:
            chair = m.user.full_name
        if m.role == MemberRole.SECRETARY and not secretary:
            secretary = m.user.full_name
    return chair, secretary


def results_version(meeting: Meeting) -> str:
    """Changes whenever anything meeting_results reads changes: scores (every save bumps
    updated_at), recusals, the applications' statuses and indicators, the methodology."""
    attended = Meeting.present.through.objects.filter(
        meeting_id=meeting.pk, membership_id=OuterRef("member_id")
    )
    # Which scores count follows attendance and roles: counted in the same query.
    scores = Score.objects.filter(meeting=meeting).aggregate(
        n=Count("pk"),
        last=Max("updated_at"),
        eligible=Count(
            "pk",
            filter=Q(Exists(attended), member__role__in=domain.VOTING_ROLES, member__since__lte=meeting.date)
            & (Q(member__until__isnull=True) | Q(member__until__gte=meeting.date)),
        ),
    )
    recusals = Recusal.objects.filter(meeting=meeting).aggregate(n=Count("pk"), last=Max("declared_at"))
    apps = Application.objects.filter(call_id=meeting.call_id).aggregate(
        n=Count("pk"), last=Max("updated_at"), computed=Max("indicator_results__computed_at")
    )
    methodology = (
        Methodology.objects.filter(call_id=meeting.call_id).values_list("threshold", flat=True).first()
    )
    categories = list(
        Category.objects.filter(methodology__call_id=meeting.call_id)
        .order_by("pk")
        .values_list("code", "maximum", "governing_indicator")
    )
    return repr((meeting.scoring_state, scores, recusals, apps, methodology, categories))


def results_digest(meeting: Meeting) -> str:
    """A key for anything rendered from meeting_results: it changes with results_version
    and differs between databases sharing one cache."""
    version = f"{connection.settings_dict['NAME']}:{meeting.pk}:{results_version(meeting)}"
    return hashlib.sha256(version.encode()).hexdigest()


_RESULTS_CACHE: OrderedDict[str, MeetingResults] = OrderedDict()
_RESULTS_LOCK = threading.Lock()
_RESULTS_KEPT = 8


def meeting_results_cached(meeting: Meeting, digest: str | None = None) -> MeetingResults:
    """meeting_results, reused across requests of this process while nothing it reads has
    changed (the results page of a 1,000-application meeting is opened again and again).
    In-process (the results hold read-only mappings that do not pickle), a few meetings;
    what is rendered from them is shared between processes through the cache."""
    key = digest or results_digest(meeting)
    with _RESULTS_LOCK:
        if key in _RESULTS_CACHE:
            _RESULTS_CACHE.move_to_end(key)
            return _RESULTS_CACHE[key]
    results = meeting_results(meeting)
    with _RESULTS_LOCK:
        _RESULTS_CACHE[key] = results
        while len(_RESULTS_CACHE) > _RESULTS_KEPT:
            _RESULTS_CACHE.popitem(last=False)
    return results


def forget_cached_results() -> None:
    with _RESULTS_LOCK:
        _RESULTS_CACHE.clear()
