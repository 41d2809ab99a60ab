"""The regional view's figures, summed in SQL: one grouped query per source table.

Only submitted applications count (never drafts or withdrawn ones), and points only from
meetings whose decision is recorded, so nobody reads a round still in progress here.
Everything is summed by region in the database; districts and the totals are sums of the
85 (at most) region rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, FloatField, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from analytics.metrics import METRICS
from applications.models import Application, ApplicationStatus, ModelYear
from applications.rules import NOT_SUBMITTED
from commission.models import Score
from reference.geography import Quotients, location_quotients, section_of
from reference.models import Cluster, FederalDistrict, OkvedCode, Region
from scoring.models import IndicatorResult

ADMITTED = (
    ApplicationStatus.ADMITTED,
    ApplicationStatus.SCORED,
    ApplicationStatus.WINNER,
    ApplicationStatus.NOT_WINNER,
)
SUMMED = tuple(m.key for m in METRICS if m.key != "integral")


@dataclass(frozen=True)
class Filters:
    call_ids: tuple[int, ...] = ()
    direction: str = ""
    okved: str = ""


@dataclass
class Row:
    """One line of the table: a region, a district or the total. ``values``: metric → number
    (Decimal for money and counts, float for NNPV and the integral indicator)."""

    key: str
    name: str
    district: str = ""
    values: dict[str, Decimal | float | int | None] = field(default_factory=dict)
    integral_count: int = 0
    lq: float | None = None

    def add(self, other: Row) -> None:
        for key in SUMMED:
            mine, theirs = self.values.get(key), other.values.get(key)
            if theirs is not None:
                self.values[key] = theirs if mine is None else mine + theirs  # type: ignore[operator]
        count = self.integral_count + other.integral_count
        mine_avg, their_avg = self.values.get("integral"), other.values.get("integral")
        if count and (mine_avg is not None or their_avg is not None):
            total = float(mine_avg or 0) * self.integral_count + float(their_avg or 0) * other.integral_count
            self.values["integral"] = total / count
        self.integral_count = count


@dataclass
class RegionalView:
    regions: list[Row]  # every subject, in code order
    districts: list[Row]
    total: Row
    clusters: list[Row]
    points: list[float]
    section: str
    quotients: Quotients


def submitted_applications(filters: Filters) -> QuerySet[Application]:
    """The submitted applications of the chosen calls, direction and OKVED (a section
    letter, a grouping such as «29» or «29.1», or a full code)."""
    apps = Application.objects.exclude(status__in=NOT_SUBMITTED).filter(call_id__in=filters.call_ids)
    if filters.direction:
        apps = apps.filter(priority_direction_id=filters.direction)
    code = filters.okved.strip()
    if len(code) == 1 and code.isalpha():
        codes = OkvedCode.objects.filter(section=code.upper()).values("code")
        apps = apps.filter(okved__in=codes)
    elif code:
        # The classifier is hierarchical by prefix: group 28.1 holds 28.11 … 28.15.
        apps = apps.filter(okved__startswith=code)
    return apps


def _money_by(apps: QuerySet[Application], group: str) -> dict[object, dict[str, object]]:
    """Counts, investment and jobs per ``group`` (a field of Application)."""
    rows = apps.values(group).annotate(
        applications=Count("id"),
        admitted=Count("id", filter=Q(status__in=ADMITTED)),
        winners=Count("id", filter=Q(status=ApplicationStatus.WINNER)),
        investment=Sum("total_cost"),
        jobs=Sum("jobs_high_productivity"),
    )
    return {row[group]: row for row in rows}


def _subsidy_by(apps: QuerySet[Application], group: str) -> dict[object, dict[str, object]]:
    """Planned subsidy over the model years: claimed by all, granted to the winners."""
    rows = (
        ModelYear.objects.filter(application__in=apps)
        .values(key=F(f"application__{group}"))
        .annotate(
            requested=Sum("subsidy"),
            granted=Sum("subsidy", filter=Q(application__status=ApplicationStatus.WINNER)),
        )
    )
    return {row["key"]: row for row in rows}


def _effects_by(apps: QuerySet[Application], group: str) -> dict[object, dict[str, object]]:
    """The budget effect (NNPV, from the stored result) and the integral GRP indicator."""
    rows = (
        IndicatorResult.objects.filter(application__in=apps, is_current=True, state="done")
        .values(key=F(f"application__{group}"))
        .annotate(
            nnpv=Sum(Cast(KT("result__budget__nnpv"), FloatField())),
            integral=Avg("integral_indicator"),
            integral_count=Count("integral_indicator"),
        )
    )
    return {row["key"]: row for row in rows}


def _row(key: str, name: str, money: dict, subsidy: dict, effects: dict, district: str = "") -> Row:
    row = Row(key=key, name=name, district=district)
    row.values = {
        "applications": money.get("applications", 0),
        "admitted": money.get("admitted", 0),
        "winners": money.get("winners", 0),
        "investment": money.get("investment") or Decimal(0),
        "subsidy_requested": subsidy.get("requested") or Decimal(0),
        "subsidy_granted": subsidy.get("granted") or Decimal(0),
        "jobs": money.get("jobs") or 0,
        "nnpv": effects.get("nnpv"),
        "integral": effects.get("integral"),
    }
    row.integral_count = effects.get("integral_count") or 0
    return row


def regional_view(filters: Filters) -> RegionalView:
    """Every figure of the page for ``filters``, in a fixed number of queries."""
    apps = submitted_applications(filters)
    money, subsidy, effects = (fn(apps, "region_id") for fn in (_money_by, _subsidy_by, _effects_by))
    section = section_of(filters.okved) if filters.okved.strip() else ""
    quotients = location_quotients() if section else Quotients(table=None)
    regions = []
    for region in Region.objects.order_by("code"):
        row = _row(
            region.code,
            region.name,
            money.get(region.code, {}),
            subsidy.get(region.code, {}),
            effects.get(region.code, {}),
            region.federal_district,
        )
        row.lq = quotients.of(section, region.code) if section else None
        regions.append(row)
    districts = {value: Row(key=value, name=str(label)) for value, label in FederalDistrict.choices}
    total = Row(key="total", name="")
    for row in regions:
        if row.district in districts:
            districts[row.district].add(row)
        total.add(row)
    return RegionalView(
        regions=regions,
        districts=list(districts.values()),
        total=total,
        clusters=cluster_rows(apps),
        points=points_of(apps),
        section=section,
        quotients=quotients,
    )


def cluster_rows(apps: QuerySet[Application]) -> list[Row]:
    """Projects and money per cluster, an application counting for every cluster its
    organisation takes part in (matched by INN). Grouped by INN in SQL, then summed over
    the clusters' participants."""
    money, subsidy, effects = (fn(apps, "organisation__inn") for fn in (_money_by, _subsidy_by, _effects_by))
    clusters = list(Cluster.objects.select_related("region").prefetch_related("participants"))
    rows = []
    for cluster in clusters:
        row = Row(key=str(cluster.pk), name=cluster.name, district=cluster.region.name)
        row.values = _row("", "", {}, {}, {}).values
        for participant in cluster.participants.all():
            if participant.inn in money:
                inn = participant.inn
                row.add(_row(inn, "", money[inn], subsidy.get(inn, {}), effects.get(inn, {})))
        rows.append(row)
    return rows


def points_of(apps: QuerySet[Application]) -> list[float]:
    """Each application's points (the mean over the members who scored it) in meetings
    whose decision is recorded."""
    rows = (
        Score.objects.filter(application__in=apps, meeting__decided_at__isnull=False)
        .values("application_id")
        .annotate(total=Sum("points__points"), voters=Count("id", distinct=True))
    )
    return [float(row["total"]) / row["voters"] for row in rows if row["total"] is not None and row["voters"]]


def by_district(rows: Iterable[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.district].append(row)
    return grouped
