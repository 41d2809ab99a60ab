"""Russian display formats shared by every protocol exporter.

Money: «1 234 567,89 руб.» with U+202F (narrow no-break space) between thousands and a
no-break space before the unit; percentages «25,09 %»; dates DD.MM.YYYY; a missing value
is «—». Negative numbers take the minus sign U+2212. Rounding is half up, display only.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from commission.domain import format_points

__all__ = [
    "DASH",
    "GROUP_SEPARATOR",
    "NBSP",
    "format_date",
    "format_money",
    "format_number",
    "format_percent",
    "format_points",
    "xml_safe",
]

DASH = "—"
NBSP = "\u00a0"
GROUP_SEPARATOR = "\u202f"
MINUS = "\u2212"

# Characters XML 1.0 cannot carry (python-docx and openpyxl refuse them).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _as_decimal(value: Decimal | float | int | None) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return Decimal(repr(value))
    decimal = Decimal(value)
    return decimal if decimal.is_finite() else None


def format_number(value: Decimal | float | int | None, places: int = 2) -> str:
    """«1 234 567,89»: grouped thousands, decimal comma, rounded half up; None → «—»."""
    decimal = _as_decimal(value)
    if decimal is None:
        return DASH
    with localcontext(prec=60):
        rounded = decimal.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = MINUS if rounded < 0 else ""
    integer, _, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = GROUP_SEPARATOR.join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_money(value: Decimal | float | int | None, places: int = 2) -> str:
    """«1 234 567,89 руб.»; None → «—»."""
    text = format_number(value, places)
    return text if text == DASH else f"{text}{NBSP}руб."


def format_percent(value: float | Decimal | None, places: int = 2) -> str:
    """A fraction as a percentage: 0.25094 → «25,09 %»; None → «—»."""
    decimal = _as_decimal(value)
    if decimal is None:
        return DASH
    return f"{format_number(decimal * 100, places)}{NBSP}%"


def format_date(value: date | None) -> str:
    """DD.MM.YYYY; None → «—»."""
    return DASH if value is None else value.strftime("%d.%m.%Y")


def xml_safe(text: str) -> str:
    """The text without the control characters that XML (DOCX, XLSX) cannot hold."""
    return _XML_ILLEGAL.sub("", text)
