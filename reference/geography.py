"""Where a project sits among the industrial clusters and the regions' specialisations.

Read-only selectors over the cluster and employment reference data, used by the
application's pages (through the ``geography`` template tags) and the regional view.

The location quotient of section *s* in region *r* is the share of *s* in the region's
employment over its share in the country's: ``LQ = (E_rs / E_r) / (E_s / E)``. A region
whose LQ is above :data:`CONCENTRATION_THRESHOLD` is one where the industry is
concentrated (the usual rule of cluster studies, 1,25).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from reference.models import Cluster, EmploymentFigure, EmploymentTable, OkvedCode

CONCENTRATION_THRESHOLD = 1.25


@dataclass(frozen=True)
class Quotients:
    """The location quotients of one employment table: section → region code → LQ."""

    table: EmploymentTable | None
    by_section: dict[str, dict[str, float]] = field(default_factory=dict)

    def of(self, section: str, region_code: str | None) -> float | None:
        return self.by_section.get(section, {}).get(region_code or "")

    def concentrated_regions(self, section: str) -> list[str]:
        """Codes of the regions where ``section`` is concentrated, the highest LQ first."""
        values = self.by_section.get(section, {})
        found = [code for code, lq in values.items() if lq > CONCENTRATION_THRESHOLD]
        return sorted(found, key=lambda code: (-values[code], code))


def current_employment_table() -> EmploymentTable | None:
    return EmploymentTable.objects.order_by("-imported_at", "-pk").first()


def location_quotients(table: EmploymentTable | None = None) -> Quotients:
    """The LQ of every (section, region) of ``table`` (the newest when None); one query.
    A region without a total or a country without the section gives no LQ."""
    table = table or current_employment_table()
    if table is None:
        return Quotients(table=None)
    figures: dict[tuple[str, str], Decimal] = {}
    for region_id, section, employed in EmploymentFigure.objects.filter(table=table).values_list(
        "region_id", "section", "employed"
    ):
        figures[(region_id or "", section)] = employed
    country_total = figures.get(("", ""))
    by_section: dict[str, dict[str, float]] = defaultdict(dict)
    for (region, section), employed in figures.items():
        if not region or not section:
            continue
        region_total = figures.get((region, ""))
        country_section = figures.get(("", section))
        if not region_total or not country_section or not country_total:
            continue
        by_section[section][region] = float((employed / region_total) / (country_section / country_total))
    return Quotients(table=table, by_section=dict(by_section))


def section_of(okved: str) -> str:
    """The OKVED2 section letter of a code («29.10» → «C»), blank when unknown."""
    code = (okved or "").strip()
    if not code:
        return ""
    if len(code) == 1 and code.isalpha():
        return code.upper()
    row = OkvedCode.objects.filter(code=code).values_list("section", flat=True).first()
    if row:
        return row
    # Codes not in the loaded classifier: the class (first two digits) decides the section.
    return OkvedCode.objects.filter(code=code[:2]).values_list("section", flat=True).first() or ""


def clusters_of_inn(inn: str) -> list[Cluster]:
    """The clusters whose participants include the organisation with this INN."""
    if not inn:
        return []
    return list(Cluster.objects.filter(participants__inn=inn).select_related("region").distinct())


@dataclass(frozen=True)
class ProjectGeography:
    clusters: list[Cluster]
    section: str
    table: EmploymentTable | None
    region_lq: float | None
    concentrated_here: bool
    concentrated_regions: list[tuple[str, str, float]]  # (code, name, LQ)


def project_geography(*, inn: str, okved: str, region_code: str | None) -> ProjectGeography:
    """Cluster membership of the organisation and the concentration of the project's
    industry: its region's LQ and the regions where LQ > 1,25. A few queries."""
    from reference.models import Region

    section = section_of(okved)
    quotients = location_quotients() if section else Quotients(table=None)
    region_lq = quotients.of(section, region_code) if section else None
    codes = quotients.concentrated_regions(section) if section else []
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    return ProjectGeography(
        clusters=clusters_of_inn(inn),
        section=section,
        table=quotients.table,
        region_lq=region_lq,
        concentrated_here=region_lq is not None and region_lq > CONCENTRATION_THRESHOLD,
        concentrated_regions=[
            (code, names.get(code, code), quotients.by_section[section][code]) for code in codes
        ],
    )
