"""Refuse hostile Office Open XML packages before any XML parser sees them.

An ``.xlsx`` is a zip archive. :func:`check_xlsx_archive` reads only the zip central
directory (and the small ``[Content_Types].xml``) and refuses: non-zip or empty data,
oversized files, macro-enabled workbooks, zip bombs (too many entries, too much
uncompressed data, an extreme compression ratio), encrypted entries, unusual
compression methods and entry names that could escape a directory.

The sizes in the central directory are declarations, but they bind: ``zipfile`` stops
inflating an entry at its declared size and then fails the CRC check, so an entry that
lies about its size cannot make a later reader consume more than was declared here.

XML itself: openpyxl parses worksheets and shared strings with
``defusedxml.ElementTree.iterparse`` whenever defusedxml is installed
(``openpyxl.xml.DEFUSEDXML`` is True in this project) and other parts with lxml with
entity resolution switched off, so DTD entity tricks (billion laughs, external
entities) fail inside openpyxl; :func:`load_workbook_checked` turns any such failure
into :class:`WorkbookErrors`.

:class:`WorkbookRejected` is the common base of every refusal; ``errors`` holds the
Russian messages to show the user.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

if TYPE_CHECKING:
    from openpyxl import Workbook

from reference.limits import MAX_UPLOAD_SIZE, MB

DEFAULT_MAX_SIZE = MAX_UPLOAD_SIZE
DEFAULT_MAX_UNCOMPRESSED = 100 * MB
DEFAULT_MAX_RATIO = 100
DEFAULT_MAX_ENTRIES = 1000
#: Imports parse cells, which costs far more memory than the XML: a tighter default.
IMPORT_MAX_UNCOMPRESSED = 30 * MB
# Entries smaller than this are never refused for their ratio: small repetitive XML
# compresses very well and cannot hurt (the total size is bounded separately).
RATIO_FLOOR = 1 * MB
_CONTENT_TYPES_LIMIT = 1 * MB

NOT_XLSX = gettext_noop("Файл не является книгой Excel (.xlsx)")
MACRO_REFUSED = gettext_noop("Книги с макросами (.xlsm) не принимаются: сохраните книгу как .xlsx")
ZIP_BOMB = gettext_noop("Файл похож на zip-бомбу: слишком большой объём после распаковки")
ENCRYPTED = gettext_noop("Файл зашифрован паролем: снимите защиту паролем и загрузите заново")
BAD_NAME = gettext_noop("Архив содержит недопустимые имена файлов")
DAMAGED = gettext_noop("Не удалось прочитать книгу Excel: файл повреждён")

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
# Exceptions the zipfile module raises on malformed archives.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    OSError,
    EOFError,
    ValueError,
    struct.error,
    zlib.error,
    KeyError,
    UnicodeDecodeError,
)


class WorkbookRejected(ValueError):
    """A workbook (or upload) was refused; ``errors`` lists Russian messages."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class UnsafeWorkbook(WorkbookRejected):
    """The archive is unsafe or is not an xlsx at all; one Russian message."""

    def __init__(self, message: str) -> None:
        self.message = _translated(message)
        super().__init__([self.message])


class WorkbookErrors(WorkbookRejected):
    """The workbook is readable but its content is wrong: every problem, cell by cell."""


def _translated(message: str) -> str:
    """A message in the active language: the constants above are marked for translation
    (they stay Russian for importers); a message already formatted passes unchanged."""
    return _(message) if message else message


def cell_error(sheet: str, coordinate: str, message: str) -> str:
    """``Лист "Модель", ячейка D7: ожидалось число`` (``ячейки D3:M3`` for a range)."""
    if ":" in coordinate:
        text = _('Лист "%(sheet)s", ячейки %(cells)s: %(message)s')
    else:
        text = _('Лист "%(sheet)s", ячейка %(cells)s: %(message)s')
    return text % {"sheet": sheet, "cells": coordinate, "message": _translated(message)}


def sheet_error(sheet: str, message: str) -> str:
    return _('Лист "%(sheet)s": %(message)s') % {"sheet": sheet, "message": _translated(message)}


def _unsafe_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name:
        return True
    if name.startswith("/") or _WINDOWS_DRIVE.match(name):
        return True
    return any(part == ".." for part in name.split("/"))


def check_zip_archive(
    data: bytes,
    *,
    max_size: int = DEFAULT_MAX_SIZE,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    max_ratio: int = DEFAULT_MAX_RATIO,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    not_archive_message: str = NOT_XLSX,
) -> dict[str, zipfile.ZipInfo]:
    """Check a zip archive's central directory; return its entries by name.

    Raises :class:`UnsafeWorkbook` with a Russian message on the first problem.
    """
    if not data:
        raise UnsafeWorkbook(not_archive_message)
    if len(data) > max_size:
        raise UnsafeWorkbook(_("Файл больше %(size)s МБ") % {"size": max_size // MB})
    if not data.startswith(b"PK\x03\x04"):
        raise UnsafeWorkbook(not_archive_message)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except ZIP_ERRORS as exc:
        raise UnsafeWorkbook(not_archive_message) from exc
    if not infos:
        raise UnsafeWorkbook(not_archive_message)
    if len(infos) > max_entries:
        raise UnsafeWorkbook(ZIP_BOMB)
    entries: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        if _unsafe_name(info.filename) or info.filename in entries:
            raise UnsafeWorkbook(BAD_NAME)
        if info.flag_bits & 0x1:
            raise UnsafeWorkbook(ENCRYPTED)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafeWorkbook(not_archive_message)
        total += info.file_size
        if total > max_uncompressed:
            raise UnsafeWorkbook(ZIP_BOMB)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_FLOOR and ratio > max_ratio:
            raise UnsafeWorkbook(ZIP_BOMB)
        entries[info.filename] = info
    return entries


def read_small_entry(data: bytes, info: zipfile.ZipInfo, *, limit: int) -> bytes | None:
    """Read one entry if it declares at most ``limit`` bytes; None if unreadable."""
    if info.file_size > limit:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(info)
    except ZIP_ERRORS:
        return None


def check_xlsx_archive(
    data: bytes,
    *,
    max_size: int = DEFAULT_MAX_SIZE,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    max_ratio: int = DEFAULT_MAX_RATIO,
    max_entries: int = DEFAULT_MAX_ENTRIES,
) -> None:
    """Refuse anything that is not a plain, reasonably sized ``.xlsx`` package.

    Raises :class:`UnsafeWorkbook` (Russian message). Never parses worksheet XML.
    """
    entries = check_zip_archive(
        data,
        max_size=max_size,
        max_uncompressed=max_uncompressed,
        max_ratio=max_ratio,
        max_entries=max_entries,
    )
    lowered = {name.lower() for name in entries}
    if any(name.endswith("vbaproject.bin") for name in lowered):
        raise UnsafeWorkbook(MACRO_REFUSED)
    content_types = entries.get("[Content_Types].xml")
    if content_types is None:
        raise UnsafeWorkbook(NOT_XLSX)
    declared = read_small_entry(data, content_types, limit=_CONTENT_TYPES_LIMIT)
    if declared is None:
        raise UnsafeWorkbook(NOT_XLSX)
    declared_lower = declared.lower()
    if b"macroenabled" in declared_lower:
        raise UnsafeWorkbook(MACRO_REFUSED)
    if b"spreadsheetml.sheet.main+xml" not in declared_lower:
        raise UnsafeWorkbook(NOT_XLSX)


def load_workbook_checked(data: bytes, *, data_only: bool, **limits: int) -> Workbook:
    """Check the archive, then open it with openpyxl in read-only (streaming) mode.

    Raises :class:`UnsafeWorkbook` or :class:`WorkbookErrors` (damaged file). The caller
    must ``close()`` the returned workbook.
    """
    import openpyxl  # local: keep the safety check importable without openpyxl

    check_xlsx_archive(data, **limits)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False)
    # openpyxl raises almost any exception type on hostile input (KeyError, TypeError,
    # XML syntax errors, defusedxml's EntitiesForbidden...): all mean "damaged file".
    except Exception as exc:
        raise WorkbookErrors([DAMAGED]) from exc


# --- reading cells -------------------------------------------------------------------------

_EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
MAX_ABS_CELL = 1e15
EMPTY_CELL = gettext_noop("ячейка не заполнена: ожидалось число")


@dataclass(frozen=True)
class SheetCells:
    """The cached values of a sheet's cells (row, column from 1) and where formulas are."""

    name: str
    values: dict[tuple[int, int], Any]
    formulas: frozenset[tuple[int, int]]

    def value(self, row: int, column: int) -> Any:
        return self.values.get((row, column))

    def is_empty(self, row: int, column: int) -> bool:
        return (row, column) not in self.values and (row, column) not in self.formulas

    def number(
        self, row: int, column: int, *, empty_message: str = EMPTY_CELL
    ) -> tuple[float | None, str | None]:
        is_formula = (row, column) in self.formulas
        return cell_number(self.value(row, column), is_formula=is_formula, empty_message=empty_message)

    def error(self, row: int, column: int, message: str) -> str:
        return cell_error(self.name, coordinate(row, column), message)


def coordinate(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter  # local, as in load_workbook_checked

    return f"{get_column_letter(column)}{row}"


def read_workbook_cells(
    data: bytes, *, sheets: Mapping[str, tuple[int, int]], **limits: int
) -> tuple[dict[str, SheetCells], dict[str, str]]:
    """Read the top-left ``(max_row, max_column)`` window of each named sheet.

    Returns the cells per sheet and the workbook's defined names (their text). Loads the
    workbook twice (cached values, then formulas) in streaming mode; the archive limits
    are those of :func:`check_xlsx_archive` except ``max_uncompressed``, which defaults to
    :data:`IMPORT_MAX_UNCOMPRESSED`. Raises :class:`UnsafeWorkbook` or
    :class:`WorkbookErrors` (missing sheets, damaged file).
    """
    values: dict[str, dict[tuple[int, int], Any]] = {}
    formulas: dict[str, frozenset[tuple[int, int]]] = {}
    names: dict[str, str] = {}
    limits.setdefault("max_uncompressed", IMPORT_MAX_UNCOMPRESSED)
    for data_only in (True, False):
        workbook = load_workbook_checked(data, data_only=data_only, **limits)
        try:
            missing = [name for name in sheets if name not in workbook.sheetnames]
            if missing:
                raise WorkbookErrors(
                    [
                        _('В книге нет листа "%(name)s": скачайте шаблон заново') % {"name": name}
                        for name in missing
                    ]
                )
            for name, (max_row, max_column) in sheets.items():
                grid = _read_grid(workbook[name], max_row, max_column)
                if data_only:
                    values[name] = {key: value for key, (value, _kind) in grid.items()}
                else:
                    formulas[name] = frozenset(k for k, (_v, kind) in grid.items() if kind == "f")
            if data_only:
                names = _defined_names(workbook)
        except WorkbookRejected:
            raise
        except Exception as exc:  # openpyxl parses lazily: any failure means a damaged file
            raise WorkbookErrors([DAMAGED]) from exc
        finally:
            workbook.close()
    cells = {name: SheetCells(name, values[name], formulas[name]) for name in sheets}
    return cells, names


def _read_grid(sheet: Any, max_row: int, max_column: int) -> dict[tuple[int, int], Any]:
    grid: dict[tuple[int, int], Any] = {}
    rows = sheet.iter_rows(min_row=1, max_row=max_row, max_col=max_column)
    for row_index, row in enumerate(rows, start=1):
        for column_index, cell in enumerate(row, start=1):
            if cell.value is not None or cell.data_type == "f":
                grid[(row_index, column_index)] = (cell.value, cell.data_type)
    return grid


def _defined_names(workbook: Any) -> dict[str, str]:
    result: dict[str, str] = {}
    for name, defined in workbook.defined_names.items():
        if isinstance(defined.attr_text, str):
            result[name] = defined.attr_text
    return result


def cell_number(
    value: Any, *, is_formula: bool = False, empty_message: str = EMPTY_CELL
) -> tuple[float | None, str | None]:
    """A cell's value as a finite float, or a Russian description of the problem.

    Text is accepted when :func:`reference.validators.parse_decimal_ru` accepts it
    (``1 234,5`` with thin spaces and a comma).
    """
    # Inline: validators import Django's ValidationError; the archive checks stay plain.
    from reference.validators import NumberTooLarge, parse_decimal_ru

    if value is None:
        if is_formula:
            return None, _("формула без вычисленного значения: сохраните файл в Excel")
        return None, empty_message
    if isinstance(value, bool):
        return None, _("ожидалось число")
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return None, _("ожидалось число, а не дата")
    if isinstance(value, str):
        if value.strip().upper() in _EXCEL_ERRORS:
            return None, _("ошибка в формуле (%(error)s)") % {"error": value.strip()}
        try:
            return float(parse_decimal_ru(value)), None
        except NumberTooLarge:
            return None, _("слишком большое число (по модулю не более 10^15)")
        except ValueError:
            return None, _("ожидалось число")
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            return None, _("ожидалось конечное число")
        if abs(number) > MAX_ABS_CELL:
            return None, _("слишком большое число (по модулю не более 10^15)")
        return number, None
    return None, _("ожидалось число")


def as_year(value: Any) -> int | None:
    """A header cell as a year between 1990 and 2100, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 4:
        value = int(value.strip())
    if isinstance(value, int) and 1990 <= value <= 2100:
        return value
    return None
