"""Pure validators for applicant data: INN, OGRN/OGRNIP, KPP, Russian phone numbers and
Russian-formatted numbers.

The ``validate_*`` functions return a Russian error message or ``None``; they never raise
and touch no Django machinery, so forms, the XLSX import and the case parser can share
them. The ``*_validator`` wrappers at the bottom raise
:class:`django.core.exceptions.ValidationError` for model and form fields.

Checksums (Federal Tax Service algorithms):

* INN of a legal entity, 10 digits: ``sum(d[i] * w[i]) % 11 % 10`` with
  w = 2 4 10 3 5 9 4 6 8 equals the 10th digit.
* INN of an individual (entrepreneur), 12 digits: two check digits, weights
  7 2 4 10 3 5 9 4 6 8 for the 11th and 3 7 2 4 10 3 5 9 4 6 8 for the 12th.
* OGRN, 13 digits: ``int(first 12) % 11 % 10`` equals the 13th digit; the first digit
  is 1 or 5 (a primary state registration number of a legal entity).
* OGRNIP, 15 digits: ``int(first 14) % 13 % 10`` equals the 15th digit; first digit 3.

:func:`inn_check_digits` and :func:`ogrn_check_digit` are the one computation of these
digits (the demo's identifiers and the log filter use them too). python-stdnum was
considered and not taken: its ``stdnum.ru.ogrn`` (2.2) computes the OGRNIP digit as
``% 13`` without the final ``% 10``, so it refuses every valid OGRNIP whose remainder is
10, 11 or 12 (about 3 in 13); tests/reference/test_check_digits.py pins the rule.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_KPP_RE = re.compile(r"\d{4}[\dA-Z]{2}\d{3}")

#: Largest absolute value ``parse_decimal_ru`` accepts (10^15 rubles is far above any project).
MAX_ABS_NUMBER = Decimal("1e15")
_MAX_NUMBER_TEXT = 64

# Regular, no-break, figure, thin and narrow no-break spaces: all are thousands separators.
_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u2009\u202f\t"})
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_NUMBER_RE = re.compile(r"(?P<sign>[+-]?)(?P<int>\d{1,3}(?: \d{3})+|\d+)(?:[.,](?P<frac>\d+))?")


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10


def inn_check_digits(body: str) -> str:
    """The check digit(s) of an INN: one for a 9-digit body (a legal entity's 10-digit
    INN), two for a 10-digit body (an individual's 12-digit INN)."""
    if len(body) == 9:
        return str(_check_digit(body, _INN10_WEIGHTS))
    if len(body) == 10:
        first = str(_check_digit(body, _INN12_WEIGHTS_11))
        return first + str(_check_digit(body + first, _INN12_WEIGHTS_12))
    raise ValueError(f"an INN body has 9 or 10 digits, not {len(body)}")


def ogrn_check_digit(body: str) -> str:
    """The check digit of an OGRN (12-digit body, remainder of 11) or an OGRNIP (14-digit
    body, remainder of 13); a two-digit remainder gives its last digit."""
    if len(body) == 12:
        return str(int(body) % 11 % 10)
    if len(body) == 14:
        return str(int(body) % 13 % 10)
    raise ValueError(f"an OGRN body has 12 or 14 digits, not {len(body)}")


def is_individual_inn(text: str) -> bool:
    """A 12-digit number whose two INN check digits hold."""
    return len(text) == 12 and text.isascii() and text.isdigit() and inn_check_digits(text[:10]) == text[10:]


def _as_text(value: object) -> str:
    return value.strip() if isinstance(value, str) else str(value)


def validate_inn(value: object, *, allow_individual: bool = True) -> str | None:
    """INN of a legal entity (10 digits) or, if allowed, of an individual (12 digits)."""
    text = _as_text(value)
    lengths = _("10 или 12 цифр") if allow_individual else _("10 цифр")
    if not text.isascii() or not text.isdigit():
        return _("ИНН должен состоять только из цифр (%(lengths)s)") % {"lengths": lengths}
    if len(text) == 10 or (len(text) == 12 and allow_individual):
        body = text[:9] if len(text) == 10 else text[:10]
        if inn_check_digits(body) != text[len(body) :]:
            return _("Неверное контрольное число ИНН")
    else:
        return _("ИНН должен содержать %(lengths)s, указано %(count)s") % {
            "lengths": lengths,
            "count": len(text),
        }
    if text.startswith("00"):
        return _("ИНН не может начинаться с 00 (нет такого кода налогового органа)")
    return None


def validate_ogrn(value: object, *, allow_individual: bool = True) -> str | None:
    """OGRN (13 digits) or, if allowed, OGRNIP of an individual entrepreneur (15 digits)."""
    text = _as_text(value)
    lengths = _("13 цифр (ОГРН) или 15 цифр (ОГРНИП)") if allow_individual else _("13 цифр")
    if not text.isascii() or not text.isdigit():
        return _("ОГРН должен состоять только из цифр (%(lengths)s)") % {"lengths": lengths}
    if len(text) == 13:
        if text[0] not in "15":
            return _("ОГРН юридического лица начинается с цифры 1 или 5")
        if ogrn_check_digit(text[:12]) != text[12]:
            return _("Неверное контрольное число ОГРН")
        return None
    if len(text) == 15 and allow_individual:
        if text[0] != "3":
            return _("ОГРНИП начинается с цифры 3")
        if ogrn_check_digit(text[:14]) != text[14]:
            return _("Неверное контрольное число ОГРНИП")
        return None
    return _("ОГРН должен содержать %(lengths)s, указано %(count)s") % {
        "lengths": lengths,
        "count": len(text),
    }


def validate_kpp(value: object) -> str | None:
    """KPP: 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits."""
    text = _as_text(value)
    if len(text) != 9:
        return _("КПП должен содержать 9 знаков, указано %(count)s") % {"count": len(text)}
    if not _KPP_RE.fullmatch(text):
        return _("КПП: первые 4 и последние 3 знака — цифры, 5-й и 6-й — цифры или заглавные латинские буквы")
    return None


# Russian numbers only (the applicants are Russian organisations): +7 and ten digits, the
# first of them 3, 4, 8 or 9 (geographic codes 3xx/4xx/8xx, mobile 9xx; +7 6xx and 7xx are
# Kazakhstan's). A hand-written rule rather than the phonenumbers library: one country, one
# display format, and no 10 MB of metadata to keep current for it.
_PHONE_CHARACTERS = re.compile(r"^[\d\s()+\-.\u00a0\u2011\u2012\u2013]+$")
_RUSSIAN_FIRST_DIGITS = "3489"


def normalise_phone(value: object) -> str:
    """A Russian phone number as ``+7 XXX XXX-XX-XX``. Accepts +7…, 8… or the ten digits,
    with spaces, brackets, dots and dashes. Raises ``ValueError`` with a Russian message."""
    text = _as_text(value)
    if not text:
        raise ValueError(_("Укажите номер телефона"))
    if not _PHONE_CHARACTERS.match(text):
        raise ValueError(_("Номер телефона может содержать только цифры, пробелы, скобки, дефисы и знак +"))
    digits = re.sub(r"\D", "", text)
    if text.count("+") > 1 or ("+" in text and not text.startswith("+")):
        raise ValueError(_("Знак + ставится только в начале номера: +7 XXX XXX-XX-XX"))
    if text.startswith("+"):
        if not digits.startswith("7"):
            raise ValueError(_("Укажите российский номер: +7 и 10 цифр"))
        national = digits[1:]
    elif len(digits) >= 11 and digits[0] in "78":
        national = digits[1:]
    else:
        national = digits
    if len(national) != 10:
        raise ValueError(
            _("В номере должно быть 10 цифр после +7 или 8, указано %(count)s") % {"count": len(national)}
        )
    if national[0] not in _RUSSIAN_FIRST_DIGITS:
        raise ValueError(_("Код города или оператора в российском номере начинается с 3, 4, 8 или 9"))
    return f"+7 {national[:3]} {national[3:6]}-{national[6:8]}-{national[8:]}"


def validate_phone(value: object) -> str | None:
    """A Russian error message for a phone number :func:`normalise_phone` refuses, or None."""
    try:
        normalise_phone(value)
    except ValueError as error:
        return str(error)
    return None


class NumberTooLarge(ValueError):
    """A number above 10^15 in absolute value (the XLSX import reports it as such)."""


def parse_decimal_ru(text: object) -> Decimal:
    """Parse a number as Russians type it: ``1 234 567,89``, ``-12.5``, ``1 000``.

    Thousands may be separated by regular, no-break or thin spaces (groups of three);
    the decimal separator is a comma or a dot. NaN, infinity, exponents, empty text
    and numbers above 10^15 in absolute value are refused with a Russian ``ValueError``.
    ``int``, ``float`` and ``Decimal`` values are accepted as they are (if finite).
    """
    if isinstance(text, bool):
        raise ValueError(_("Ожидалось число, а не логическое значение"))
    if isinstance(text, int | float | Decimal):
        number = Decimal(str(text)) if isinstance(text, float) else Decimal(text)
        return _checked(number)
    if not isinstance(text, str):
        raise ValueError(_("Ожидалось число"))
    cleaned = text.translate(_SPACES).translate(_MINUS_SIGNS).strip()
    if not cleaned:
        raise ValueError(_("Пустое значение: ожидалось число"))
    if len(cleaned) > _MAX_NUMBER_TEXT:
        raise ValueError(_("Слишком длинная запись числа"))
    match = _NUMBER_RE.fullmatch(cleaned)
    if match is None:
        lowered = cleaned.lower().lstrip("+-")
        if lowered in {"nan", "inf", "infinity", "бесконечность"}:
            raise ValueError(_("Недопустимое значение: NaN и бесконечность не являются числами"))
        raise ValueError(_("Не удалось распознать число «%(text)s»") % {"text": cleaned})
    digits = match["int"].replace(" ", "")
    literal = f"{match['sign']}{digits}.{match['frac'] or '0'}"
    try:
        number = Decimal(literal)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise ValueError(_("Не удалось распознать число «%(text)s»") % {"text": cleaned}) from exc
    return _checked(number)


def _checked(number: Decimal) -> Decimal:
    if not number.is_finite():
        raise ValueError(_("Недопустимое значение: NaN и бесконечность не являются числами"))
    if abs(number) > MAX_ABS_NUMBER:
        raise NumberTooLarge(_("Слишком большое число: по модулю допускается не более 10^15"))
    return number


# --- Django field validators -------------------------------------------------------------


def _raise_if(message: str | None, code: str) -> None:
    if message is not None:
        raise ValidationError(message, code=code)


def inn_validator(value: object) -> None:
    """Field validator: INN of a legal entity or an individual entrepreneur."""
    _raise_if(validate_inn(value), "invalid_inn")


def legal_entity_inn_validator(value: object) -> None:
    """Field validator: INN of a legal entity only (10 digits)."""
    _raise_if(validate_inn(value, allow_individual=False), "invalid_inn")


def ogrn_validator(value: object) -> None:
    """Field validator: OGRN (13 digits) or OGRNIP (15 digits)."""
    _raise_if(validate_ogrn(value), "invalid_ogrn")


def legal_entity_ogrn_validator(value: object) -> None:
    """Field validator: OGRN of a legal entity only (13 digits)."""
    _raise_if(validate_ogrn(value, allow_individual=False), "invalid_ogrn")


def kpp_validator(value: object) -> None:
    """Field validator: KPP."""
    _raise_if(validate_kpp(value), "invalid_kpp")


def phone_validator(value: object) -> None:
    """Field validator: a Russian phone number (an empty value is the field's business)."""
    if _as_text(value):
        _raise_if(validate_phone(value), "invalid_phone")


def decimal_ru_validator(value: object) -> None:
    """Field validator: text that :func:`parse_decimal_ru` accepts."""
    try:
        parse_decimal_ru(value)
    except ValueError as exc:
        raise ValidationError(str(exc), code="invalid_number") from exc
