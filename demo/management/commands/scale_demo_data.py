"""Scales the demo up for the web benchmark (``make bench-web``).

Run after ``load_demo_data``. In one transaction, with ``bulk_create`` throughout, adds a
closed call "2016, March" holding ``--applications`` admitted applications of as many new
organisations (each with its applicant user, a ten-year model, a business plan, the
submitted version, the timeline and indicators computed by the batch engine in one
call), a draft of each organisation in the demo's open call, a commission of
``--members`` voting members plus the demo secretary, and two meetings of that call:

* ``1/2016`` with scoring open and about ``--scored-share`` of the (application, member)
  pairs scored — the members' scoring page and the secretary's progress grid;
* ``2/2016`` with scoring closed and every pair scored — the ranked results and the
  protocol exports.

Idempotent: when the scaled call already has applications, nothing is changed. Users
sign in with the demo password; applicants are ``applicant-scale-0001@otbor.example``…,
members ``member-scale-01@otbor.example``… (``member-scale-01`` chairs).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from applications.models import (
    Application,
    ApplicationStatus,
    ApplicationVersion,
    Document,
    DocumentKind,
    ModelYear,
    StatusEvent,
)
from applications.services.cases import call_section, project_section
from calls.models import MOSCOW, Call, CallStatus, Session
from commission import selectors as commission_selectors
from commission import services as commission_services
from commission.models import Commission, Meeting, MemberRole, Membership, Recusal, Score, ScorePoint
from demo.builder import DEMO_PASSWORD, ensure_call
from demo.cases import VARIANTS, project_fields, series_for
from demo.identifiers import inn_for, kpp_for, ogrn_for
from engine import case_hash
from engine.case import CASE_FORMAT
from engine.schema import forecast_years
from organisations.models import Organisation
from reference.models import Region
from scoring.chunks import store_cases
from scoring.services import CHUNK_SIZE

YEAR, SESSION = 2016, Session.MARCH
SUBMITTED_AT = dt.datetime(2016, 2, 20, 12, 0, tzinfo=MOSCOW)
SEED_BASE = 20_000
# Variations the secretary admits in the demo: eligible ones, plus the two instructive
# cases (negative NPV, several IRR roots); scale varies the project's size.
ADMITTED_VARIANTS = [v for v in VARIANTS if v[5] in {"base", "npv_negative", "multiple_irr"}]
SCALES = (0.5, 0.7, 0.9, 1.0, 1.2, 1.5)
POINTS_BY_STATUS = {"met": Decimal(30), "undetermined": Decimal(15), "not_met": Decimal(0)}
BUSINESS_PLAN = "applications/scale/business-plan.pdf"
BATCH = 2000


@dataclass
class Scaled:
    call: Call
    apps: list[Application]
    members: list[Membership]
    secretary: User


class Command(BaseCommand):
    help = "Масштабирует демо-данные для нагрузочного теста (после load_demo_data)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--applications", type=int, default=1000)
        parser.add_argument("--members", type=int, default=15)
        parser.add_argument(
            "--scored-share",
            type=float,
            default=0.6,
            help="share of (application, member) pairs scored in the open meeting",
        )

    def handle(self, *args, applications: int, members: int, scored_share: float, **options) -> None:
        secretary = User.objects.filter(email="secretary@otbor.example").first()
        if secretary is None:
            raise CommandError("Сначала выполните load_demo_data.")
        if Application.objects.filter(call__year=YEAR, call__session=SESSION).exists():
            self.stdout.write("Масштабные данные уже загружены, ничего не изменено.")
            return
        started = timezone.now()
        with transaction.atomic():
            scaled = build_scaled(applications, members, secretary)
            build_meetings(scaled, scored_share)
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                f"Добавлено {applications} допущенных заявок, {applications} черновиков, "
                f"{members} членов комиссии, 2 заседания за {seconds:.1f} с."
            )
        )


def build_scaled(count: int, member_count: int, secretary: User) -> Scaled:
    call, _created = ensure_call(
        year=YEAR,
        session=SESSION,
        status=CallStatus.CLOSED,
        opens=dt.datetime(2016, 1, 15, 9, 0, tzinfo=MOSCOW),
        closes=dt.datetime(2016, 2, 26, 18, 0, tzinfo=MOSCOW),
        loan_years=(2015, 2017),
    )
    password = make_password(DEMO_PASSWORD)
    regions = list(Region.objects.order_by("code").values_list("code", flat=True))
    orgs = create_organisations(count, regions)
    users = create_users(
        [
            (f"applicant-scale-{i + 1:04d}@otbor.example", f"Финансовый директор {i + 1}", org)
            for i, org in enumerate(orgs)
        ],
        password,
        Role.APPLICANT,
    )
    apps = create_applications(call, orgs, users, submitted=True)
    open_call = Call.objects.filter(status=CallStatus.OPEN).order_by("-closes_at").first()
    if open_call is not None:
        create_applications(open_call, orgs, users, submitted=False)
    attach_documents(apps, users)
    record_submission(call, apps, users, secretary)
    compute_indicators_in_batch(call, apps)
    member_users = create_users(
        [
            (f"member-scale-{i + 1:02d}@otbor.example", f"Член комиссии {i + 1}", None)
            for i in range(member_count)
        ],
        password,
        Role.MEMBER,
    )
    add_group(member_users[:1], Role.CHAIR)
    commission = Commission.objects.create(name="Комиссия по отбору (масштабный стенд)")
    roles = [MemberRole.CHAIR, MemberRole.DEPUTY] + [MemberRole.MEMBER] * member_count
    members = Membership.objects.bulk_create(
        [
            Membership(commission=commission, user=user, role=role, since=dt.date(2015, 6, 1))
            for user, role in zip(member_users, roles)
        ]
        + [
            Membership(
                commission=commission, user=secretary, role=MemberRole.SECRETARY, since=dt.date(2015, 6, 1)
            )
        ]
    )
    return Scaled(call=call, apps=apps, members=members, secretary=secretary)


def create_organisations(count: int, regions: list[str]) -> list[Organisation]:
    rows = []
    for i in range(count):
        seed = SEED_BASE + i
        inn = inn_for(seed)
        rows.append(
            Organisation(
                full_name=f"Общество с ограниченной ответственностью «Предприятие {i + 1}»",
                short_name=f"ООО «Предприятие {i + 1}»",
                inn=inn,
                kpp=kpp_for(inn),
                ogrn=ogrn_for(seed),
                region_id=regions[i % len(regions)],
                address=f"ул. Промышленная, д. {i + 1}",
                contact_name="Иванова Мария Петровна",
                contact_phone="+7 495 000-00-00",
                contact_email=f"finance-scale{i + 1}@example.ru",
            )
        )
    return Organisation.objects.bulk_create(rows, batch_size=BATCH)


def create_users(rows: list[tuple[str, str, Organisation | None]], password: str, role: Role) -> list[User]:
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                email=email,
                full_name=name,
                organisation=org,
                password=password,
                is_staff=role != Role.APPLICANT,
                email_confirmed_at=now,
                personal_data_consent_at=now,
            )
            for email, name, org in rows
        ],
        batch_size=BATCH,
    )
    add_group(users, role)
    return users


def add_group(users: list[User], role: Role) -> None:
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
    through = User.groups.through
    through.objects.bulk_create([through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=BATCH)


def variant_of(index: int) -> tuple[str, str, str, float, str]:
    title, direction, okved, _region, _scale, variation = ADMITTED_VARIANTS[index % len(ADMITTED_VARIANTS)]
    return title, direction, okved, SCALES[index % len(SCALES)], variation


def create_applications(
    call: Call, orgs: list[Organisation], users: list[User], *, submitted: bool
) -> list[Application]:
    directions = set(call.priority_directions.values_list("code", flat=True))
    apps, series = [], []
    for i, (org, user) in enumerate(zip(orgs, users)):
        title, direction, okved, scale, variation = variant_of(i)
        app = Application(
            call=call,
            organisation=org,
            created_by=user,
            title=f"{title} № {i + 1}",
            description=f"{title}: строительство и оснащение нового производства.",
            priority_direction_id=direction if direction in directions else None,
            okved=okved,
            region_id=org.region_id,
            **project_fields(scale, variation, call.year),
        )
        if submitted:
            app.status = ApplicationStatus.ADMITTED
            app.submitted_at = SUBMITTED_AT
            app.registration_number = f"{call.year}-{call.letter}-{i + 1:04d}"
        apps.append(app)
        series.append(series_for(scale, variation))
    apps = Application.objects.bulk_create(apps, batch_size=BATCH)
    ModelYear.objects.bulk_create(
        [
            ModelYear(
                application=app, year=year, **{key: Decimal(str(values[i])) for key, values in s.items()}
            )
            for app, s in zip(apps, series)
            for i, year in enumerate(forecast_years(call.year))
        ],
        batch_size=BATCH,
    )
    for app, s in zip(apps, series):
        app.demo_series = s  # kept for the case built below, not stored
    return apps


def attach_documents(apps: list[Application], users: list[User]) -> None:
    """One business plan per application; all rows point at one stored file."""
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    path = settings.MEDIA_ROOT / BUSINESS_PLAN
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    Document.objects.bulk_create(
        [
            Document(
                application=app,
                kind=DocumentKind.BUSINESS_PLAN,
                file=BUSINESS_PLAN,
                original_name="business-plan.pdf",
                content_type="application/pdf",
                size=len(pdf),
                sha256="scale",
                uploaded_by=user,
            )
            for app, user in zip(apps, users)
        ],
        batch_size=BATCH,
    )


def record_submission(call: Call, apps: list[Application], users: list[User], secretary: User) -> None:
    """The submitted version (case and snapshot) and the timeline of every application."""
    sections: dict[str, dict] = {}
    years = forecast_years(call.year)
    versions, events = [], []
    for app, user in zip(apps, users):
        if app.region_id not in sections:
            sections[app.region_id] = call_section(call, years=years, region_code=app.region_id)
        case = {
            "format": CASE_FORMAT,
            "years": years,
            "call": sections[app.region_id],
            "project": project_section(app, app.demo_series),
        }
        app.demo_case = case
        versions.append(
            ApplicationVersion(
                application=app,
                number=1,
                case=case,
                case_hash=case_hash(case),
                snapshot={"organisation": {"inn": app.organisation.inn}, "documents": []},
            )
        )
        events += [
            StatusEvent(
                application=app,
                from_status=ApplicationStatus.DRAFT,
                to_status=ApplicationStatus.SUBMITTED,
                by=user,
                note=f"Регистрационный номер {app.registration_number}",
            ),
            StatusEvent(
                application=app,
                from_status=ApplicationStatus.SUBMITTED,
                to_status=ApplicationStatus.ADMITTED,
                by=secretary,
            ),
        ]
    ApplicationVersion.objects.bulk_create(versions, batch_size=BATCH)
    StatusEvent.objects.bulk_create(events, batch_size=BATCH)


def compute_indicators_in_batch(call: Call, apps: list[Application]) -> None:
    """What a recompute stores for each application: the chunk path of scoring (one engine
    call per chunk, rows stored in bulk and current)."""
    for start in range(0, len(apps), CHUNK_SIZE):
        store_cases([(app, app.demo_case) for app in apps[start : start + CHUNK_SIZE]])


def build_meetings(scaled: Scaled, scored_share: float) -> None:
    voters = [m for m in scaled.members if m.votes]
    meetings = []
    for number, share in (("1/2016", scored_share), ("2/2016", 1.0)):
        meeting = Meeting.objects.create(
            call=scaled.call,
            commission=voters[0].commission,
            number=number,
            date=dt.date(2016, 3, 10),
            place="г. Москва, Китайгородский пр., д. 7, стр. 1",
        )
        meeting.present.set(scaled.members)
        commission_services.open_scoring(meeting_id=meeting.pk, by=scaled.secretary)
        score_meeting(meeting, scaled.apps, voters, share)
        meetings.append(meeting)
    commission_services.close_scoring(meeting_id=meetings[1].pk, by=scaled.secretary)


def score_meeting(meeting: Meeting, apps: list[Application], voters: list[Membership], share: float) -> None:
    """Scores by the п. 12 rules of each application's statuses; about 1 % recusals."""
    rng = random.Random(meeting.number)
    _methodology, categories = commission_selectors.methodology_of(meeting)
    statuses = {
        app.pk: commission_selectors.statuses_of(app)
        for app in commission_selectors.meeting_applications(meeting)
    }
    scores, points, recusals = [], [], []
    for app in apps:
        for offset, member in enumerate(voters):
            if rng.random() < 0.01:
                recusals.append(
                    Recusal(
                        meeting=meeting,
                        application=app,
                        member=member,
                        reason="Ранее работал в организации-заявителе",
                    )
                )
                continue
            if rng.random() >= share:
                continue
            score = Score(meeting=meeting, application=app, member=member)
            scores.append(score)
            for category in categories:
                base = min(POINTS_BY_STATUS[statuses[app.pk][category.governing_indicator]], category.maximum)
                value = max(Decimal(1), base - offset % 5) if base else base
                points.append((score, category, value))
    Recusal.objects.bulk_create(recusals, batch_size=BATCH)
    Score.objects.bulk_create(scores, batch_size=BATCH)
    ScorePoint.objects.bulk_create(
        [
            ScorePoint(score=score, category=category, points=value, maximum=category.maximum)
            for score, category, value in points
        ],
        batch_size=BATCH,
    )
