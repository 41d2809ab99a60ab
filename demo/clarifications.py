"""Demo clarifications: published answers on both demo calls and one question of
applicant@otbor.example still waiting for the secretary."""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from calls.models import Call, Question
from reference.limits import MAX_UPLOAD_MB

PUBLISHED_PAST = [
    (
        "Можем ли мы подать две заявки по разным проектам от одной организации?",
        "Можно ли подать две заявки по разным проектам от одной организации?",
        "Да. Каждая заявка подаётся и рассматривается отдельно; на каждый проект нужны свой "
        "бизнес-план и своя финансовая модель.",
    ),
    (
        "В каком формате загружать бизнес-план? У нас файл Excel.",
        "В каком формате загружать бизнес-план?",
        f"Бизнес-план загружается в формате PDF, DOCX или DOC, размером до {MAX_UPLOAD_MB} МБ. "
        "Финансовая модель вводится в форме заявки или загружается по шаблону XLSX со страницы заявки.",
    ),
]
PUBLISHED_CURRENT = [
    (
        "До скольки принимаются заявки в последний день? Мы в Калининграде.",
        "До какого времени принимаются заявки в последний день приёма?",
        "До времени окончания приёма, указанного на странице отбора, по московскому времени. "
        "Заявка, отправленная позже, не принимается.",
    ),
]
PENDING = "Нужно ли прикладывать кредитный договор, если он ещё не подписан, а есть только решение банка?"


def build_clarifications(
    *, past: Call, current: Call, secretary: User, askers: list[User], now: dt.datetime
) -> None:
    """Once per call (a call that already has questions is left as it is). The rows are
    written directly: no e-mails for demo answers (``notified_at`` set)."""
    plan = ((past, PUBLISHED_PAST, past.opens_at), (current, PUBLISHED_CURRENT, now - dt.timedelta(days=3)))
    for call, items, asked in plan:
        if Question.objects.filter(call=call).exists():
            continue
        for index, (text, public_text, answer) in enumerate(items):
            asker = askers[(index + 1) % len(askers)]
            asked_at = min(asked + dt.timedelta(days=index + 1), now)
            answered_at = min(asked_at + dt.timedelta(days=1), now)
            question = Question.objects.create(
                call=call,
                organisation_id=asker.organisation_id,
                asked_by=asker,
                text=text,
                public_text=public_text,
                answer=answer,
                answered_by=secretary,
                answered_at=answered_at,
                published=True,
                published_at=answered_at,
                notified_at=answered_at,
            )
            # asked_at is auto_now_add: set afterwards.
            Question.objects.filter(pk=question.pk).update(asked_at=asked_at)
        if call == current:
            Question.objects.create(
                call=call, organisation_id=askers[0].organisation_id, asked_by=askers[0], text=PENDING,
                public_text=PENDING,
            )  # fmt: skip
