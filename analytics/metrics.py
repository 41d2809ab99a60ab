"""The figures the regional view shows per region, their labels and how each is written.

Money is shown in millions of rubles (the table, the map and its legend), exported in
rubles; the integral GRP indicator is the mean over the region's projects, every other
figure a sum.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reference.formatting import format_number


@dataclass(frozen=True)
class Metric:
    key: str
    label: Promise
    unit: Promise | str
    kind: str  # "count", "money" (rubles), "number" (rubles, float) or "index"

    def display(self, value: object) -> str:
        """The value as the page writes it (money in млн руб.)."""
        if value is None:
            return "—"
        if self.kind in ("money", "number"):
            return format_number(float(value) / 1e6, 1)  # type: ignore[arg-type]
        if self.kind == "index":
            return format_number(value, 6)
        return format_number(value, 0)

    def scale(self, value: object) -> float | None:
        """The value as the map's colour scale reads it (the same unit as ``display``)."""
        if value is None:
            return None
        number = float(value)  # type: ignore[arg-type]
        return number / 1e6 if self.kind in ("money", "number") else number


MILLIONS = _("млн руб.")

METRICS: tuple[Metric, ...] = (
    Metric("applications", _("Заявки"), "", "count"),
    Metric("admitted", _("Допущены"), "", "count"),
    Metric("winners", _("Победители"), "", "count"),
    Metric("investment", _("Инвестиции (стоимость проектов)"), MILLIONS, "money"),
    Metric("subsidy_requested", _("Субсидия запрошенная"), MILLIONS, "money"),
    Metric("subsidy_granted", _("Субсидия предоставленная (победителям)"), MILLIONS, "money"),
    Metric("jobs", _("Высокопроизводительные рабочие места"), "", "count"),
    Metric("nnpv", _("Бюджетный эффект (NNPV)"), MILLIONS, "number"),
    Metric("integral", _("Интегральный показатель ВРП (среднее)"), "", "index"),
)
METRIC_BY_KEY = {metric.key: metric for metric in METRICS}
DEFAULT_METRIC = "investment"
