from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reference.validators import (
    decimal_ru_validator,
    inn_validator,
    kpp_validator,
    legal_entity_inn_validator,
    legal_entity_ogrn_validator,
    ogrn_validator,
    parse_decimal_ru,
    validate_inn,
    validate_kpp,
    validate_ogrn,
)

SBERBANK_INN = "7707083893"
SBERBANK_OGRN = "1027700132195"
INDIVIDUAL_INN = "500100732259"
OGRNIP = "304500116000157"


@pytest.mark.parametrize("value", [SBERBANK_INN, "7736050003", INDIVIDUAL_INN, " 7707083893 "])
def test_valid_inn(value):
    assert validate_inn(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("7707083894", "Неверное контрольное число ИНН"),
        ("500100732258", "Неверное контрольное число ИНН"),
        ("500100732269", "Неверное контрольное число ИНН"),
        ("770708389", "ИНН должен содержать 10 или 12 цифр, указано 9"),
        ("77070838931", "ИНН должен содержать 10 или 12 цифр, указано 11"),
        ("77070838ab", "ИНН должен состоять только из цифр (10 или 12 цифр)"),
        ("７７０７０８３８９３", "ИНН должен состоять только из цифр (10 или 12 цифр)"),
        ("", "ИНН должен состоять только из цифр (10 или 12 цифр)"),
        ("0000000000", "ИНН не может начинаться с 00 (нет такого кода налогового органа)"),
    ],
)
def test_invalid_inn(value, message):
    assert validate_inn(value) == message


def test_individual_inn_refused_for_legal_entities():
    assert validate_inn(INDIVIDUAL_INN, allow_individual=False) == (
        "ИНН должен содержать 10 цифр, указано 12"
    )


@pytest.mark.parametrize("value", [SBERBANK_OGRN, "1027739609391", OGRNIP])
def test_valid_ogrn(value):
    assert validate_ogrn(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1027700132194", "Неверное контрольное число ОГРН"),
        ("304500116000158", "Неверное контрольное число ОГРНИП"),
        ("3027700132195", "ОГРН юридического лица начинается с цифры 1 или 5"),
        ("104500116000157", "ОГРНИП начинается с цифры 3"),
        ("102770013219", "ОГРН должен содержать 13 цифр (ОГРН) или 15 цифр (ОГРНИП), указано 12"),
        ("10277001321x5", "ОГРН должен состоять только из цифр (13 цифр (ОГРН) или 15 цифр (ОГРНИП))"),
    ],
)
def test_invalid_ogrn(value, message):
    assert validate_ogrn(value) == message


def test_ogrnip_refused_when_only_legal_entities():
    assert validate_ogrn(OGRNIP, allow_individual=False) == ("ОГРН должен содержать 13 цифр, указано 15")


@pytest.mark.parametrize("value", ["773601001", "7736AB001", "77360Z001"])
def test_valid_kpp(value):
    assert validate_kpp(value) is None


@pytest.mark.parametrize("value", ["7736ab001", "77360100A", "A73601001", "7736-1001"])
def test_invalid_kpp_layout(value):
    assert validate_kpp(value).startswith("КПП: первые 4 и последние 3 знака — цифры")


def test_kpp_length():
    assert validate_kpp("77360100") == "КПП должен содержать 9 знаков, указано 8"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234 567,89", Decimal("1234567.89")),
        ("1\u00a0234\u00a0567,89", Decimal("1234567.89")),
        ("1\u2009234\u2009567.89", Decimal("1234567.89")),
        ("1\u202f234", Decimal("1234")),
        ("-12,5", Decimal("-12.5")),
        ("\u22121 000", Decimal("-1000")),
        ("+7", Decimal("7")),
        ("  42  ", Decimal("42")),
        ("1000000", Decimal("1000000")),
        ("0.001", Decimal("0.001")),
        ("1000000000000000", Decimal("1e15")),
        (12, Decimal("12")),
        (0.1, Decimal("0.1")),
    ],
)
def test_parse_decimal_ru(text, expected):
    assert parse_decimal_ru(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Пустое значение: ожидалось число"),
        ("   ", "Пустое значение: ожидалось число"),
        ("NaN", "Недопустимое значение: NaN и бесконечность не являются числами"),
        ("-Infinity", "Недопустимое значение: NaN и бесконечность не являются числами"),
        ("inf", "Недопустимое значение: NaN и бесконечность не являются числами"),
        (float("nan"), "Недопустимое значение: NaN и бесконечность не являются числами"),
        (Decimal("Infinity"), "Недопустимое значение: NaN и бесконечность не являются числами"),
        ("1000000000000001", "Слишком большое число: по модулю допускается не более 10^15"),
        (1e16, "Слишком большое число: по модулю допускается не более 10^15"),
        ("1e5", "Не удалось распознать число «1e5»"),
        ("1,234.5", "Не удалось распознать число «1,234.5»"),
        ("12 34", "Не удалось распознать число «12 34»"),
        ("abc", "Не удалось распознать число «abc»"),
        ("1" * 65, "Слишком длинная запись числа"),
        (True, "Ожидалось число, а не логическое значение"),
        (None, "Ожидалось число"),
    ],
)
def test_parse_decimal_ru_refuses(text, message):
    with pytest.raises(ValueError) as caught:
        parse_decimal_ru(text)
    assert str(caught.value) == message


def test_django_validators():
    inn_validator(SBERBANK_INN)
    inn_validator(INDIVIDUAL_INN)
    legal_entity_inn_validator(SBERBANK_INN)
    ogrn_validator(OGRNIP)
    legal_entity_ogrn_validator(SBERBANK_OGRN)
    kpp_validator("773601001")
    decimal_ru_validator("1 000,5")
    cases = [
        (inn_validator, "7707083894", "invalid_inn"),
        (legal_entity_inn_validator, INDIVIDUAL_INN, "invalid_inn"),
        (ogrn_validator, "1027700132194", "invalid_ogrn"),
        (legal_entity_ogrn_validator, OGRNIP, "invalid_ogrn"),
        (kpp_validator, "12", "invalid_kpp"),
        (decimal_ru_validator, "NaN", "invalid_number"),
    ]
    for validator, value, code in cases:
        with pytest.raises(ValidationError) as caught:
            validator(value)
        assert caught.value.code == code
