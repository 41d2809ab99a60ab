"""OKVED2 codes (ОК 029-2014, КДЕС Ред. 2) checked against the classifier held as reference
data (:class:`reference.models.OkvedCode`, loaded from reference/data/okved2.csv).

A code is written NN, NN.N, NN.NN, NN.NN.N or NN.NN.NN. It exists when its division and
each of its groupings down to the code itself are in the classifier — as deep as the
stored classifier goes: the shipped file holds the sections and divisions (and whatever
deeper rows it has), ``manage.py load_okved2`` loads Rosstat's full list, after which every
level is checked. Eligibility (section C, divisions 10–33) stays the engine's own rule
(engine.eligibility), which reads no database.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from reference.models import OkvedCode

OKVED_FORMAT = re.compile(r"^\d{2}(?:\.\d|\.\d{2}(?:\.\d{1,2})?)?$")
DATA_FILE = Path(__file__).resolve().parent / "data" / "okved2.csv"


@dataclass(frozen=True)
class OkvedEntry:
    """One row of the classifier: a section (``code`` = its letter) or a grouping."""

    code: str
    name: str
    section: str


def read_classifier(path: Path = DATA_FILE, *, encoding: str = "utf-8") -> Iterator[OkvedEntry]:
    """Rows of a classifier file: the shipped ``section,code,name`` CSV with a header, or
    Rosstat's open-data file (``"A";"01.1";"…"``, no header, semicolons). A section's row
    has an empty code and gets its letter as the code."""
    with path.open(encoding=encoding, newline="") as handle:
        first = handle.readline()
        delimiter = ";" if first.count(";") >= 2 else ","
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        for row in reader:
            if len(row) < 3 or row[0].strip().lower() == "section":
                continue
            section, code, name = row[0].strip(), row[1].strip(), " ".join(row[2].split())
            yield OkvedEntry(code=code or section, name=name, section=section)


def normalise_okved(value: object) -> str:
    """The code as typed, without spaces around it; a comma is read as a dot (29,32)."""
    return str(value or "").strip().replace(",", ".")


def chain(code: str) -> list[str]:
    """The code and its groupings from the division down: 29.32.1 → 29, 29.3, 29.32, 29.32.1."""
    links = [code[:2]]
    if len(code) >= 4:
        links.append(code[:4])
    if len(code) >= 5:
        links.append(code[:5])
    if len(code) >= 7:
        links.append(code[:7])
    if len(code) == 8:
        links.append(code)
    return links


@dataclass(frozen=True)
class OkvedCheck:
    """``error`` (Russian) or None; ``name`` the classifier's name of the code, or of its
    deepest grouping held (``named_code`` says which)."""

    error: str | None
    name: str = ""
    named_code: str = ""


def check_okved(code: str, known: Iterable[tuple[str, str]]) -> OkvedCheck:
    """Check ``code`` against ``known``: the (code, name) rows of its division (any order)."""
    if not OKVED_FORMAT.match(code):
        return OkvedCheck(
            _(
                "Код ОКВЭД2 записывается цифрами и точками: 29, 29.3, 29.32, 29.32.1 или "
                "29.32.31 — указано «%(code)s»"
            )
            % {"code": code}
        )
    names = dict(known)
    division = code[:2]
    if division not in names:
        return OkvedCheck(_("В ОКВЭД2 (ОК 029-2014) нет класса %(division)s") % {"division": division})
    lengths = {len(known_code) for known_code in names}
    named = division
    for link in chain(code)[1:]:
        if link in names:
            named = link
        elif len(link) in lengths:  # the classifier is held this deep: the code must be there
            return OkvedCheck(
                _("В ОКВЭД2 (ОК 029-2014) нет кода %(code)s") % {"code": code},
                name=names[named],
                named_code=named,
            )
    return OkvedCheck(None, name=names[named], named_code=named)


def division_rows(code: str) -> list[tuple[str, str]]:
    """The stored classifier rows of the code's division (one query)."""
    return list(OkvedCode.objects.filter(code__startswith=code[:2]).values_list("code", "name"))


def validate_okved(value: object) -> OkvedCheck:
    """Check a typed OKVED2 code against the stored classifier."""
    code = normalise_okved(value)
    rows = division_rows(code) if OKVED_FORMAT.match(code) else []
    return check_okved(code, rows)
