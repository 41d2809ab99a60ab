"""The scoring rules of п. 11–14 (commission.domain): pure, no database."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commission.domain import (
    DECISION_NOT_WINNER,
    DECISION_WINNER,
    ORDER_781,
    ApplicationResult,
    ApplicationScores,
    Category,
    MemberScore,
    Methodology,
    aggregate,
    format_points,
    has_quorum,
    rank,
    validate_points,
    validate_score,
)

FINANCIAL = ORDER_781.category("financial")
CODES = ("financial", "budget", "socio_economic")


def score(member: int, financial: str, budget: str, socio: str, finding: str = "") -> MemberScore:
    points = dict(zip(CODES, (Decimal(financial), Decimal(budget), Decimal(socio)), strict=True))
    return MemberScore(member, f"Член {member}", points, finding)


def errors(status: str, points: str, finding: str = "") -> list[str]:
    return validate_points(category=FINANCIAL, status=status, points=Decimal(points), finding=finding)


# ------------------------------------------------------------------ methodology


def test_order_781_is_three_categories_and_80_points() -> None:
    assert [(c.code, c.name, c.maximum, c.governing_indicator) for c in ORDER_781.categories] == [
        ("financial", "Финансовая эффективность", Decimal(35), "financial"),
        ("budget", "Бюджетная эффективность", Decimal(35), "budget"),
        ("socio_economic", "Социально-экономическая эффективность", Decimal(30), "socio_economic"),
    ]
    assert ORDER_781.threshold == Decimal(80)
    assert ORDER_781.maximum_total == Decimal(100)


def test_methodology_refuses_duplicate_codes_and_unknown_indicators() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        Methodology(categories=(FINANCIAL, FINANCIAL), threshold=Decimal(80))
    with pytest.raises(ValueError, match="governing indicator"):
        Category("x", "X", Decimal(10), "market")
    with pytest.raises(ValueError, match="maximum"):
        Category("x", "X", Decimal(0), "budget")


# ------------------------------------------------------------------ п. 12


@pytest.mark.parametrize("points", ["0.5", "1", "17.25", "35"])
def test_not_met_allows_only_zero(points: str) -> None:
    assert errors("not_met", points, finding="есть заключение") == [
        "Финансовая эффективность: показатель не достигнут (п. 12 Методики), допустим только 0 баллов."
    ]


def test_not_met_zero_needs_no_finding() -> None:
    assert errors("not_met", "0") == []


@pytest.mark.parametrize("points", ["1", "1.5", "34.99", "35"])
def test_met_allows_one_to_maximum(points: str) -> None:
    assert errors("met", points) == []


def test_met_refuses_between_zero_and_one() -> None:
    assert errors("met", "0.99", finding="заключение") == [
        "Финансовая эффективность: показатель достигнут (п. 12 Методики), допустимо от 1 до 35 "
        "баллов или 0 баллов с письменным заключением."
    ]


@pytest.mark.parametrize("status", ["met", "undetermined"])
def test_zero_needs_a_written_finding(status: str) -> None:
    message = (
        "Финансовая эффективность: 0 баллов выставляется только с письменным заключением "
        "о несоответствии описания проекта требованиям (п. 12 Методики)."
    )
    assert errors(status, "0") == [message]
    assert errors(status, "0", finding="   \n ") == [message]
    assert errors(status, "0", finding="Описание не соответствует требованиям п. 5") == []


@pytest.mark.parametrize("points", ["0.01", "0.5", "1", "35"])
def test_undetermined_allows_zero_to_maximum(points: str) -> None:
    assert errors("undetermined", points) == []


@pytest.mark.parametrize("status", ["met", "not_met", "undetermined"])
@pytest.mark.parametrize("points", ["-0.01", "35.01", "100"])
def test_points_stay_within_the_range(status: str, points: str) -> None:
    assert errors(status, points, finding="x") == [
        "Финансовая эффективность: допустимо от 0 до 35 баллов (п. 11 Методики)."
    ]


def test_at_most_two_decimals() -> None:
    assert errors("met", "10.005") == [
        "Финансовая эффективность: баллы указываются не более чем с двумя знаками после запятой."
    ]
    assert errors("met", "10.500") == []  # trailing zeros are not extra precision


def test_non_numbers_and_unknown_statuses() -> None:
    assert errors("met", "NaN") == ["Финансовая эффективность: баллы должны быть числом."]
    assert validate_points(category=FINANCIAL, status="met", points=5, finding="") == []  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="status"):
        errors("unknown", "1")


def test_validate_score_checks_every_category_with_its_own_status() -> None:
    statuses = {"financial": "not_met", "budget": "met", "socio_economic": "undetermined"}
    points = {"financial": Decimal(3), "budget": Decimal(0), "other": Decimal(1)}
    assert validate_score(methodology=ORDER_781, statuses=statuses, points=points, finding="") == [
        "Неизвестная категория оценки «other».",
        "Финансовая эффективность: показатель не достигнут (п. 12 Методики), допустим только 0 баллов.",
        "Бюджетная эффективность: 0 баллов выставляется только с письменным заключением "
        "о несоответствии описания проекта требованиям (п. 12 Методики).",
        "Социально-экономическая эффективность: баллы не выставлены.",
    ]


# ------------------------------------------------------------------ п. 13–14


def test_mean_over_members_who_scored_recused_and_abstaining_absent() -> None:
    # Eight members: member 3 recused, members 6 and 7 abstained (no score at all).
    scores = ApplicationScores(
        application_id=42,
        recused_member_ids=frozenset({3}),
        scores=[
            score(1, "30", "30", "20"),
            score(2, "35", "25", "25"),
            score(4, "31", "29", "27"),
            score(5, "32", "28", "24"),
            score(8, "32", "33", "29"),
        ],
    )
    result = aggregate(scores, ORDER_781)
    assert dict(result.means) == {
        "financial": Decimal(32),
        "budget": Decimal(29),
        "socio_economic": Decimal(25),
    }
    assert result.total == Decimal(86)
    assert result.total_exact == Fraction(86)
    assert result.winner is True
    assert result.decision == DECISION_WINNER
    assert result.scored_by == 5
    assert result.recused == 1
    assert result.spread == Decimal(94) - Decimal(80)
    assert result.member_totals[8] == Decimal(94)
    assert result.rounding_note == ""


def test_nobody_scored_means_no_total_and_no_winner() -> None:
    result = aggregate(ApplicationScores("A", frozenset({1, 2})), ORDER_781)
    assert dict(result.means) == {code: None for code in CODES}
    assert (result.total, result.total_exact, result.spread) == (None, None, None)
    assert result.winner is False
    assert result.decision == DECISION_NOT_WINNER
    assert result.display_total == "—"
    assert result.scored_by == 0


def test_79_995_is_not_a_winner_but_displays_80_00() -> None:
    result = aggregate(
        ApplicationScores(
            "A",
            frozenset(),
            [
                score(1, "30", "30", "20"),
                score(2, "30", "30", "19.99"),
            ],
        ),
        ORDER_781,
    )
    assert result.total == Decimal("79.995")
    assert result.winner is False
    assert result.display_total == "80,00"
    assert result.rounding_note == (
        "Неокруглённая сумма баллов 79,995 меньше проходного балла 80,00 (п. 14 Методики); "
        "«80,00» — результат округления при отображении."
    )


def test_80_000_is_a_winner() -> None:
    result = aggregate(
        ApplicationScores(
            "A",
            frozenset(),
            [
                score(1, "30", "30", "20"),
                score(2, "30", "30", "20.00"),
            ],
        ),
        ORDER_781,
    )
    assert result.total == Decimal("80")
    assert result.winner is True
    assert result.display_total == "80,00"
    assert result.rounding_note == ""


def test_non_terminating_means_summing_to_exactly_80_win() -> None:
    # 70/3 + 70/3 + 100/3 = 80 exactly; 50-digit decimals would sum to 79.99…9.
    result = aggregate(
        ApplicationScores(
            "A",
            frozenset(),
            [
                score(1, "23", "23", "33"),
                score(2, "23", "23", "33"),
                score(3, "24", "24", "34"),
            ],
        ),
        ORDER_781,
    )
    assert result.total_exact == Fraction(80)
    assert result.total == Decimal(80)
    assert result.winner is True
    assert result.means["financial"] == Decimal("23." + "3" * 48)  # 50 significant digits


def test_just_below_80_with_thirds_is_not_a_winner_and_says_why() -> None:
    # 79.99 + 0.01/3 → 79.99333…; displays 79,99.
    result = aggregate(
        ApplicationScores(
            "A",
            frozenset(),
            [
                score(1, "30", "30", "20"),
                score(2, "30", "30", "20"),
                score(3, "30", "30", "19.97"),
            ],
        ),
        ORDER_781,
    )
    assert result.total_exact == Fraction(7999, 100)
    assert result.winner is False
    assert result.display_total == "79,99"
    assert result.rounding_note == ""
    nearly = aggregate(
        ApplicationScores(
            "B",
            frozenset(),
            [
                score(1, "30", "30", "20"),
                score(2, "30", "30", "20"),
                score(3, "30", "30", "19.99"),
            ],
        ),
        ORDER_781,
    )
    assert nearly.total_exact == Fraction(80) - Fraction(1, 300)
    assert nearly.winner is False
    assert nearly.display_total == "80,00"
    assert nearly.rounding_note.startswith("Неокруглённая сумма баллов 79,996666… меньше")


def test_invariant_violations_raise() -> None:
    with pytest.raises(ValueError, match="recused"):
        aggregate(ApplicationScores("A", frozenset({1}), [score(1, "1", "1", "1")]), ORDER_781)
    with pytest.raises(ValueError, match="twice"):
        aggregate(ApplicationScores("A", frozenset(), [score(1, "1", "1", "1")] * 2), ORDER_781)
    partial = MemberScore(1, "Член", {"financial": Decimal(1)})
    with pytest.raises(ValueError, match="categories"):
        aggregate(ApplicationScores("A", frozenset(), [partial]), ORDER_781)


def test_a_methodology_with_two_categories_and_threshold_60() -> None:
    methodology = Methodology(
        categories=(
            Category("money", "Деньги", Decimal(50), "financial"),
            Category("people", "Люди", Decimal(50), "socio_economic"),
        ),
        threshold=Decimal(60),
    )

    def two(member: int, money: str, people: str) -> MemberScore:
        return MemberScore(member, "Член", {"money": Decimal(money), "people": Decimal(people)})

    winner = aggregate(
        ApplicationScores("A", frozenset(), [two(1, "30", "30"), two(2, "31", "29")]), methodology
    )
    assert (winner.total, winner.winner) == (Decimal(60), True)
    loser = aggregate(ApplicationScores("B", frozenset(), [two(1, "30", "29.99")]), methodology)
    assert (loser.total, loser.winner) == (Decimal("59.99"), False)
    assert (
        validate_points(category=methodology.category("money"), status="met", points=Decimal(50), finding="")
        == []
    )
    assert validate_points(
        category=methodology.category("money"), status="met", points=Decimal(51), finding=""
    ) == ["Деньги: допустимо от 0 до 50 баллов (п. 11 Методики)."]


# ------------------------------------------------------------------ ranking


def result_with(application_id: str, total: Fraction | None) -> ApplicationResult:
    return ApplicationResult(
        application_id=application_id,
        means={},
        total=None,
        total_exact=total,
        winner=False,
        spread=None,
        scored_by=0 if total is None else 1,
        recused=0,
    )


def test_competition_ranking_shares_places() -> None:
    results = [
        result_with("C", Fraction(70)),
        result_with("none", None),
        result_with("A", Fraction(90)),
        result_with("B1", Fraction(80)),
        result_with("B2", Fraction(80)),
        result_with("D", Fraction(60)),
    ]
    assert [(r.rank, r.result.application_id) for r in rank(results)] == [
        (1, "A"),
        (2, "B1"),
        (2, "B2"),
        (4, "C"),
        (5, "D"),
        (None, "none"),
    ]


def test_ranking_uses_exact_totals() -> None:
    thirds = aggregate(
        ApplicationScores(
            "thirds",
            frozenset(),
            [
                score(1, "23", "23", "33"),
                score(2, "23", "23", "33"),
                score(3, "24", "24", "34"),
            ],
        ),
        ORDER_781,
    )
    whole = aggregate(ApplicationScores("whole", frozenset(), [score(1, "30", "30", "20")]), ORDER_781)
    assert [r.rank for r in rank([whole, thirds])] == [1, 1]


def test_rank_of_nothing_is_empty() -> None:
    assert rank([]) == []


# ------------------------------------------------------------------ quorum, display


@pytest.mark.parametrize(
    ("present", "total", "expected"),
    [
        (4, 8, False),
        (5, 8, True),
        (8, 8, True),
        (0, 8, False),
        (3, 7, False),
        (4, 7, True),
        (0, 0, False),
        (1, 1, True),
        (1, 2, False),
    ],
)
def test_quorum_is_more_than_half(present: int, total: int, expected: bool) -> None:
    assert has_quorum(present, total) is expected


def test_quorum_refuses_impossible_attendance() -> None:
    with pytest.raises(ValueError):
        has_quorum(9, 8)
    with pytest.raises(ValueError):
        has_quorum(-1, 8)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("79.995"), "80,00"),
        (Decimal("79.994999"), "79,99"),
        (Decimal("79.99"), "79,99"),
        (Decimal("0.005"), "0,01"),
        (Decimal(80), "80,00"),
        (Decimal("26.666666666666666666666666666666666666666666666667"), "26,67"),
        (None, "—"),
    ],
)
def test_format_points(value: Decimal | None, text: str) -> None:
    assert format_points(value) == text


# ------------------------------------------------------------------ properties

points_strategy = st.decimals(min_value=0, max_value=30, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(points_strategy, points_strategy, points_strategy), min_size=1, max_size=9))
def test_total_is_the_sum_of_means_and_the_winner_rule_is_exact(
    members: list[tuple[Decimal, Decimal, Decimal]],
) -> None:
    scores = [MemberScore(i, "Член", dict(zip(CODES, p, strict=True))) for i, p in enumerate(members)]
    result = aggregate(ApplicationScores("A", frozenset(), scores), ORDER_781)
    exact = sum((Fraction(sum(p[k] for p in members)) / len(members) for k in range(3)), Fraction(0))
    assert result.total_exact == exact
    assert result.winner is (exact >= 80)
    assert result.scored_by == len(members)
    assert result.spread == max(sum(p) for p in members) - min(sum(p) for p in members)
    assert abs(Fraction(result.total) - exact) < Fraction(1, 10**40)
