"""Secretary pages: calls, macro scenario, screening."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.roles import Role, role_required
from applications import selectors
from applications.forms import ScreeningForm
from applications.models import ApplicationStatus, Call, PriorityDirection, RecomputeRun, Region
from applications.services import macro
from applications.services.lifecycle import ActionRefused, screen_application
from applications.uploads import UploadRefused, check_upload_size
from applications.xlsx_safety import WorkbookRejected
from scoring import services as scoring

SCREENING_PAGE_SIZE = 50


secretary_required = role_required(Role.SECRETARY, Role.ADMINISTRATOR)


@secretary_required
def calls(request: HttpRequest) -> HttpResponse:
    return render(request, "applications/calls.html", {"calls": Call.objects.all()})


@secretary_required
def screening_index(request: HttpRequest) -> HttpResponse:
    call = Call.objects.order_by("-year", "-session").first()
    if call is None:
        messages.info(request, "Отборов пока нет.")
        return redirect("applications:calls")
    return redirect("applications:screening_call", call_id=call.pk)


@secretary_required
def screening(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=call_id)
    filters = {
        key: request.GET.get(key, "") for key in ("status", "region", "direction", "eligible")
    }
    page = Paginator(selectors.screening_list(user=request.user, call=call, filters=filters),
                     SCREENING_PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    run = call.recompute_runs.first()
    return render(
        request,
        "applications/screening.html",
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
            messages.success(request, f"{app.registration_number}: решение записано.")
    return redirect("applications:screening_call", call_id=app.call_id)


@secretary_required
@require_POST
def recompute(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(Call.objects.select_related("macro"), pk=call_id)
    scoring.recompute_call(call=call, scenario_version=call.macro.version)
    messages.success(request, "Пересчёт показателей запущен.")
    return redirect("applications:screening_call", call_id=call.pk)


@secretary_required
def recompute_status(request: HttpRequest, run_id: int) -> JsonResponse:
    run = get_object_or_404(RecomputeRun, pk=run_id)
    return JsonResponse(scoring.recompute_progress(run))


@secretary_required
def macro_export(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=call_id)
    response = HttpResponse(
        macro.export_scenario(call),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="scenario-{call.year}-{call.session}.xlsx"'
    return response


@secretary_required
@require_POST
def macro_import(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=call_id)
    upload = request.FILES.get("workbook")
    if upload is None:
        messages.error(request, "Выберите файл XLSX со сценарием.")
    else:
        try:
            check_upload_size(upload.size)
            macro.import_scenario(call=call, data=upload.read())
        except UploadRefused as error:
            messages.error(request, str(error))
        except WorkbookRejected as error:
            for line in error.errors[:30]:
                messages.error(request, line)
        else:
            messages.success(request, "Сценарий загружен; показатели всех заявок пересчитываются.")
    return redirect("applications:calls")
