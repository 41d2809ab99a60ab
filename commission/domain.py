"""The commission's scoring rules (п. 9–14 of the Methodology, Order No. 781): pure, exact.

No Django, no ORM: frozen dataclasses in, frozen dataclasses out. Services and the
protocol builder load the data, call these functions and store or render the result.

Arithmetic (п. 13–14): members' points carry at most two decimals; category means are
kept as exact rationals (:class:`fractions.Fraction`), so the comparison with the
threshold and the ranking never suffer from rounding. A Decimal context of 50 digits
would not be enough on its own: means 70/3 + 70/3 + 100/3 sum to exactly 80, but their
50-digit decimals sum to 79.99…9. The ``Decimal`` values in :class:`ApplicationResult`
are the exact rationals rounded to 50 significant digits, for storage and display only.

Display: :func:`format_points` rounds half up to two decimals, so an unrounded sum of
79.995 *displays* as «80,00» while it is not a winner. :class:`ApplicationResult` says so
in ``rounding_note`` (empty otherwise); the admin and the protocol show that note beside
the total.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from types import MappingProxyType

from reference.formatting import DASH, format_number

GOVERNING_INDICATORS = ("financial", "budget", "socio_economic")
STATUSES = ("met", "not_met", "undetermined")
PRECISION = 50  # significant digits of the Decimal views of exact rationals


def gettext_noop(s: str) -> str:
    """Marks a message id for ``makemessages``; the domain itself stays Russian."""
    return s


class Message(str):
    """A Russian message that remembers its message id and values.

    It *is* the Russian text (a ``str``: the protocol, the records and the tests use it as
    such); an interface shows it in the reader's language with
    ``gettext(message.text) % message.values``.
    """

    text: str
    values: Mapping[str, object]

    def __new__(cls, text: str, values: Mapping[str, object] | None = None) -> Message:
        frozen: Mapping[str, object] = MappingProxyType(dict(values or {}))
        self = super().__new__(cls, text % dict(frozen) if frozen else text)
        self.text = text
        self.values = frozen
        return self

    def __reduce__(self) -> tuple[type[Message], tuple[str, dict[str, object]]]:
        return (Message, (self.text, dict(self.values)))  # cached results are pickled


DECISION_WINNER = "победитель"
DECISION_NOT_WINNER = "не прошёл отбор"


@dataclass(frozen=True)
class Category:
    """One scoring category (п. 11): points 0..maximum, governed by one indicator's status."""

    code: str
    name: str
    maximum: Decimal
    governing_indicator: str

    def __post_init__(self) -> None:
        if self.governing_indicator not in GOVERNING_INDICATORS:
            raise ValueError(f"unknown governing indicator {self.governing_indicator!r}")
        if not self.maximum.is_finite() or self.maximum <= 0:
            raise ValueError(f"category {self.code!r}: maximum must be positive")


@dataclass(frozen=True)
class Methodology:
    """The categories and the winning threshold (п. 14); a call may carry its own."""

    categories: tuple[Category, ...]
    threshold: Decimal

    def __post_init__(self) -> None:
        codes = [category.code for category in self.categories]
        if not codes:
            raise ValueError("a methodology needs at least one category")
        if len(set(codes)) != len(codes):
            raise ValueError(f"duplicate category codes in {codes}")
        if not self.threshold.is_finite() or self.threshold < 0:
            raise ValueError("the threshold must be a non-negative number")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(category.code for category in self.categories)

    @property
    def maximum_total(self) -> Decimal:
        return sum((category.maximum for category in self.categories), Decimal(0))

    def category(self, code: str) -> Category:
        for category in self.categories:
            if category.code == code:
                return category
        raise KeyError(code)


ORDER_781 = Methodology(
    categories=(
        Category("financial", "Финансовая эффективность", Decimal(35), "financial"),
        Category("budget", "Бюджетная эффективность", Decimal(35), "budget"),
        Category(
            "socio_economic",
            "Социально-экономическая эффективность",
            Decimal(30),
            "socio_economic",
        ),
    ),
    threshold=Decimal(80),
)


# ---------------------------------------------------------------------------- п. 12


def validate_points(*, category: Category, status: str, points: Decimal, finding: str) -> list[Message]:
    """Error messages (Russian :class:`Message`) for one category's points under п. 12; empty when allowed.

    ``status`` is the computed status of the category's governing indicator (``met``,
    ``not_met``, ``undetermined``); ``finding`` is the member's written finding. An
    unknown status is a programming error and raises ``ValueError``.
    """
    if status not in STATUSES:
        raise ValueError(f"unknown indicator status {status!r}")
    name = category.name
    maximum = format_points(category.maximum).removesuffix(",00")
    if isinstance(points, int) and not isinstance(points, bool):
        points = Decimal(points)
    if not isinstance(points, Decimal) or not points.is_finite():
        return [Message(gettext_noop("%(category)s: баллы должны быть числом."), {"category": name})]
    errors: list[Message] = []
    if _decimal_places(points) > 2:
        errors.append(
            Message(
                gettext_noop("%(category)s: баллы указываются не более чем с двумя знаками после запятой."),
                {"category": name},
            )
        )
    if points < 0 or points > category.maximum:
        errors.append(
            Message(
                gettext_noop("%(category)s: допустимо от 0 до %(maximum)s баллов (п. 11 Методики)."),
                {"category": name, "maximum": maximum},
            )
        )
        return errors
    has_finding = bool(finding and finding.strip())
    if status == "not_met" and points != 0:
        errors.append(
            Message(
                gettext_noop(
                    "%(category)s: показатель не достигнут (п. 12 Методики), допустим только 0 баллов."
                ),
                {"category": name},
            )
        )
    elif status == "met" and 0 < points < 1:
        errors.append(
            Message(
                gettext_noop(
                    "%(category)s: показатель достигнут (п. 12 Методики), допустимо от 1 до "
                    "%(maximum)s баллов или 0 баллов с письменным заключением."
                ),
                {"category": name, "maximum": maximum},
            )
        )
    elif status in ("met", "undetermined") and points == 0 and not has_finding:
        errors.append(
            Message(
                gettext_noop(
                    "%(category)s: 0 баллов выставляется только с письменным заключением о "
                    "несоответствии описания проекта требованиям (п. 12 Методики)."
                ),
                {"category": name},
            )
        )
    return errors


def validate_score(
    *,
    methodology: Methodology,
    statuses: Mapping[str, str],
    points: Mapping[str, Decimal],
    finding: str,
) -> list[Message]:
    """All п. 11–12 errors of one member's score of one application, category by category.

    ``statuses`` maps each governing indicator (``financial``…) to its computed status;
    ``points`` maps each category code to the points. Every category must be scored.
    """
    by_category = score_errors_by_category(
        methodology=methodology, statuses=statuses, points=points, finding=finding
    )
    return [error for errors in by_category.values() for error in errors]


def score_errors_by_category(
    *,
    methodology: Methodology,
    statuses: Mapping[str, str],
    points: Mapping[str, Decimal],
    finding: str,
) -> dict[str, list[Message]]:
    """validate_score's errors keyed by category code (``""``: not of one category), so a
    form shows each beside its field; categories without errors are absent."""
    errors: dict[str, list[Message]] = {}
    for code in points:
        if code not in methodology.codes:
            errors.setdefault("", []).append(
                Message(gettext_noop("Неизвестная категория оценки «%(code)s»."), {"code": code})
            )
    for category in methodology.categories:
        if category.code not in points:
            found = [Message(gettext_noop("%(category)s: баллы не выставлены."), {"category": category.name})]
        else:
            found = validate_points(
                category=category,
                status=statuses[category.governing_indicator],
                points=points[category.code],
                finding=finding,
            )
        if found:
            errors[category.code] = found
    return errors


# ---------------------------------------------------------------------------- п. 13–14


@dataclass(frozen=True)
class MemberScore:
    """One member's points for one application (category code → points)."""

    member_id: int | str
    member_name: str
    points: Mapping[str, Decimal]
    finding: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "points", MappingProxyType(dict(self.points)))

    @property
    def total(self) -> Decimal:
        return sum(self.points.values(), Decimal(0))


@dataclass(frozen=True)
class ApplicationScores:
    """The scores of one application. Recused and abstaining members are simply absent."""

    application_id: int | str
    recused_member_ids: frozenset[int | str] = frozenset()
    scores: Sequence[MemberScore] = ()


@dataclass(frozen=True)
class ApplicationResult:
    """п. 13–14 for one application.

    ``means`` and ``total`` are ``None`` when nobody scored (then it is not a winner).
    ``total_exact`` is the exact rational sum that decided ``winner`` and the ranking.
    ``rounding_note`` is non-empty when the displayed total reaches the threshold but the
    unrounded sum does not (e.g. 79.995 shows as «80,00»).
    """

    application_id: int | str
    means: Mapping[str, Decimal | None]
    total: Decimal | None
    total_exact: Fraction | None
    winner: bool
    spread: Decimal | None
    scored_by: int
    recused: int
    rounding_note: str = ""
    member_totals: Mapping[int | str, Decimal] = field(default_factory=dict)

    @property
    def decision(self) -> str:
        return DECISION_WINNER if self.winner else DECISION_NOT_WINNER

    @property
    def display_total(self) -> str:
        return format_points(self.total)


def aggregate(application_scores: ApplicationScores, methodology: Methodology) -> ApplicationResult:
    """Category means over the members who scored, their sum, and the п. 14 decision.

    Each score must cover exactly the methodology's categories, and a recused member
    must not have a score: both are invariant violations and raise ``ValueError``.
    """
    scores = list(application_scores.scores)
    _check_scores(application_scores, methodology)
    exact_means: dict[str, Fraction | None] = {}
    for code in methodology.codes:
        given = [Fraction(score.points[code]) for score in scores]
        exact_means[code] = sum(given, Fraction(0)) / len(given) if given else None
    total_exact: Fraction | None = None
    if scores:
        total_exact = sum((mean for mean in exact_means.values() if mean is not None), Fraction(0))
    winner = total_exact is not None and total_exact >= Fraction(methodology.threshold)
    total = _to_decimal(total_exact)
    member_totals = {score.member_id: score.total for score in scores}
    totals = list(member_totals.values())
    return ApplicationResult(
        application_id=application_scores.application_id,
        means=MappingProxyType({code: _to_decimal(m) for code, m in exact_means.items()}),
        total=total,
        total_exact=total_exact,
        winner=winner,
        spread=(max(totals) - min(totals)) if totals else None,
        scored_by=len(scores),
        recused=len(application_scores.recused_member_ids),
        rounding_note=_rounding_note(total, winner, methodology.threshold),
        member_totals=MappingProxyType(member_totals),
    )


def _check_scores(application_scores: ApplicationScores, methodology: Methodology) -> None:
    expected = set(methodology.codes)
    seen: set[int | str] = set()
    for score in application_scores.scores:
        if score.member_id in application_scores.recused_member_ids:
            raise ValueError(f"member {score.member_id!r} recused but has a score")
        if score.member_id in seen:
            raise ValueError(f"member {score.member_id!r} scored twice")
        seen.add(score.member_id)
        if set(score.points) != expected:
            raise ValueError(
                f"member {score.member_id!r}: categories {sorted(score.points)} "
                f"differ from {sorted(expected)}"
            )


def _rounding_note(total: Decimal | None, winner: bool, threshold: Decimal) -> str:
    if total is None or winner or _round_half_up(total) < threshold:
        return ""
    return Message(
        gettext_noop(
            "Неокруглённая сумма баллов %(unrounded)s меньше проходного балла %(threshold)s "
            "(п. 14 Методики); «%(displayed)s» — результат округления при отображении."
        ),
        {
            "unrounded": _format_truncated(total),
            "threshold": format_points(threshold),
            "displayed": format_points(total),
        },
    )


def _format_truncated(value: Decimal, places: int = 6) -> str:
    """Up to ``places`` decimals, cut (never rounded up), with «…» when digits were cut."""
    with localcontext(prec=PRECISION + 10):
        cut = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    text = f"{cut:f}".rstrip("0").rstrip(".") if "." in f"{cut:f}" else f"{cut:f}"
    return text.replace(".", ",") + ("…" if cut != value else "")


@dataclass(frozen=True)
class RankedResult:
    """A result with its place; ``rank`` is ``None`` when nobody scored the application."""

    rank: int | None
    result: ApplicationResult


def rank(results: Iterable[ApplicationResult]) -> list[RankedResult]:
    """Order by exact total descending; equal totals share a place ("1, 2, 2, 4").

    Ties keep their input order; unscored applications come last without a place.
    """
    items = list(results)
    scored = sorted(
        (r for r in items if r.total_exact is not None),
        key=lambda r: r.total_exact,  # type: ignore[arg-type,return-value]
        reverse=True,
    )
    ranked: list[RankedResult] = []
    for position, result in enumerate(scored, start=1):
        if ranked and ranked[-1].result.total_exact == result.total_exact:
            place = ranked[-1].rank
        else:
            place = position
        ranked.append(RankedResult(rank=place, result=result))
    ranked.extend(RankedResult(rank=None, result=r) for r in items if r.total_exact is None)
    return ranked


# ---------------------------------------------------------------------------- voting rights

# п. 9: the chair, the deputy chair and the members vote; the secretary never does.
VOTING_ROLES = frozenset({"chair", "deputy", "member"})


@dataclass(frozen=True)
class Voter:
    """What decides whether a member's score counts at one meeting."""

    role: str
    present: bool
    in_force: bool = True  # the membership covers the meeting's date


def counts(voter: Voter) -> bool:
    """A score counts only when given by a voting member in force and present at the
    meeting: a secretary's or an absent member's points never enter the means."""
    return voter.role in VOTING_ROLES and voter.present and voter.in_force


def eligible_scores(scores: Iterable[MemberScore], voters: Mapping[int | str, Voter]) -> list[MemberScore]:
    """The scores that count (п. 13), in their order; a member unknown to ``voters``
    does not count."""
    return [score for score in scores if score.member_id in voters and counts(voters[score.member_id])]


# ---------------------------------------------------------------------------- quorum, display


def has_quorum(present_voting: int, total_voting: int) -> bool:
    """п. 9: more than half of the voting members are present (the secretary does not vote)."""
    if total_voting < 0 or present_voting < 0 or present_voting > total_voting:
        raise ValueError(f"impossible attendance: {present_voting} of {total_voting}")
    return 2 * present_voting > total_voting


def format_points(value: Decimal | None, places: int = 2) -> str:
    """Points for display: rounded half up by the commission's rule, then written as every
    number is (reference.formatting: decimal comma, "79,99"); ``None`` → «—»."""
    if value is None:
        return DASH
    return format_number(_round_half_up(value, places), places)


def _decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _round_half_up(value: Decimal, places: int = 2) -> Decimal:
    with localcontext(prec=PRECISION + 10):
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _to_decimal(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    with localcontext(prec=PRECISION):
        return Decimal(value.numerator) / Decimal(value.denominator)
