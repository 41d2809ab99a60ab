"""Secretary pages: screening of a call's applications and the recomputation of their
indicators."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
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
from screening.forms import ScreeningForm
from screening.services import screen_application

SCREENING_PAGE_SIZE = 50


secretary_required = permission_required("screening.screen_applications")


@secretary_required
def screening_index(request: HttpRequest) -> HttpResponse:
    call = Call.objects.order_by("-year", "-session").first()
    if call is None:
        messages.info(request, _("Отборов пока нет."))
        return redirect("calls:calls")
    return redirect("screening:call", call_id=call.pk)


@secretary_required
def screening(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=call_id)
    filters = {key: request.GET.get(key, "") for key in ("status", "region", "direction", "eligible")}
    page = Paginator(
        screening_selectors.screening_list(user=request.user, call=call, filters=filters), SCREENING_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    run = call.recompute_runs.first()
    return render(
        request,
        "screening/screening.html",
        {
            "call": call,
            "rows": page.object_list,
            "page": page,
            "query": query,
            "filters": filters,
            "statuses": ApplicationStatus.choices,
            "regions": Region.objects.all(),
            "directions": PriorityDirection.objects.all(),
            "form": ScreeningForm(),
            "run": run,
            "run_progress": scoring.recompute_progress(run) if run else None,
        },
    )


@secretary_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    form = ScreeningForm(request.POST)
    if form.is_valid():
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
            messages.success(
                request, _("%(number)s: решение записано.") % {"number": app.registration_number}
            )
    return redirect("screening:call", call_id=app.call_id)


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
