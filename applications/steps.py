"""The steps of the application form, in order: the portal's pages and the messages that
send the applicant back to a field (applications.case_errors) name them the same way."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STEPS = [
    ("project", _("Проект")),
    ("costs", _("Инвестиционные затраты")),
    ("jobs", _("Рабочие места и кредит")),
    ("capital", _("Структура капитала")),
    ("model", _("Финансовая модель")),
    ("documents", _("Документы")),
    ("review", _("Проверка и подача")),
]
STEP_NAMES = [name for name, _label in STEPS]
STEP_LABELS = dict(STEPS)
