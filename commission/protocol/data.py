"""The one data object every protocol exporter renders (SPEC §8). No ORM here.

The builder (a selector in Django code) fills :class:`ProtocolData` in a fixed number of
queries; the renderers only format it. Money is in rubles (``Decimal``); NPV in rubles,
IRR and WACC as fractions (0.25 = 25 %), BPI and the integral indicator as ratios, all
``float`` as the engine computes them; points are ``Decimal`` as :mod:`commission.domain`
gives them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from commission.domain import DECISION_NOT_WINNER, DECISION_WINNER, Category

DEFAULT_MINISTRY = "Министерство промышленности и торговли Российской Федерации"


def decision_for(winner: bool) -> str:
    """The decision words of a protocol row: «победитель» or «не прошёл отбор»."""
    return DECISION_WINNER if winner else DECISION_NOT_WINNER


@dataclass(frozen=True)
class ProtocolMember:
    name: str
    role: str  # «председатель комиссии», «член комиссии», «секретарь комиссии»…


@dataclass(frozen=True)
class ProtocolCategory:
    code: str
    name: str
    maximum: Decimal

    @classmethod
    def from_category(cls, category: Category) -> ProtocolCategory:
        return cls(code=category.code, name=category.name, maximum=category.maximum)


@dataclass(frozen=True)
class ProtocolRow:
    """One project of the main table. ``note`` explains a rounded total (domain's note)."""

    registration_number: str
    applicant: str
    project_title: str
    total_cost: Decimal
    npv: float | None
    irr: float | None
    wacc: float | None
    bpi: float | None
    integral_indicator: float | None
    category_means: Mapping[str, Decimal | None]
    total: Decimal | None
    decision: str
    rank: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "category_means", MappingProxyType(dict(self.category_means)))

    @property
    def is_winner(self) -> bool:
        return self.decision == DECISION_WINNER


@dataclass(frozen=True)
class AppendixScore:
    """One member's points for one application (category code → points)."""

    registration_number: str
    member_name: str
    points: Mapping[str, Decimal]
    finding: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "points", MappingProxyType(dict(self.points)))

    @property
    def total(self) -> Decimal:
        return sum(self.points.values(), Decimal(0))


@dataclass(frozen=True)
class AppendixRecusal:
    """A declared conflict of interest: the member did not score the application."""

    registration_number: str
    member_name: str
    reason: str = ""


@dataclass(frozen=True)
class ProtocolData:
    commission_name: str
    number: str
    date: date
    place: str
    call_title: str
    members_present: tuple[ProtocolMember, ...]
    members_absent: tuple[ProtocolMember, ...]
    quorum: bool
    categories: tuple[ProtocolCategory, ...]
    threshold: Decimal
    rows: tuple[ProtocolRow, ...]
    appendix_scores: tuple[AppendixScore, ...]
    recusals: tuple[AppendixRecusal, ...]
    decision_text: str
    chair_name: str
    secretary_name: str
    ministry_name: str = DEFAULT_MINISTRY
    # The audit chain's head at the decision (empty in an undecided draft).
    audit_head: str = ""

    @property
    def winners(self) -> tuple[ProtocolRow, ...]:
        return tuple(row for row in self.rows if row.is_winner)

    def scores_for(self, registration_number: str) -> tuple[AppendixScore, ...]:
        number = registration_number
        return tuple(s for s in self.appendix_scores if s.registration_number == number)

    def recusals_for(self, registration_number: str) -> tuple[AppendixRecusal, ...]:
        return tuple(r for r in self.recusals if r.registration_number == registration_number)
