"""``manage.py evaluate CASE.json`` — print the engine's result for a case file.

Reads a ``otbor-case/1`` JSON file (``-`` for stdin) or, for a path ending in ``.xlsx``,
builds the case from the model workbook and the call given by ``--call ID``. Prints the
result JSON (SPEC §6 keys) and exits 0; bad input prints the path and the problem in
Russian and English on stderr, without a traceback, and exits 2. Touches no database
except what the workbook import needs to read the call.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from applications.services.cases import CaseIncomplete
from applications.xlsx_model import MissingProjectSheet, WorkbookRejected, case_from_workbook
from engine import CaseError, evaluate_document, read_document, result_json

EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """Input the command refuses: where, and what is wrong in Russian and English."""

    def __init__(self, where: str, message_ru: str, message_en: str) -> None:
        super().__init__(f"{where}: {message_ru} / {message_en}")


class Command(BaseCommand):
    help = "Вычислить показатели по файлу кейса otbor-case/1 (или XLSX-модели с --call ID)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case", help="путь к CASE.json, к модели .xlsx или '-' для stdin")
        parser.add_argument("--call", type=int, default=None, help="ID отбора для модели .xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = self._read(options["case"], options["call"])
            result = evaluate_document(document)
        except CaseError as error:
            self._fail(str(error))
        except BadInput as error:
            self._fail(str(error))
        self.stdout.write(result_json(result.to_dict()))

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(EXIT_BAD_INPUT)

    def _read(self, source: str, call_id: int | None) -> Any:
        if source.lower().endswith(".xlsx"):
            return self._read_workbook(source, call_id)
        try:
            if source == "-":
                text = sys.stdin.read()
            else:
                with open(source, encoding="utf-8") as handle:
                    text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise BadInput(
                source, "файл не удалось прочитать", f"the file cannot be read ({error})"
            ) from None
        try:
            return read_document(text)
        except CaseError as error:
            # A position in the text (line:column) is given with the file; a key's path alone.
            where = f"{source}:{error.path}" if error.path[:1].isdigit() else error.path
            raise BadInput(where, error.message_ru, error.message_en) from None

    def _read_workbook(self, source: str, call_id: int | None) -> Any:
        if call_id is None:
            raise BadInput(
                "--call",
                "не указан отбор: для модели .xlsx нужен --call ID (макросценарий отбора)",
                "no call given: an .xlsx model needs --call ID (the call's macro scenario)",
            )
        try:
            return case_from_workbook(source, call_id=call_id)
        except OSError as error:
            raise BadInput(
                source, "файл не удалось прочитать", f"the file cannot be read ({error})"
            ) from None
        except MissingProjectSheet as error:
            raise BadInput(
                source,
                "; ".join(error.errors),
                "the workbook has no sheet «Проект» (project parameters): "
                "download the application template from the system again",
            ) from None
        except WorkbookRejected as error:
            count = len(error.errors)
            raise BadInput(
                source,
                "книга не принята — " + "; ".join(error.errors),
                f"the workbook was refused: {count} problem(s), each named by sheet and cell",
            ) from None
        except LookupError:
            raise BadInput(
                f"--call {call_id}",
                f"отбор с идентификатором {call_id} не найден",
                f"call {call_id} does not exist",
            ) from None
        except CaseIncomplete as error:
            raise BadInput(
                f"--call {call_id}",
                "макросценарий отбора неполон — " + "; ".join(error.missing),
                "the call's macro scenario lacks data for these years or this region",
            ) from None
        except ValueError as error:
            raise BadInput(source, str(error), "the workbook or the call was refused") from None
