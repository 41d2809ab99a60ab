"""factory_boy factories for every model. ``submitted_application()`` builds a complete,
computable application (the shared example's project) in an open call."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import factory
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from applications.models import Application, Document, ModelYear, StatusEvent
from calls.models import BankRate, Call, CallStatus, MacroScenario, MacroYear, RegionalGrp
from commission.models import (
    Category,
    Commission,
    Meeting,
    MemberRole,
    Membership,
    Methodology,
    Recusal,
    Score,
    ScorePoint,
)
from demo.identifiers import inn_for, kpp_for, ogrn_for
from organisations.models import Organisation
from organisations.services import add_role
from reference.models import OkvedCode, PriorityDirection, Region
from scoring.models import IndicatorResult

EXAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "examples" / "case-basic.json"


def reference_region(code: str = "39") -> Region:
    """Reference data survive transactional tests' flushes: reload them when missing."""
    if not Region.objects.filter(pk=code).exists():
        from reference.data import PRIORITY_DIRECTIONS, REGIONS
        from reference.regions import DISTRICT_OF

        Region.objects.bulk_create(
            [Region(code=c, name=n, federal_district=DISTRICT_OF.get(c, "")) for c, n in REGIONS],
            ignore_conflicts=True,
        )
        PriorityDirection.objects.bulk_create(
            [PriorityDirection(code=c, name=n, position=i) for i, (c, n) in enumerate(PRIORITY_DIRECTIONS)],
            ignore_conflicts=True,
        )
    if not OkvedCode.objects.exists():
        from reference.okved import read_classifier

        OkvedCode.objects.bulk_create(
            [OkvedCode(code=e.code, name=e.name, section=e.section) for e in read_classifier()],
            ignore_conflicts=True,
        )
    return Region.objects.get(pk=code)


def example_case() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    full_name = factory.Sequence(lambda n: f"ООО «Завод {n}»")
    inn = factory.Sequence(lambda n: inn_for(5000 + n))
    kpp = factory.LazyAttribute(lambda o: kpp_for(o.inn))
    ogrn = factory.Sequence(lambda n: ogrn_for(5000 + n))
    region = factory.LazyFunction(reference_region)
    address = "г. Калининград, ул. Заводская, 1"
    contact_name = "Петров Пётр"
    contact_phone = "+7 495 000-00-00"
    contact_email = "contact@example.ru"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.ru")
    full_name = factory.Sequence(lambda n: f"Пользователь {n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            add_role(self, Role(extracted))
            if Role(extracted) != Role.APPLICANT:
                self.is_staff = True
        self.save()


def applicant(organisation: Organisation | None = None) -> User:
    return UserFactory(organisation=organisation or OrganisationFactory(), role="applicant")


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        django_get_or_create = ("year", "session")

    year = 2015
    session = "june"
    status = CallStatus.OPEN
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=1))


class MacroScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MacroScenario

    call = factory.SubFactory(CallFactory)
    risk_free_rate = 0.095
    market_return = 0.17
    long_term_inflation = 0.04
    ofz_yield = 0.105
    high_productivity_wage = Decimal(45000)


class MacroYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MacroYear

    scenario = factory.SubFactory(MacroScenarioFactory)
    year = 2015
    cpi = 1.05
    gdp_deflator = 1.05


class RegionalGrpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalGrp

    scenario = factory.SubFactory(MacroScenarioFactory)
    region = factory.LazyFunction(reference_region)
    year = 2015
    grp = Decimal("1000000000000")


class BankRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BankRate

    call = factory.SubFactory(CallFactory)
    valid_from = dt.date(2015, 1, 1)
    rate = Decimal("0.15")


def call_with_example_scenario(**overrides) -> Call:
    """An open call whose macro scenario is exactly the shared example's."""
    case = example_case()
    c = case["call"]
    reference_region()
    call = CallFactory(**overrides)
    call.priority_directions.set(PriorityDirection.objects.filter(code__in=c["priority_directions"]))
    macro = MacroScenarioFactory(
        call=call,
        profit_tax_rate=c["profit_tax_rate"],
        risk_free_rate=c["risk_free_rate"],
        market_return=c["market_return"],
        long_term_inflation=c["long_term_inflation"],
        ofz_yield=c["ofz_yield"],
        high_productivity_wage=Decimal(c["high_productivity_wage"]),
    )
    for i, year in enumerate(case["years"]):
        MacroYearFactory(scenario=macro, year=year, cpi=c["cpi"][i], gdp_deflator=c["gdp_deflator"][i])
        RegionalGrpFactory(scenario=macro, year=year, grp=Decimal(c["grp"][i]))
    RegionalGrpFactory(scenario=macro, year=case["years"][0] - 1, grp=Decimal(c["grp_previous_year"]))
    return call


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Проект {n}")


def complete_application(
    call: Call, organisation: Organisation | None = None, user: User | None = None
) -> Application:
    """A draft holding the shared example's project, ready to submit."""
    p = example_case()["project"]
    org = organisation or OrganisationFactory()
    user = user or applicant(org)
    app = ApplicationFactory(
        call=call,
        organisation=org,
        created_by=user,
        title=p["title"],
        okved=p["okved"],
        priority_direction_id=p["priority_direction"],
        region_id=p["region"],
        total_cost=Decimal(p["total_cost"]),
        commissioning_date=dt.date.fromisoformat(p["commissioning_date"]),
        capex_land=Decimal(p["capex"]["land"]),
        capex_design=Decimal(p["capex"]["design"]),
        capex_construction=Decimal(p["capex"]["construction"]),
        capex_equipment=Decimal(p["capex"]["equipment"]),
        capex_other=Decimal(p["capex"]["other"]),
        jobs_created=p["jobs"]["created"],
        jobs_high_productivity=p["jobs"]["high_productivity"],
        avg_monthly_wage=Decimal(p["jobs"]["avg_monthly_wage"]),
        loan_russian_bank=True,
        loan_date=dt.date.fromisoformat(p["loan"]["date"]),
        loan_amount=Decimal(p["loan"]["amount"]),
        loan_rate=Decimal(str(p["loan"]["rate"])),
        equity=Decimal(p["capital"]["equity"]),
        debt=Decimal(p["capital"]["debt"]),
        cost_of_debt=Decimal(str(p["capital"]["cost_of_debt"])),
        beta_unlevered=Decimal(str(p["capital"]["beta_unlevered"])),
        terminal_mode="gordon",
        terminal_base_years=1,
        budget_terminal_mode="finite",
        budget_terminal_years=5,
    )
    years = example_case()["years"]
    ModelYear.objects.bulk_create(
        [
            ModelYear(application=app, year=year, **{k: Decimal(str(v[i])) for k, v in p["series"].items()})
            for i, year in enumerate(years)
        ]
    )
    DocumentFactory(application=app, uploaded_by=user)
    return app


class ModelYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModelYear

    application = factory.SubFactory(ApplicationFactory)
    year = 2015


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    application = factory.SubFactory(ApplicationFactory)
    kind = "business_plan"
    file = factory.django.FileField(filename="plan.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_name = "plan.pdf"
    content_type = "application/pdf"
    size = 15
    sha256 = "0" * 64
    uploaded_by = factory.SubFactory(UserFactory)


class StatusEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusEvent

    application = factory.SubFactory(ApplicationFactory)
    to_status = "draft"


class IndicatorResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorResult

    application = factory.SubFactory(ApplicationFactory)
    case_hash = factory.Sequence(lambda n: f"{n:064d}")
    engine_version = "test"
    state = "done"
    financial_status = "met"
    budget_status = "met"
    socio_economic_status = "met"


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commission

    name = "Комиссия"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    commission = factory.SubFactory(CommissionFactory)
    user = factory.SubFactory(UserFactory, role="member")
    role = MemberRole.MEMBER
    since = dt.date(2014, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    call = factory.SubFactory(CallFactory)
    commission = factory.SubFactory(CommissionFactory)
    number = factory.Sequence(lambda n: f"{n + 1}/2015")
    date = dt.date(2015, 6, 10)
    place = "г. Москва"


class MethodologyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Methodology

    call = factory.SubFactory(CallFactory)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    methodology = factory.SubFactory(MethodologyFactory)
    code = factory.Sequence(lambda n: f"cat{n}")
    name = "Категория"
    maximum = Decimal(35)
    governing_indicator = "financial"


class RecusalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recusal

    meeting = factory.SubFactory(MeetingFactory)
    application = factory.SubFactory(ApplicationFactory)
    member = factory.SubFactory(MembershipFactory)
    reason = "Конфликт"


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    meeting = factory.SubFactory(MeetingFactory)
    application = factory.SubFactory(ApplicationFactory)
    member = factory.SubFactory(MembershipFactory)


class ScorePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScorePoint

    score = factory.SubFactory(ScoreFactory)
    category = factory.SubFactory(CategoryFactory)
    points = Decimal(10)
    maximum = Decimal(35)
