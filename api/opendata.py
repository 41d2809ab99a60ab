"""The public register of winners of decided calls (open data): from each meeting's
current protocol version (the decision as frozen, never recomputed), joined with the
applicants' INN and region and the subsidy of the submitted case."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from applications.models import Application, ApplicationVersion
from calls.models import Call, CallStatus
from commission.domain import DECISION_WINNER
from commission.models import ProtocolVersion

CENTS = Decimal("0.01")
PUBLISHED_STATUSES = (CallStatus.DECIDED, CallStatus.ARCHIVED)

CSV_COLUMNS = (
    ("registration_number", "Регистрационный номер"),
    ("organisation", "Организация"),
    ("inn", "ИНН"),
    ("region", "Код субъекта РФ"),
    ("region_name", "Субъект РФ"),
    ("project", "Проект"),
    ("total_cost", "Полная стоимость проекта, руб."),
    ("subsidy", "Планируемая субсидия, руб."),
    ("total_points", "Итоговый балл"),
)


@dataclass(frozen=True)
class Winner:
    registration_number: str
    organisation: str
    inn: str
    region: str
    region_name: str
    project: str
    total_cost: Decimal
    subsidy: Decimal
    total_points: Decimal | None


@dataclass(frozen=True)
class WinnersRegister:
    call: int
    call_title: str
    protocol_number: str
    protocol_date: str
    winners: list[Winner]


def decided_calls() -> QuerySet[Call]:
    """Calls whose decision is public: decided or archived, with a stored protocol."""
    return (
        Call.objects.filter(status__in=PUBLISHED_STATUSES, meetings__protocol_versions__superseded=False)
        .distinct()
        .order_by("-year", "session")
    )


def winners_register(call: Call) -> WinnersRegister | None:
    """The call's register from its latest decided meeting's current protocol; None if none.
    Three queries whatever the number of winners."""
    version = (
        ProtocolVersion.objects.filter(meeting__call=call, superseded=False)
        .select_related("meeting")
        .order_by("-meeting__date", "-pk")
        .first()
    )
    if version is None:
        return None
    rows = [row for row in version.data.get("rows", []) if row.get("decision") == DECISION_WINNER]
    numbers = [row["registration_number"] for row in rows]
    apps = {
        app.registration_number: app
        for app in Application.objects.filter(call=call, registration_number__in=numbers).select_related(
            "organisation", "region"
        )
    }
    subsidies = _submitted_subsidies([app.pk for app in apps.values()])
    winners = []
    for row in rows:
        app = apps.get(row["registration_number"])
        if app is None:
            continue
        winners.append(
            Winner(
                registration_number=row["registration_number"],
                organisation=row.get("applicant") or app.organisation.full_name,
                inn=app.organisation.inn,
                region=app.region_id or "",
                region_name=app.region.name if app.region else "",
                project=row.get("project_title") or app.title,
                total_cost=Decimal(row.get("total_cost") or app.total_cost or 0).quantize(CENTS),
                subsidy=subsidies.get(app.pk, Decimal(0)),
                total_points=Decimal(row["total"]).quantize(CENTS) if row.get("total") is not None else None,
            )
        )
    return WinnersRegister(
        call=call.pk,
        call_title=str(call.title),
        protocol_number=version.meeting.number,
        protocol_date=version.meeting.date.isoformat(),
        winners=winners,
    )


def _submitted_subsidies(application_ids: list[int]) -> dict[int, Decimal]:
    """The planned subsidy over all years of each application's latest submitted case."""
    latest: dict[int, Decimal] = {}
    for app_id, case in (
        ApplicationVersion.objects.filter(application_id__in=application_ids)
        .order_by("application_id", "number")
        .values_list("application_id", "case")
    ):
        series = (case or {}).get("project", {}).get("series", {}).get("subsidy", [])
        latest[app_id] = sum((Decimal(str(v)) for v in series), Decimal(0)).quantize(CENTS)
    return latest


def winners_csv(register: WinnersRegister) -> str:
    """The register as CSV (UTF-8, comma-separated, a header row in Russian; decimals with a dot)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _key, label in CSV_COLUMNS])
    for winner in register.winners:
        writer.writerow([_cell(getattr(winner, key)) for key, _label in CSV_COLUMNS])
    return out.getvalue()


def _cell(value: object) -> str:
    """A CSV cell; text a spreadsheet would read as a formula is prefixed with an apostrophe."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text
