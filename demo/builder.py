"""Builds the demo data set. Idempotent: every object is found by its natural key first,
so a second run changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from applications.models import Application, Document, DocumentKind, ModelYear
from applications.services.lifecycle import submit_application
from applications.services.subsidy_limits import allowed_subsidy_or_none
from calls.models import (
    MOSCOW,
    BankRate,
    Call,
    CallStatus,
    MacroScenario,
    MacroYear,
    RegionalGrp,
    Session,
    selection_date,
)
from demo.cases import VARIANTS, project_fields, series_for
from demo.clarifications import build_clarifications
from demo.commission import build_commission_demo
from demo.geography import ensure_geography_demo
from demo.identifiers import inn_for, kpp_for, ogrn_for
from engine import schema
from organisations.models import Organisation
from organisations.services import add_role
from reference import key_rates
from reference.data import PRIORITY_DIRECTIONS, REGIONS
from reference.models import OkvedCode, PriorityDirection, Region
from reference.okved import read_classifier
from reference.regions import DISTRICT_OF
from screening.services import screen_application

DEMO_PASSWORD = "otbor-demo-2026"


@dataclass
class DemoReport:
    credentials: list[tuple[str, str, str]] = field(default_factory=list)
    created: int = 0


def next_session(now: dt.datetime) -> tuple[int, str]:
    """The next session whose selection date is still ahead (2014: June only)."""
    today = timezone.localtime(now, MOSCOW).date()
    for year in (today.year, today.year + 1):
        for session in (Session.MARCH, Session.JUNE):
            if year == 2014 and session == Session.MARCH:
                continue
            if selection_date(year, session) - dt.timedelta(days=14) > today:
                return year, session
    raise AssertionError("unreachable")


def ensure_reference_data() -> None:
    """Regions and priority directions (also loaded by a data migration); idempotent."""

    Region.objects.bulk_create(
        [Region(code=c, name=n, federal_district=DISTRICT_OF.get(c, "")) for c, n in REGIONS],
        ignore_conflicts=True,
    )
    PriorityDirection.objects.bulk_create(
        [PriorityDirection(code=c, name=n, position=i) for i, (c, n) in enumerate(PRIORITY_DIRECTIONS)],
        ignore_conflicts=True,
    )
    if not OkvedCode.objects.exists():  # loaded by a migration; gone after a test's flush
        OkvedCode.objects.bulk_create(
            [OkvedCode(code=e.code, name=e.name, section=e.section) for e in read_classifier()],
            ignore_conflicts=True,
        )


def ensure_call(
    *,
    year: int,
    session: str,
    opens: dt.datetime,
    closes: dt.datetime,
    status: str,
    loan_years: tuple[int, int],
) -> tuple[Call, bool]:
    call, created = Call.objects.get_or_create(
        year=year,
        session=session,
        defaults={
            "opens_at": opens,
            "closes_at": closes,
            "status": status,
            "loan_from": dt.date(loan_years[0], 1, 1),
            "loan_to": dt.date(loan_years[1], 12, 31),
            "rate_multiple": schema.rate_multiple_for(year),
        },
    )
    if not created:
        return call, False
    call.priority_directions.set(PriorityDirection.objects.all())
    BankRate.objects.bulk_create(
        [BankRate(call=call, valid_from=day, rate=rate) for day, rate in key_rates.BANK_RATE]
    )
    macro = MacroScenario.objects.create(
        call=call,
        profit_tax_rate=0.2,
        risk_free_rate=0.095,
        market_return=0.17,
        long_term_inflation=0.04,
        ofz_yield=0.105,
        high_productivity_wage=Decimal(45000),
    )
    cpi = [1.074, 1.064, 1.055, 1.048, 1.045, 1.043, 1.041, 1.04, 1.04, 1.04]
    deflator = [1.082, 1.068, 1.057, 1.05, 1.047, 1.045, 1.043, 1.042, 1.041, 1.04]
    years = schema.forecast_years(year)
    MacroYear.objects.bulk_create(
        [
            MacroYear(scenario=macro, year=y, cpi=c, gdp_deflator=d)
            for y, c, d in zip(years, cpi, deflator, strict=True)
        ]
    )
    grp_rows = []
    for index, region in enumerate(Region.objects.order_by("code")):
        base = Decimal(300_000_000_000 + index * 37_000_000_000)
        for offset, y in enumerate([year - 1, *years]):
            grp_rows.append(
                RegionalGrp(
                    scenario=macro,
                    region=region,
                    year=y,
                    grp=(base * Decimal("1.06") ** offset).quantize(1),
                )
            )
    RegionalGrp.objects.bulk_create(grp_rows)
    return call, True


def ensure_user(
    report: DemoReport,
    *,
    email: str,
    name: str,
    role: Role,
    organisation: Organisation | None = None,
) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            full_name=name,
            organisation=organisation,
            is_staff=role != Role.APPLICANT,
            email_confirmed_at=timezone.now(),
            personal_data_consent_at=timezone.now(),
        )
        if role == Role.ADMINISTRATOR:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        add_role(user, role)
        report.created += 1
    report.credentials.append((str(role.value), email, DEMO_PASSWORD))
    return user


def ensure_organisation(seed: int, title: str, region: str) -> Organisation:
    inn = inn_for(seed)
    org, _ = Organisation.objects.get_or_create(
        inn=inn,
        defaults={
            "full_name": f"Общество с ограниченной ответственностью «{title}»",
            "short_name": f"ООО «{title}»",
            "kpp": kpp_for(inn),
            "ogrn": ogrn_for(seed),
            "region_id": region,
            "address": f"{Region.objects.get(pk=region).name}, ул. Промышленная, д. {seed}",
            "contact_name": "Иванова Мария Петровна",
            "contact_phone": "+7 495 000-00-00",
            "contact_email": f"finance{seed}@example.ru",
        },
    )
    return org


def ensure_application(
    *,
    call: Call,
    org: Organisation,
    user: User,
    title: str,
    direction: str,
    okved: str,
    region: str,
    scale: float,
    variation: str,
) -> tuple[Application, bool]:
    existing = Application.objects.filter(call=call, organisation=org).first()
    if existing:
        return existing, False
    fields = project_fields(scale, variation, call.year)
    app = Application.objects.create(
        call=call,
        organisation=org,
        created_by=user,
        title=title,
        description=f"{title}: строительство и оснащение нового производства.",
        priority_direction_id=direction if PriorityDirection.objects.filter(pk=direction).exists() else None,
        okved=okved,
        region_id=region,
        **fields,
    )
    series = series_for(scale, variation)
    ModelYear.objects.bulk_create(
        [
            ModelYear(
                application=app,
                year=year,
                **{key: Decimal(str(values[i])) for key, values in series.items()},
            )
            for i, year in enumerate(schema.forecast_years(call.year))
        ]
    )
    claim_allowed_subsidy(app)
    return app, True


def claim_allowed_subsidy(app: Application) -> None:
    """Demo applicants claim exactly what the loan's interest schedule allows."""

    allowed = allowed_subsidy_or_none(app) or {}
    rows = list(app.model_years.all())
    for row in rows:
        row.subsidy = allowed.get(row.year, Decimal(0))
    ModelYear.objects.bulk_update(rows, ["subsidy"])


def attach_business_plan(app: Application, user: User) -> None:

    if app.documents.exists():
        return
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages"
        b"/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    doc = Document(
        application=app,
        kind=DocumentKind.BUSINESS_PLAN,
        original_name="business-plan.pdf",
        content_type="application/pdf",
        size=len(pdf),
        sha256="demo",
        uploaded_by=user,
    )
    doc.file.save("business-plan.pdf", ContentFile(pdf), save=False)
    doc.save()


def build(now: dt.datetime | None = None) -> DemoReport:
    now = now or timezone.now()
    report = DemoReport()
    with transaction.atomic():
        ensure_reference_data()
        admin = ensure_user(
            report,
            email="admin@otbor.example",
            name="Администратор Системы",
            role=Role.ADMINISTRATOR,
        )
        secretary = ensure_user(
            report,
            email="secretary@otbor.example",
            name="Смирнова Елена Викторовна",
            role=Role.SECRETARY,
        )
        ensure_user(report, email="chair@otbor.example", name="Орлов Андрей Николаевич", role=Role.CHAIR)
        ensure_user(report, email="analyst@otbor.example", name="Лебедева Ольга Игоревна", role=Role.ANALYST)
        for n, name in enumerate(
            [
                "Кузнецов Павел Ильич",
                "Морозова Анна Сергеевна",
                "Волков Дмитрий Олегович",
                "Соколова Ирина Андреевна",
            ],
            1,
        ):
            ensure_user(report, email=f"member{n}@otbor.example", name=name, role=Role.MEMBER)
        past, past_created = ensure_call(
            year=2015,
            session=Session.MARCH,
            status=CallStatus.OPEN,
            opens=dt.datetime(2015, 1, 15, 9, 0, tzinfo=MOSCOW),
            closes=dt.datetime(2015, 2, 27, 18, 0, tzinfo=MOSCOW),
            loan_years=(2014, 2016),
        )
        year, session = next_session(now)
        opens = now - dt.timedelta(days=7)
        closes = dt.datetime.combine(
            selection_date(year, session) - dt.timedelta(days=14), dt.time(18, 0), tzinfo=MOSCOW
        )
        current, _ = ensure_call(
            year=year,
            session=session,
            status=CallStatus.OPEN,
            opens=opens,
            closes=closes,
            loan_years=(year - 1, year + 1),
        )
        askers: list[User] = []
        for index, (title, direction, okved, region, scale, variation) in enumerate(VARIANTS):
            org = ensure_organisation(100 + index, title, region)
            email = "applicant@otbor.example" if index == 0 else f"applicant{index}@otbor.example"
            user = ensure_user(
                report,
                email=email,
                name=f"Финансовый директор {index + 1}",
                role=Role.APPLICANT,
                organisation=org,
            )
            askers.append(user)
            app, created = ensure_application(
                call=past,
                org=org,
                user=user,
                title=title,
                direction=direction,
                okved=okved,
                region=region,
                scale=scale,
                variation=variation,
            )
            if created:
                attach_business_plan(app, user)
                submit_application(
                    application_id=app.pk,
                    user=user,
                    now=dt.datetime(2015, 2, 20, 12, 0, tzinfo=MOSCOW),
                )
                eligible = variation in {"base", "npv_negative", "multiple_irr"}
                screen_application(
                    application_id=app.pk,
                    user=secretary,
                    decision="admit" if eligible else "reject",
                    reasons="" if eligible else "Не соответствует п. 2 Методики",
                )
            if index < 3:
                ensure_application(
                    call=current,
                    org=org,
                    user=user,
                    title=f"{title} (2-я очередь)",
                    direction=direction,
                    okved=okved,
                    region=region,
                    scale=scale,
                    variation=variation,
                )
        if past_created:
            Call.objects.filter(pk=past.pk).update(status=CallStatus.CLOSED)
            past.refresh_from_db()
            build_commission_demo(call=past, secretary=secretary, admin=admin)
        build_clarifications(past=past, current=current, secretary=secretary, askers=askers, now=now)
        ensure_geography_demo(by=secretary)
    return report
