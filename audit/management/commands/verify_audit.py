from django.core.management.base import BaseCommand

from audit.services import verify


class Command(BaseCommand):
    help = "Проверяет цепочку хешей журнала отбора; код выхода 1 при нарушении."

    def handle(self, *args, **options) -> None:
        checked, broken = verify()
        if broken is not None:
            self.stderr.write(
                f"Журнал нарушен: запись № {broken.seq} — {broken.reason} "
                f"(проверено записей до неё: {checked})."
            )
            raise SystemExit(1)
        self.stdout.write(f"Журнал цел: записей {checked}.")
