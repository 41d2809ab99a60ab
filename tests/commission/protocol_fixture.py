"""A realistic protocol built through the scoring rules, for the exporter tests (no database).

Eight voting members (one absent) and a secretary; four projects:
- 2015-J-0001 — a clear winner, scored by all seven present members;
- 2015-J-0002 — exactly 80 points from non-terminating means (one member recused);
- 2015-J-0003 — 79.995 points: displays «80,00», not a winner (one member abstained);
- 2015-J-0004 — an applicant whose name is a spreadsheet formula; financial not met.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from commission.domain import (
    ORDER_781,
    ApplicationResult,
    ApplicationScores,
    MemberScore,
    Methodology,
    aggregate,
    rank,
)
from commission.protocol import (
    AppendixRecusal,
    AppendixScore,
    ProtocolCategory,
    ProtocolData,
    ProtocolMember,
    ProtocolRow,
    decision_for,
)

CHAIR = "Иванов Иван Иванович"
SECRETARY = "Смирнова Ольга Петровна"
VOTING = (
    (CHAIR, "председатель комиссии"),
    ("Петров Пётр Петрович", "заместитель председателя комиссии"),
    ("Сидоров Сергей Николаевич", "член комиссии"),
    ("Кузнецова Анна Викторовна", "член комиссии"),
    ("Попов Алексей Дмитриевич", "член комиссии"),
    ("Волкова Елена Сергеевна", "член комиссии"),
    ("Соколов Михаил Андреевич", "член комиссии"),
    ("Лебедев Николай Юрьевич", "член комиссии"),  # absent
)
PRESENT = VOTING[:7]
INJECTION_APPLICANT = '=HYPERLINK("http://evil.example/","Нажмите")'
INJECTION_FINDING = "@SUM(1+1)*cmd|' /C calc'!A0"


def D(value: str | int) -> Decimal:
    return Decimal(value)


def _scores(
    per_member: dict[int, tuple[str, str, str]],
    findings: dict[int, str] | None = None,
) -> list[MemberScore]:
    findings = findings or {}
    return [
        MemberScore(
            member_id=member,
            member_name=PRESENT[member][0],
            points={"financial": D(f), "budget": D(b), "socio_economic": D(s)},
            finding=findings.get(member, ""),
        )
        for member, (f, b, s) in per_member.items()
    ]


@dataclass(frozen=True)
class Project:
    registration_number: str
    applicant: str
    project_title: str
    total_cost: Decimal
    npv: float | None
    irr: float | None
    wacc: float | None
    bpi: float | None
    integral_indicator: float | None
    scores: ApplicationScores


PROJECTS = (
    Project(
        registration_number="2015-J-0001",
        applicant="АО «Уральский станкостроительный завод»",
        project_title="Производство обрабатывающих центров с ЧПУ",
        total_cost=D("1234567890.12"),
        npv=456_789_012.345,
        irr=0.25094,
        wacc=0.1432,
        bpi=1.8567,
        integral_indicator=0.001234,
        scores=ApplicationScores(
            "2015-J-0001",
            frozenset(),
            _scores(
                {
                    0: ("33", "32", "27"),
                    1: ("35", "30", "28"),
                    2: ("32", "33", "26"),
                    3: ("34", "31.5", "29"),
                    4: ("30", "32", "25"),
                    5: ("33", "34", "27"),
                    6: ("31", "30", "26.25"),
                }
            ),
        ),
    ),
    Project(
        registration_number="2015-J-0002",
        applicant="ООО «Композит-Волга»",
        project_title="Выпуск углепластиковых деталей для авиастроения",
        total_cost=D("987654321"),
        npv=12_500_000.0,
        irr=0.1688,
        wacc=0.1501,
        bpi=1.12,
        integral_indicator=0.000456,
        scores=ApplicationScores(
            "2015-J-0002",
            frozenset({2}),
            _scores(
                {
                    0: ("35", "25", "20"),
                    1: ("34", "26", "20"),
                    3: ("35", "25", "20"),
                    4: ("35", "25", "20"),
                    5: ("35", "25", "20"),
                    6: ("34", "25", "21"),
                }
            ),
        ),
    ),
    Project(
        registration_number="2015-J-0003",
        applicant="ПАО «Сибирский литейный завод»",
        project_title="Литьё алюминиевых колёсных дисков",
        total_cost=D("150000000"),
        npv=None,
        irr=None,
        wacc=0.1587,
        bpi=1.01,
        integral_indicator=0.0002,
        scores=ApplicationScores(
            "2015-J-0003",
            frozenset(),
            _scores(
                {
                    0: ("30", "30", "20"),
                    1: ("30", "30", "20"),
                    3: ("30", "30", "20"),
                    4: ("30", "30", "19.98"),
                }
            ),
        ),
    ),
    Project(
        registration_number="2015-J-0004",
        applicant=INJECTION_APPLICANT,
        project_title="-Модернизация прокатного стана",
        total_cost=D("2000000000"),
        npv=-35_000_000.5,
        irr=0.081,
        wacc=0.149,
        bpi=0.87,
        integral_indicator=0.0001,
        scores=ApplicationScores(
            "2015-J-0004",
            frozenset(),
            _scores(
                {m: ("0", "12", "10") for m in range(7)},
                findings={0: INJECTION_FINDING},
            ),
        ),
    ),
)
RECUSAL_REASON = "Входит в совет директоров аффилированного лица заявителя"


def build_results(methodology: Methodology = ORDER_781) -> dict[str, ApplicationResult]:
    return {p.registration_number: aggregate(p.scores, methodology) for p in PROJECTS}


def build_protocol_data() -> ProtocolData:
    results = build_results()
    projects = {p.registration_number: p for p in PROJECTS}
    rows = []
    for ranked in rank(results.values()):
        result = ranked.result
        project = projects[result.application_id]
        rows.append(
            ProtocolRow(
                registration_number=project.registration_number,
                applicant=project.applicant,
                project_title=project.project_title,
                total_cost=project.total_cost,
                npv=project.npv,
                irr=project.irr,
                wacc=project.wacc,
                bpi=project.bpi,
                integral_indicator=project.integral_indicator,
                category_means=result.means,
                total=result.total,
                decision=decision_for(result.winner),
                rank=ranked.rank,
                note=result.rounding_note,
            )
        )
    appendix = tuple(
        AppendixScore(
            registration_number=p.registration_number,
            member_name=score.member_name,
            points=score.points,
            finding=score.finding,
        )
        for p in PROJECTS
        for score in p.scores.scores
    )
    return ProtocolData(
        commission_name="Комиссия по проведению конкурсного отбора новых комплексных инвестиционных проектов",
        number="7-КО",
        date=date(2015, 6, 10),
        place="г. Москва, Китайгородский пр., д. 7, стр. 1",
        call_title="Конкурсный отбор новых комплексных инвестиционных проектов "
        "по приоритетным направлениям гражданской промышленности, июнь 2015 г.",
        members_present=tuple(ProtocolMember(n, r) for n, r in PRESENT)
        + (ProtocolMember(SECRETARY, "секретарь комиссии"),),
        members_absent=(ProtocolMember(*VOTING[7]),),
        quorum=True,
        categories=tuple(ProtocolCategory.from_category(c) for c in ORDER_781.categories),
        threshold=ORDER_781.threshold,
        rows=tuple(rows),
        appendix_scores=appendix,
        recusals=(AppendixRecusal("2015-J-0002", PRESENT[2][0], RECUSAL_REASON),),
        decision_text="1. Признать победителями конкурсного отбора проекты 2015-J-0001 "
        "и 2015-J-0002.\n2. Остальные проекты признать не прошедшими отбор.",
        chair_name=CHAIR,
        secretary_name=SECRETARY,
    )
