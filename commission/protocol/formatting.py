"""Russian display formats shared by every protocol exporter: reference.formatting's
(money «1 234 567,89 руб.» with U+202F between thousands and a no-break space before the
unit; percentages «25,09 %»; dates DD.MM.YYYY; «—» for a missing value; minus U+2212;
rounding half up, display only), the commission's points, and :func:`xml_safe`.
"""

from __future__ import annotations

import re

from commission.domain import format_points
from reference.formatting import (
    DASH,
    GROUP_SEPARATOR,
    NBSP,
    format_date,
    format_money,
    format_number,
    format_percent,
)

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

# Characters XML 1.0 cannot carry (python-docx and openpyxl refuse them).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """The text without the control characters that XML (DOCX, XLSX) cannot hold."""
    return _XML_ILLEGAL.sub("", text)
