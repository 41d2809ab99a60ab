"""The INN/OGRN/OGRNIP check digits against the Federal Tax Service's rules, computed here
independently (the rule as the FNS states it) over many random numbers."""

import random

import pytest

from demo.identifiers import inn_for, ogrn_for
from reference.validators import (
    inn_check_digits,
    is_individual_inn,
    ogrn_check_digit,
    validate_inn,
    validate_ogrn,
)


def fns_control(digits: str, weights: list[int]) -> str:
    # The control number is the remainder of the weighted sum modulo 11; 10 counts as 0.
    remainder = sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True)) % 11
    return "0" if remainder == 10 else str(remainder)


def fns_ogrn_control(body: str) -> str:
    # OGRN: remainder modulo 11, OGRNIP: modulo 13; a two-digit remainder gives its units.
    remainder = int(body) % (11 if len(body) == 12 else 13)
    return str(remainder)[-1]


def random_digits(rng: random.Random, first: str, length: int) -> str:
    return first + "".join(rng.choice("0123456789") for _ in range(length - len(first)))


def test_known_numbers():
    assert validate_inn("7707083893") is None  # Sberbank
    assert validate_ogrn("1027700132195") is None  # Sberbank
    assert validate_inn("500100732259") is None  # an individual's INN
    assert validate_inn("7707083894") == "Неверное контрольное число ИНН"
    assert validate_ogrn("1027700132196") == "Неверное контрольное число ОГРН"


def test_an_ogrnip_whose_remainder_has_two_digits():
    # int("30586727206553") % 13 == 11: the check digit is 1. python-stdnum 2.2 refuses it
    # (it compares with "11"), which is why Otbor does not use stdnum.ru.ogrn.
    assert int("30586727206553") % 13 == 11
    assert validate_ogrn("305867272065531") is None
    assert validate_ogrn("305867272065530") == "Неверное контрольное число ОГРНИП"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_numbers_agree_with_the_fns_rule(seed):
    rng = random.Random(seed)
    legal = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    first = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    second = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    for _ in range(2000):
        body = random_digits(rng, "77", 9)
        assert inn_check_digits(body) == fns_control(body, legal)
        right = body + fns_control(body, legal)
        assert validate_inn(right) is None
        wrong = body + str((int(right[-1]) + rng.randint(1, 9)) % 10)
        assert validate_inn(wrong) == "Неверное контрольное число ИНН"

        body = random_digits(rng, "50", 10)
        d11 = fns_control(body, first)
        right = body + d11 + fns_control(body + d11, second)
        assert inn_check_digits(body) == right[10:]
        assert validate_inn(right) is None and is_individual_inn(right)
        assert not is_individual_inn(right[:11] + str((int(right[11]) + 1) % 10))

        body = random_digits(rng, "1", 12)
        assert ogrn_check_digit(body) == fns_ogrn_control(body)
        assert validate_ogrn(body + fns_ogrn_control(body)) is None
        assert validate_ogrn(body + str((int(fns_ogrn_control(body)) + 1) % 10)) is not None

        body = random_digits(rng, "3", 14)
        assert ogrn_check_digit(body) == fns_ogrn_control(body)
        assert validate_ogrn(body + fns_ogrn_control(body)) is None
        assert validate_ogrn(body + str((int(fns_ogrn_control(body)) + 1) % 10)) is not None


def test_demo_identifiers_are_valid():
    for seed in (0, 1, 7, 901, 5000, 99999):
        assert validate_inn(inn_for(seed), allow_individual=False) is None
        assert validate_ogrn(ogrn_for(seed), allow_individual=False) is None
