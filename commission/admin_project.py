"""One project of a meeting on one page (admin view): everything a member reads to score
it — the application, its indicators with their statuses, eligibility, documents — and
the member's own score and recusal forms, with links to the previous and next project."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from commission import admin_score_form as score_form
from commission import selectors
from commission.models import Meeting
from scoring.services import current_result


@dataclass(frozen=True)
class IndicatorRow:
    label: str
    value: object
    kind: str  # how the template formats the value: rub, pct, num3, num6, irr
    status: str  # met, not_met, undetermined, "" (not a criterion)


def indicator_rows(data: dict | None) -> list[IndicatorRow]:
    """The criteria of п. 12 from a computed result, each with whether it is met:
    NPV > 0, the unique IRR > WACC, BPI > 1, the integral indicator > 0 (SPEC §6)."""
    if not data or "financial" not in data:
        return []
    fin, bud, soc = data["financial"], data["budget"], data["socio_economic"]
    npv, irr, wacc = fin.get("npv"), fin.get("irr"), fin.get("wacc")
    bpi, integral = bud.get("bpi"), soc.get("integral_indicator")
    if fin.get("irr_status") != "unique" or irr is None or wacc is None:
        irr_status = "undetermined"
    else:
        irr_status = "met" if irr > wacc else "not_met"
    return [
        IndicatorRow("NPV", npv, "rub", _met(npv is not None and npv > 0, npv)),
        IndicatorRow("IRR", fin, "irr", irr_status),
        IndicatorRow("WACC", wacc, "pct", ""),
        IndicatorRow(_("ИБЭ (BPI)"), bpi, "num3", _met(bpi is not None and bpi > 1, bpi)),
        IndicatorRow(
            _("Интегральный показатель (ДС / ВРП)"),
            integral,
            "num6",
            _met(integral is not None and integral > 0, integral),
        ),
    ]


def _met(condition: bool, value) -> str:
    if value is None:
        return "undetermined"
    return "met" if condition else "not_met"


def neighbours(meeting: Meeting, app_id: int) -> tuple[int | None, int | None, int, int]:
    """The previous and next project of the meeting in registration order, this one's
    position (from 1) and how many there are (one query of ids)."""
    ids = list(selectors.meeting_applications(meeting, indicators=False).values_list("pk", flat=True))
    index = ids.index(app_id)
    previous = ids[index - 1] if index > 0 else None
    following = ids[index + 1] if index + 1 < len(ids) else None
    return previous, following, index + 1, len(ids)


def project_page(model_admin, request: HttpRequest, meeting: Meeting, app_id: int) -> HttpResponse:
    """GET: the project. POST: the member's score or recusal, through the same handling
    as the scoring list (the services refuse whoever may not score); a refused POST is
    shown again with the typed values and each field's error."""
    member = selectors.membership_of(request.user, meeting)
    _methodology, categories = selectors.methodology_of(meeting)
    app = get_object_or_404(
        selectors.meeting_applications(meeting)
        .select_related("region", "priority_direction")
        .prefetch_related("documents"),
        pk=app_id,
    )
    form = None
    if request.method == "POST":
        outcome = score_form.handle_scoring_post(request, meeting, categories)
        if outcome.form is None:
            return redirect(f"{request.path}#score-{app.pk}")
        if outcome.application_id == app.pk:
            form = outcome.form
        else:
            score_form.report_elsewhere(request, outcome.form)
    own = score_form.own_scores(meeting, member, [app.pk]).get(app.pk)
    previous, following, position, count = neighbours(meeting, app.pk)
    version = app.versions.order_by("-number").first()
    result = current_result(app)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Проект %(number)s") % {"number": app.registration_number},
        "meeting": meeting,
        "member": member,
        "app": app,
        "result": result,
        "indicators": indicator_rows(result.result if result else None),
        "statuses": selectors.statuses_of(app),
        "risk": app.current_results[0] if app.current_results else None,
        "version": version,
        "forecast_justification": getattr(version, "forecast_justification", "") or "",
        "own": own,
        "form": form or score_form.saved_form(categories, own),
        "recused": app.pk in score_form.own_recusals(meeting, member, [app.pk]),
        "can_score": selectors.can_score(meeting, member),
        "previous": previous,
        "next": following,
        "position": position,
        "count": count,
        "opts": Meeting._meta,
    }
    return TemplateResponse(request, "admin/commission/project.html", context)
