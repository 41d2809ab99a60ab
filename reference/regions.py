"""The federal district of every subject and its tile on the cartogram of Russia.

The cartogram (a tile-grid map) gives every subject one square of the same size at
(row, column), placed roughly where the subject lies (north at the top, west on the
left), so that a small subject is as visible as a large one and no geometry is needed.
"""

from __future__ import annotations

from reference.models import FederalDistrict

DISTRICT_REGIONS: dict[str, tuple[str, ...]] = {
    FederalDistrict.CENTRAL: (
        "31", "32", "33", "36", "37", "40", "44", "46", "48",
        "50", "57", "62", "67", "68", "69", "71", "76", "77",
    ),
    FederalDistrict.NORTH_WEST: ("10", "11", "29", "35", "39", "47", "51", "53", "60", "78", "83"),
    FederalDistrict.SOUTH: ("01", "08", "23", "30", "34", "61", "91", "92"),
    FederalDistrict.NORTH_CAUCASUS: ("05", "06", "07", "09", "15", "20", "26"),
    FederalDistrict.VOLGA: (
        "02", "12", "13", "16", "18", "21", "43", "52", "56", "58", "59", "63", "64", "73",
    ),
    FederalDistrict.URAL: ("45", "66", "72", "74", "86", "89"),
    FederalDistrict.SIBERIA: ("04", "17", "19", "22", "24", "38", "42", "54", "55", "70"),
    FederalDistrict.FAR_EAST: ("03", "14", "25", "27", "28", "41", "49", "65", "75", "79", "87"),
}  # fmt: skip

DISTRICT_OF: dict[str, str] = {
    code: district for district, codes in DISTRICT_REGIONS.items() for code in codes
}

# Each row of the grid from the west: (column, region code).
_ROWS: tuple[tuple[tuple[int, str], ...], ...] = (
    ((3, "51"), (16, "87")),
    ((2, "78"), (3, "10"), (4, "29"), (5, "83"), (8, "89"), (10, "24"), (12, "14"), (14, "49"), (16, "41")),
    ((1, "60"), (2, "47"), (3, "53"), (4, "35"), (5, "11"), (8, "86"), (9, "70"), (10, "38"), (11, "03"),
     (12, "75"), (13, "28"), (14, "27"), (16, "65")),
    ((0, "39"), (1, "67"), (2, "69"), (3, "76"), (4, "44"), (5, "43"), (6, "59"), (7, "66"), (8, "72"),
     (9, "54"), (10, "42"), (11, "19"), (13, "79"), (14, "25")),
    ((1, "32"), (2, "40"), (3, "77"), (4, "37"), (5, "52"), (6, "18"), (7, "74"), (8, "45"), (9, "55"),
     (10, "22"), (11, "17")),
    ((1, "57"), (2, "71"), (3, "50"), (4, "33"), (5, "21"), (6, "16"), (7, "02"), (10, "04")),
    ((1, "46"), (2, "48"), (3, "62"), (4, "13"), (5, "12"), (6, "73"), (7, "56")),
    ((1, "31"), (2, "36"), (3, "68"), (4, "58"), (5, "63"), (6, "64")),
    ((1, "91"), (2, "23"), (3, "61"), (4, "34"), (5, "30")),
    ((1, "92"), (2, "01"), (3, "26"), (4, "08")),
    ((2, "09"), (3, "07"), (4, "15"), (5, "06"), (6, "20"), (7, "05")),
)  # fmt: skip

#: Region code → (row, column) of its tile.
TILES: dict[str, tuple[int, int]] = {
    code: (row, column) for row, cells in enumerate(_ROWS) for column, code in cells
}
GRID_ROWS = len(_ROWS)
GRID_COLUMNS = 1 + max(column for column, _code in (cell for cells in _ROWS for cell in cells))
