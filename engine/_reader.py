"""Primitive readers for the case file: each checks one JSON value and names its path."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from .errors import CaseError

# ASCII digits only (\d would take Arabic-Indic ones) and nothing after (no trailing newline).
_DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MONEY_LIMIT = 1e15


def fields(
    data: Any, path: str, required: Collection[str], optional: Collection[str] = ()
) -> Mapping[str, Any]:
    """Check that ``data`` is an object with exactly the allowed keys."""
    if not isinstance(data, Mapping):
        raise CaseError(path or "$", "ожидается объект", "an object is expected")
    for key in required:
        if key not in data:
            raise CaseError(join(path, key), "обязательное поле отсутствует", "required key is missing")
    allowed = set(required) | set(optional)
    for key in sorted(map(str, data)):
        if key not in allowed:
            raise CaseError(join(path, key), "неизвестное поле", "unknown key")
    return data


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def number(value: Any, path: str) -> float:
    """A finite JSON number; booleans and strings are not numbers."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CaseError(path, "ожидается число", "a number is expected")
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        raise CaseError(path, "число должно быть конечным", "the number must be finite")
    return result


def non_negative(value: Any, path: str) -> float:
    result = number(value, path)
    if result < 0:
        raise CaseError(path, "значение не может быть отрицательным", "the value must not be negative")
    return result


def positive(value: Any, path: str) -> float:
    result = number(value, path)
    if result <= 0:
        raise CaseError(path, "значение должно быть больше нуля", "the value must be positive")
    return result


def integer(value: Any, path: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """An integral JSON number (``5`` or ``5.0``), optionally bounded."""
    result = number(value, path)
    if not result.is_integer():
        raise CaseError(path, "ожидается целое число", "an integer is expected")
    if minimum is not None and result < minimum:
        raise CaseError(
            path,
            f"значение должно быть не меньше {minimum}",
            f"the value must be at least {minimum}",
        )
    if maximum is not None and result > maximum:
        raise CaseError(
            path,
            f"значение должно быть не больше {maximum}",
            f"the value must be at most {maximum}",
        )
    return int(result)


def money(value: Any, path: str) -> float:
    """An amount of rubles within ±10^15 (beyond it sums lose their kopecks and overflow)."""
    result = number(value, path)
    if abs(result) > MONEY_LIMIT:
        raise CaseError(
            path,
            "сумма вне пределов ±10^15 рублей",
            "the amount is beyond ±10^15 rubles",
        )
    return result


def non_negative_money(value: Any, path: str) -> float:
    return non_negative(money(value, path), path)


def positive_money(value: Any, path: str) -> float:
    return positive(money(value, path), path)


def text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise CaseError(path, "ожидается строка", "a string is expected")
    return value


def boolean(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise CaseError(path, "ожидается true или false", "true or false is expected")
    return value


def iso_date(value: Any, path: str) -> date:
    """A calendar date written as ``YYYY-MM-DD``; impossible dates are refused."""
    if not isinstance(value, str) or not _DATE_PATTERN.fullmatch(value):
        raise CaseError(path, "ожидается дата ГГГГ-ММ-ДД", "a YYYY-MM-DD date is expected")
    try:
        return date(int(value[:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        raise CaseError(path, "такой даты не существует", "the date does not exist") from None


def series(value: Any, path: str, length: int, *, of_money: bool = True) -> tuple[float, ...]:
    """An array of finite numbers of the given length (amounts of rubles by default)."""
    if not isinstance(value, (list, tuple)):
        raise CaseError(path, "ожидается массив чисел", "an array of numbers is expected")
    if len(value) != length:
        raise CaseError(
            path,
            f"длина ряда {len(value)}, а лет {length}",
            f"the series has {len(value)} values for {length} years",
        )
    read = money if of_money else number
    return tuple(read(item, f"{path}[{index}]") for index, item in enumerate(value))


def positive_series(value: Any, path: str, length: int, *, of_money: bool) -> tuple[float, ...]:
    result = series(value, path, length, of_money=of_money)
    for index, item in enumerate(result):
        if item <= 0:
            raise CaseError(
                f"{path}[{index}]", "значение должно быть больше нуля", "the value must be positive"
            )
    return result


def text_list(value: Any, path: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise CaseError(path, "ожидается массив строк", "an array of strings is expected")
    return tuple(text(item, f"{path}[{index}]") for index, item in enumerate(value))
