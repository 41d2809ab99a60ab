"""Storing the reference data the secretary imports: each import replaces the previous
list (clusters) or adds the table in force (employment), in one transaction, with an
audit entry. Parsing and every check happen before (analytics.imports), so a wrong
workbook stores nothing."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from analytics.imports import ClusterRow, EmploymentRow
from audit.services import record
from reference.models import Cluster, ClusterParticipant, EmploymentFigure, EmploymentTable


def replace_clusters(*, rows: list[ClusterRow], by, is_demo: bool = False) -> int:
    """Delete every cluster and store ``rows`` instead (participants by INN, specialisation
    by OKVED2 code). Returns the number of clusters. Audited."""
    with transaction.atomic():
        Cluster.objects.all().delete()
        for row in rows:
            cluster = Cluster.objects.create(name=row.name, region_id=row.region_code, is_demo=is_demo)
            cluster.specialisation.set(row.okved_codes)
            ClusterParticipant.objects.bulk_create(
                [ClusterParticipant(cluster=cluster, inn=inn) for inn in row.inns]
            )
        record(
            action="clusters.imported",
            object_type="clusters",
            object_id="",
            actor=by,
            data={"clusters": len(rows), "participants": sum(len(r.inns) for r in rows)},
        )
    return len(rows)


def store_employment_table(
    *, rows: list[EmploymentRow], title: str, year: int, by, is_demo: bool = False
) -> EmploymentTable:
    """Store the table; it becomes the one in force (the newest). Audited."""
    with transaction.atomic():
        table = EmploymentTable.objects.create(title=title, year=year, is_demo=is_demo)
        figures = []
        for row in rows:
            region = row.region_code or None
            figures.append(
                EmploymentFigure(table=table, region_id=region, section="", employed=_d(row.total))
            )
            figures += [
                EmploymentFigure(table=table, region_id=region, section=letter, employed=_d(value))
                for letter, value in row.sections.items()
            ]
        EmploymentFigure.objects.bulk_create(figures)
        record(
            action="employment_table.imported",
            object_type="employment_table",
            object_id=table.pk,
            actor=by,
            data={"title": title, "year": year, "rows": len(rows)},
        )
    return table


def _d(value: float) -> Decimal:
    return Decimal(str(round(value, 3)))
