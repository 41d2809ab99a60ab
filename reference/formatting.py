"""Russian display formats, one convention for the pages, the messages and the documents.

* Numbers: thousands grouped with U+202F (narrow no-break space), a decimal comma, the
  minus sign U+2212, rounded half up (display only): «−1 234 567,89».
* Money: the number, a no-break space, «руб.»: «1 234 567,89 руб.» (whole rubles on the
  result pages: ``places=0``).
* Percentages: a fraction times 100, a no-break space, «%»: 0.25094 → «25,09 %».
* Dates DD.MM.YYYY; date-times in Moscow time, DD.MM.YYYY HH:MM(:SS).
* A missing or non-finite value is «—».

Pure Python (no Django): commission.protocol and commission.domain use it too; the
template filters of reference/templatetags/otbor.py call it.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from zoneinfo import ZoneInfo

__all__ = [
    "DASH",
    "GROUP_SEPARATOR",
    "MOSCOW",
    "NBSP",
    "RUBLES",
    "format_date",
    "format_datetime",
    "format_grouped_input",
    "format_input_number",
    "format_money",
    "format_number",
    "format_percent",
]

DASH = "—"
NBSP = "\u00a0"
GROUP_SEPARATOR = "\u202f"
MINUS = "\u2212"
RUBLES = "руб."
MOSCOW = ZoneInfo("Europe/Moscow")


def as_decimal(value: object) -> Decimal | None:
    """A finite ``Decimal`` from a number or numeric text, else ``None`` (floats by their
    shortest repr, so 0.125 stays 0.125)."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        if isinstance(value, float):
            decimal = Decimal(repr(value)) if math.isfinite(value) else None
        elif isinstance(value, Decimal | int):
            decimal = Decimal(value)
        else:
            decimal = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return decimal if decimal is not None and decimal.is_finite() else None


def format_number(value: object, places: int = 2) -> str:
    """«1 234 567,89»: grouped thousands, decimal comma, rounded half up; None → «—»."""
    decimal = as_decimal(value)
    if decimal is None:
        return DASH
    with localcontext(prec=60):
        rounded = decimal.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = MINUS if rounded < 0 else ""
    integer, _, fraction = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = GROUP_SEPARATOR.join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_money(value: object, places: int = 2, unit: str = RUBLES) -> str:
    """«1 234 567,89 руб.»; None → «—». ``unit``: the currency's name in the reader's
    language on screen (documents keep «руб.»)."""
    text = format_number(value, places)
    return text if text == DASH else f"{text}{NBSP}{unit}"


def format_percent(value: object, places: int = 2) -> str:
    """A fraction as a percentage: 0.25094 → «25,09 %»; None → «—»."""
    decimal = as_decimal(value)
    if decimal is None:
        return DASH
    return f"{format_number(decimal * 100, places)}{NBSP}%"


def format_input_number(value: object) -> str:
    """For an input the user edits: no grouping, a decimal comma, no trailing zeros
    (52000, 0,125); None → ""."""
    if value is None:
        return ""
    text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_grouped_input(value: object) -> str:
    """For a grid cell the user edits: grouped thousands (U+202F), a decimal comma, an
    ASCII minus, no trailing zeros («1 200 000 000», «-2 500,5»); None → ""."""
    decimal = as_decimal(value)
    if decimal is None:
        return ""
    exponent = decimal.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    text = format_number(decimal, places=places)
    return text.replace(MINUS, "-")


def format_date(value: date | None) -> str:
    """DD.MM.YYYY (a date-time: its Moscow date); None → «—»."""
    if value is None:
        return DASH
    if isinstance(value, datetime):
        value = _moscow(value)
    return value.strftime("%d.%m.%Y")


def format_datetime(value: datetime | None, *, seconds: bool = False) -> str:
    """DD.MM.YYYY HH:MM(:SS) in Moscow time (a naive value is taken as Moscow's); None → «—»."""
    if value is None:
        return DASH
    return _moscow(value).strftime("%d.%m.%Y %H:%M:%S" if seconds else "%d.%m.%Y %H:%M")


def _moscow(value: datetime) -> datetime:
    return value.astimezone(MOSCOW) if value.tzinfo is not None else value
