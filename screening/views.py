"""Secretary pages: screening of a call's applications and the recomputation of their
indicators."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import permission_required
from applications import selectors
from applications.models import ApplicationStatus
from applications.services.lifecycle import ActionRefused
from calls.models import Call
from reference.models import PriorityDirection, Region
from scoring import services as scoring
from scoring.models import RecomputeRun
from screening import selectors as screening_selectors
from screening.forms import DECISIONS, ScreeningForm, current_decision
from screening.services import screen_application

SCREENING_PAGE_SIZE = 50
# The list's filters and page, carried through a decision so the secretary stays put.
BACK_KEYS = ("status", "region", "direction", "eligible", "page")


secretary_required = permission_required("screening.screen_applications")


@secretary_required
def screening_index(request: HttpRequest) -> HttpResponse:
    call = Call.objects.order_by("-year", "-session").first()
    if call is None:
        messages.info(request, _("Отборов пока нет."))
        return redirect("calls:calls")
    return redirect("screening:call", call_id=call.pk)


@dataclass
class DecisionEntry:
    """One row's decision form as shown: the recorded decision, or what was just typed."""

    decision: str
    reasons: str
    errors: dict[str, list[str]] = field(default_factory=dict)


@secretary_required
def screening(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=call_id)
    return _screening_page(request, call, request.GET)


def _screening_page(
    request: HttpRequest, call: Call, query: QueryDict, refused: tuple[int, ScreeningForm] | None = None
) -> HttpResponse:
    """The list; ``refused``: an application whose decision form comes back as typed."""
    filters = {key: query.get(key, "") for key in ("status", "region", "direction", "eligible")}
    page = Paginator(
        screening_selectors.screening_list(user=request.user, call=call, filters=filters), SCREENING_PAGE_SIZE
    ).get_page(query.get("page"))
    entries = {
        app.pk: DecisionEntry(current_decision(app.status), app.decision_reasons) for app in page.object_list
    }
    if refused is not None:
        app_id, form = refused
        if app_id not in entries:  # not on this page of the list: the errors on top
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        entries[app_id] = DecisionEntry(
            form.data.get("decision", ""),
            form.data.get("reasons", ""),
            {name: list(errors) for name, errors in form.errors.items()},
        )
    run = call.recompute_runs.first()
    return render(
        request,
        "screening/screening.html",
        {
            "call": call,
            "rows": page.object_list,
            "entries": entries,
            "decisions": DECISIONS,
            "page": page,
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "back": urlencode({k: v for k, v in query.items() if k in BACK_KEYS and v}),
            "filters": filters,
            "statuses": ApplicationStatus.choices,
            "regions": Region.objects.all(),
            "directions": PriorityDirection.objects.all(),
            "run": run,
            "run_progress": scoring.recompute_progress(run) if run else None,
        },
    )


@secretary_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Admit or reject; a decision the form refuses (none chosen, a rejection without
    reasons) shows the list again with what was typed and the error beside it."""
    app = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    back = QueryDict(request.POST.get("back", ""))
    form = ScreeningForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("%(number)s: решение не записано, исправьте ошибки.") % {"number": app.registration_number},
        )
        return _screening_page(request, app.call, back, refused=(app.pk, form))
    try:
        screen_application(
            application_id=app.pk,
            user=request.user,
            decision=form.cleaned_data["decision"],
            reasons=form.cleaned_data["reasons"],
        )
    except ActionRefused as error:
        messages.error(request, f"{app.registration_number}: {error}")
    else:
        messages.success(request, _("%(number)s: решение записано.") % {"number": app.registration_number})
    url = reverse("screening:call", args=[app.call_id])
    kept = urlencode({k: v for k, v in back.items() if k in BACK_KEYS and v})
    return redirect(f"{url}?{kept}#app-{app.pk}" if kept else f"{url}#app-{app.pk}")


@secretary_required
@require_POST
def recompute(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(Call.objects.select_related("macro"), pk=call_id)
    scoring.recompute_call(call=call, scenario_version=call.macro.version)
    messages.success(request, _("Пересчёт показателей запущен."))
    return redirect("screening:call", call_id=call.pk)


@secretary_required
def recompute_status(request: HttpRequest, run_id: int) -> JsonResponse:
    run = get_object_or_404(RecomputeRun, pk=run_id)
    return JsonResponse(scoring.recompute_progress(run))
