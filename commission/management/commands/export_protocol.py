from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commission.exports import FORMATS, render_protocol
from commission.models import Meeting, ProtocolVersion


class Command(BaseCommand):
    help = "Выгружает протокол заседания комиссии: DOCX, PDF, XLSX или реестр победителей."

    def add_arguments(self, parser) -> None:
        parser.add_argument("meeting_id", type=int)
        parser.add_argument("--format", choices=sorted(FORMATS), default="docx")
        parser.add_argument("--out", required=True)
        parser.add_argument(
            "--protocol-version",
            dest="protocol_version",
            type=int,
            default=None,
            help="версия протокола принятого решения (по умолчанию текущая)",
        )

    def handle(
        self, *args, meeting_id: int, format: str, out: str, protocol_version: int | None = None, **options
    ) -> None:
        meeting = Meeting.objects.filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"Заседание {meeting_id} не найдено")
        try:
            # A decided meeting: the bytes stored at the decision, never rebuilt.
            content, _type, _name = render_protocol(meeting, format, protocol_version)
        except ProtocolVersion.DoesNotExist as error:
            raise CommandError(f"Версии протокола {protocol_version} нет") from error
        Path(out).write_bytes(content)
        self.stdout.write(f"{out}: {len(content)} байт")
