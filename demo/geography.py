"""Demo clusters and a demo employment table (flagged as demo data): a few real cluster
names with demo organisations as participants, and plausible — not official — figures
of employment by OKVED2 sections B–E for the demo's regions, in thousand people."""

from __future__ import annotations

from analytics.imports import ClusterRow, EmploymentRow
from analytics.services import replace_clusters, store_employment_table
from demo.identifiers import inn_for
from reference.models import Cluster, EmploymentTable

# (name, region, specialisation, indexes of the demo organisations — seed 100 + index).
CLUSTERS = [
    ("Калужский автомобильный кластер", "40", ("29.10", "29.32"), (17, 0)),
    (
        "Камский инновационный территориально-производственный кластер",
        "16",
        ("29.10", "20.16", "22.21"),
        (10, 11),
    ),
    ("Нижегородский индустриальный инновационный кластер", "52", ("28.93", "29.10"), (2,)),
    (
        "Кластер медицинской и фармацевтической промышленности Санкт-Петербурга",
        "78",
        ("21.20", "32.50"),
        (7, 6),
    ),
    ("Машиностроительный кластер Удмуртской Республики", "18", ("28.41", "28.30"), (3, 1)),
    ("Уральский электротехнический кластер", "74", ("27.32", "27.11"), (5,)),
]

# Region (blank: the Russian Federation) → total, B, C, D, E (thousand people).
EMPLOYMENT = {
    "": (72000, 1100, 10000, 1600, 700),
    "14": (480, 45, 15, 12, 5),
    "16": (1950, 45, 360, 30, 14),
    "18": (700, 18, 150, 11, 5),
    "23": (2600, 10, 250, 35, 18),
    "25": (950, 8, 80, 20, 9),
    "35": (560, 1, 100, 10, 5),
    "37": (460, 0.5, 85, 7, 4),
    "39": (500, 2, 80, 8, 4),
    "40": (500, 1, 100, 8, 4),
    "47": (900, 5, 150, 16, 7),
    "50": (4000, 4, 560, 48, 28),
    "52": (1600, 2, 330, 26, 12),
    "54": (1330, 5, 150, 22, 10),
    "61": (1900, 12, 260, 32, 16),
    "63": (1550, 28, 300, 25, 11),
    "66": (2100, 30, 400, 36, 16),
    "73": (570, 2, 110, 9, 4),
    "74": (1650, 20, 380, 30, 13),
    "76": (600, 0.5, 120, 10, 5),
    "77": (7200, 10, 540, 70, 35),
    "78": (3300, 2, 420, 40, 20),
}


def ensure_geography_demo(*, by) -> None:
    """Load the demo clusters and employment table unless there are any already."""
    if not Cluster.objects.exists():
        replace_clusters(
            rows=[
                ClusterRow(name, region, codes, tuple(inn_for(100 + index) for index in members))
                for name, region, codes, members in CLUSTERS
            ],
            by=by,
            is_demo=True,
        )
    if not EmploymentTable.objects.exists():
        rows = [
            EmploymentRow(region_code=code, total=total, sections=dict(zip("BCDE", sections, strict=True)))
            for code, (total, *sections) in EMPLOYMENT.items()
        ]
        store_employment_table(
            rows=rows,
            title="Численность занятых по разделам B–E ОКВЭД2 (демонстрационные данные, не Росстат)",
            year=2014,
            by=by,
            is_demo=True,
        )
