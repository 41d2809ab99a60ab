from django.core.management.base import BaseCommand

from demo.builder import build


class Command(BaseCommand):
    help = "Загружает демонстрационные данные (повторный запуск ничего не меняет)."

    def handle(self, *args, **options) -> None:
        report = build()
        if report.created:
            self.stdout.write(
                self.style.SUCCESS(f"Демо-данные загружены: {report.created} новых пользователей.")
            )
        else:
            self.stdout.write("Демо-данные уже загружены, ничего не изменено.")
        self.stdout.write("\nУчётные записи (роль, почта, пароль):")
        seen = set()
        for role, email, password in report.credentials:
            if role == "applicant" and email != "applicant@otbor.example":
                seen.add(role)
                continue
            self.stdout.write(f"  {role:<14} {email:<28} {password}")
        if "applicant" in seen:
            self.stdout.write("  …и applicant1…applicant21@otbor.example с тем же паролем")
