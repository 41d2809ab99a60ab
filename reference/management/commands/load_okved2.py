"""``manage.py load_okved2 FILE``: load Rosstat's OKVED2 open-data file into the reference
table (adds and updates rows, deletes none). See reference/data/README.md."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reference.models import OkvedCode
from reference.okved import OKVED_FORMAT, read_classifier


class Command(BaseCommand):
    help = "Загрузить классификатор ОКВЭД2 (файл открытых данных Росстата) в справочник"

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--encoding", default="utf-8", help="utf-8 (по умолчанию) или cp1251")

    def handle(self, *args, path: Path, encoding: str, **options) -> None:
        if not path.exists():
            raise CommandError(f"Файл {path} не найден")
        try:
            entries = list(read_classifier(path, encoding=encoding))
        except UnicodeDecodeError as error:
            raise CommandError(f"Файл не в кодировке {encoding}: укажите --encoding cp1251") from error
        bad = [e.code for e in entries if not (len(e.code) == 1 or OKVED_FORMAT.match(e.code))]
        if bad:
            raise CommandError(f"Неверные коды в файле: {', '.join(bad[:10])}")
        rows = [OkvedCode(code=e.code, name=e.name[:600], section=e.section) for e in entries]
        with transaction.atomic():
            OkvedCode.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["code"], update_fields=["name", "section"]
            )
        self.stdout.write(f"Загружено строк классификатора: {len(rows)}")
