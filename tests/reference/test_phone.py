"""Russian phone numbers: accepted as people type them, stored as +7 XXX XXX-XX-XX, refused
with a Russian reason (letters, wrong lengths, foreign numbers)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from reference.validators import normalise_phone, phone_validator, validate_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+7 900 123-45-67", "+7 900 123-45-67"),
        ("8 (900) 123-45-67", "+7 900 123-45-67"),
        ("+7(495)1234567", "+7 495 123-45-67"),
        ("84951234567", "+7 495 123-45-67"),
        ("7 900 123 45 67", "+7 900 123-45-67"),
        ("9001234567", "+7 900 123-45-67"),
        ("  +7\u00a0401\u00a0255-12-34 ", "+7 401 255-12-34"),
        ("+7 4012 55-12-34", "+7 401 255-12-34"),
        ("8.800.555.35.35", "+7 800 555-35-35"),
    ],
)
def test_russian_numbers_are_normalised(typed, stored):
    assert normalise_phone(typed) == stored
    assert validate_phone(typed) is None


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("abc", "только цифры"),
        ("+7 900 CALL-ME", "только цифры"),
        ("+7 900 123-45", "10 цифр после +7 или 8, указано 8"),
        ("8 900 123-45-678", "10 цифр после +7 или 8, указано 11"),
        ("123", "указано 3"),
        ("+1 212 555 1234", "российский номер"),
        ("+44 20 7946 0958", "российский номер"),
        ("8 700 123 45 67", "начинается с 3, 4, 8 или 9"),
        ("+7 000 000-00-00", "начинается с 3, 4, 8 или 9"),
        ("900+1234567", "Знак + ставится только в начале"),
        ("", "Укажите номер телефона"),
    ],
)
def test_other_input_is_refused_in_russian(typed, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        normalise_phone(typed)
    assert reason in validate_phone(typed)


def test_the_field_validator_leaves_an_empty_optional_field_alone():
    phone_validator("")
    with pytest.raises(ValidationError) as caught:
        phone_validator("abc")
    assert caught.value.code == "invalid_phone"
