"""What the member's scoring list and a project's page share: the score and recusal
forms as shown (saved values, or the values just typed with an error beside each field)
and the handling of their POST through commission.services, which decide who may score."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from applications.models import Application
from commission import domain, services
from commission.models import Category, Meeting, Recusal, Score, ScorePoint
from commission.templatetags.commission_points import localized
from reference.formatting import format_input_number

GENERAL = ""  # the key of errors that belong to no single field


@dataclass
class ScoreInput:
    code: str
    label: str
    maximum: Decimal
    value: str
    errors: list[str] = field(default_factory=list)


@dataclass
class ScoreForm:
    """One application's score and recusal forms as the page shows them."""

    inputs: list[ScoreInput]
    finding: str = ""
    reason: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)
    saved_total: Decimal | None = None  # the sum of the member's saved points

    @property
    def general_errors(self) -> list[str]:
        return self.errors.get(GENERAL, [])

    @property
    def reason_errors(self) -> list[str]:
        return self.errors.get("reason", [])

    def all_errors(self) -> list[str]:
        return [
            *[e for i in self.inputs for e in i.errors],
            *[e for found in self.errors.values() for e in found],
        ]

    @property
    def maximum_total(self) -> Decimal:
        return sum((i.maximum for i in self.inputs), Decimal(0))


def category_label(category: Category) -> str:
    return f"{category.name} (0–{format_input_number(category.maximum)})"


def saved_form(categories: list[Category], own: dict | None) -> ScoreForm:
    """The form with the member's saved points and finding (``own`` as own_scores gives it)."""
    points = own["points"] if own else {}
    inputs = [
        ScoreInput(
            c.code,
            category_label(c),
            c.maximum,
            format_input_number(points[c.code]) if points.get(c.code) is not None else "",
        )
        for c in categories
    ]
    total = sum(points.values(), Decimal(0)) if points else None
    return ScoreForm(inputs=inputs, finding=own["finding"] if own else "", saved_total=total)


def own_scores(meeting: Meeting, member, application_ids: list[int] | None = None) -> dict[int, dict]:
    """The member's points and finding per application, from plain rows (two queries)."""
    scores = Score.objects.filter(meeting=meeting, member=member)
    if application_ids is not None:
        scores = scores.filter(application_id__in=application_ids)
    own: dict[int, dict] = {}
    for app_id, finding in scores.values_list("application_id", "finding"):
        own[app_id] = {"finding": finding, "points": {}}
    for app_id, code, points in (
        ScorePoint.objects.filter(score__in=scores)
        .order_by("category__position")
        .values_list("score__application_id", "category__code", "points")
    ):
        own[app_id]["points"][code] = points
    return own


def own_recusals(meeting: Meeting, member, application_ids: list[int]) -> set[int]:
    return set(
        Recusal.objects.filter(
            meeting=meeting, member=member, application_id__in=application_ids
        ).values_list("application_id", flat=True)
    )


@dataclass
class ScoringPost:
    """What a POST did: ``form`` is set when it was refused (shown again as typed)."""

    application_id: int
    form: ScoreForm | None


def handle_scoring_post(request: HttpRequest, meeting: Meeting, categories: list[Category]) -> ScoringPost:
    """Save the member's score or recusal through the services (which refuse the
    secretary, absent or recused members and a round that is not open). On success a
    message is queued; on refusal the typed values come back with the errors."""
    raw_id = request.POST.get("application", "")
    app_id = int(raw_id) if raw_id.isdigit() else 0
    typed = {c.code: request.POST.get(f"points-{c.code}", "") for c in categories}
    form = ScoreForm(
        inputs=[ScoreInput(c.code, category_label(c), c.maximum, typed[c.code]) for c in categories],
        finding=request.POST.get("finding", ""),
        reason=request.POST.get("reason", ""),
    )
    recuse = request.POST.get("action") == "recuse"
    try:
        if recuse:
            services.declare_conflict(
                meeting_id=meeting.pk, application_id=app_id, user=request.user, reason=form.reason
            )
            messages.success(request, _("Конфликт интересов заявлен."))
        else:
            points = _parse(form, categories)
            services.save_score(
                meeting_id=meeting.pk,
                application_id=app_id,
                user=request.user,
                points=points,
                finding=form.finding,
            )
            messages.success(request, _("Оценка сохранена."))
        return ScoringPost(app_id, None)
    except services.ScoringRefused as error:
        _attach(form, error, "reason" if recuse else GENERAL)
    except Application.DoesNotExist:
        form.errors[GENERAL] = [_("Эта заявка не рассматривается на заседании.")]
    messages.error(
        request,
        _("Конфликт интересов не заявлен: исправьте ошибки ниже.")
        if recuse
        else _("Оценка не сохранена: исправьте ошибки ниже, введённые значения сохранены в форме."),
    )
    return ScoringPost(app_id, form)


def report_elsewhere(request: HttpRequest, form: ScoreForm) -> None:
    """A refused form the page does not show (an application not on it): its errors as
    messages at the top of the page."""
    for line in form.all_errors():
        messages.error(request, line)


def _parse(form: ScoreForm, categories: list[Category]) -> dict[str, Decimal]:
    """The typed points as numbers; raises ScoringRefused with each field's error."""
    points: dict[str, Decimal] = {}
    fields: dict[str, list[str]] = {}
    for category in categories:
        text = next(i.value for i in form.inputs if i.code == category.code)
        if not text.strip():
            fields[category.code] = [
                domain.Message("%(category)s: баллы не выставлены.", {"category": category.name})
            ]
            continue
        parsed, errors = services.parse_points({category.code: text})
        if errors:
            fields[category.code] = errors
        else:
            points.update(parsed)
    if fields:
        raise services.ScoringRefused([e for found in fields.values() for e in found], fields=fields)
    return points


def _attach(form: ScoreForm, error: services.ScoringRefused, default_key: str) -> None:
    """The refusal's messages beside their fields, the rest under ``default_key``."""
    placed: set[str] = set()
    for key, found in error.fields.items():
        lines = [localized(line) for line in found]
        placed.update(found)
        target = next((i for i in form.inputs if i.code == key), None)
        if target is not None:
            target.errors.extend(lines)
        else:
            form.errors.setdefault(GENERAL, []).extend(lines)
    rest = [localized(line) for line in error.messages if line not in placed]
    if rest:
        form.errors.setdefault(default_key, []).extend(rest)
