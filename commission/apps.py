from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissionConfig(AppConfig):
    name = "commission"
    verbose_name = _("Комиссия и оценка")

    def ready(self) -> None:
        from audit.tracking import track
        from commission import receivers  # noqa: F401 - connects the signal receivers
        from commission.models import ProtocolVersion, Recusal, RoundEvent, Score, ScorePoint

        track(RoundEvent, name="meeting.round", fields=["meeting_id", "action", "reason"])
        track(Score, name="score", fields=["meeting_id", "application_id", "member_id", "finding"])
        track(ScorePoint, name="score.points", fields=["score_id", "category_id", "points"])
        track(Recusal, name="recusal", fields=["meeting_id", "application_id", "member_id", "reason"])
        track(
            ProtocolVersion,
            name="protocol",
            fields=[
                "meeting_id",
                "number",
                "reason",
                "audit_head",
                "data_sha256",
                "docx_sha256",
                "pdf_sha256",
                "xlsx_sha256",
                "winners_sha256",
            ],
        )
