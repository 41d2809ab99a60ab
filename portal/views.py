"""The applicant's pages. Every object is fetched through a selector for the user."""

from __future__ import annotations

import mimetypes
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.rules import permission_required
from applications import selectors
from applications.documents import document_checklist
from applications.forecast import justification_problem, parse_years, years_problem
from applications.forms import STEP_FORMS, DocumentForm, ModelImportForm, parse_model_table
from applications.models import SERIES_FIELDS, Application, DocumentKind
from applications.services import drafts
from applications.services.cases import template_project
from applications.services.lifecycle import (
    ActionRefused,
    submit_application,
    withdraw_application,
)
from applications.services.subsidy_limits import allowed_subsidy_or_none, subsidy_claim_errors
from applications.steps import STEP_NAMES, STEPS
from applications.xlsx_model import WorkbookErrors, build_template, import_workbook
from calls import selectors as calls_selectors
from engine.schema import FORECAST_YEARS
from portal.model_grid import fcff_preview, grid_from_post, grid_from_rows
from portal.review import review_context
from privacy.access_log import record_reads
from privacy.services import PersonalDataRead
from reference.limits import MAX_UPLOAD_MB
from reference.uploads import UploadRefused, check_upload, check_upload_size
from reference.xlsx_safety import UnsafeWorkbook
from scoring import selectors as scoring_selectors
from scoring import services as scoring

#: The justification of a longer forecast horizon: a few paragraphs, not a document.
MAX_JUSTIFICATION = 5000


applicant_required = permission_required("portal.prepare_applications")


def _own(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)


@applicant_required
def my_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "applications/my_list.html",
        {
            "applications": scoring_selectors.my_applications(request.user),
            "open_calls": calls_selectors.calls_open_for_applicants(),
        },
    )


@applicant_required
@require_POST
def create(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(calls_selectors.calls_open_for_applicants(), pk=call_id)
    try:
        app = drafts.create_draft(call=call, user=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
        return redirect("portal:my_list")
    return redirect("portal:step", pk=app.pk, step="project")


def _step_context(app: Application, step: str) -> dict:
    index = STEP_NAMES.index(step)
    result = scoring.current_result(app)
    return {
        "app": app,
        "steps": STEPS,
        "step": step,
        "step_label": STEPS[index][1],
        "prev_step": STEP_NAMES[index - 1] if index else None,
        "next_step": STEP_NAMES[index + 1] if index + 1 < len(STEP_NAMES) else None,
        "progress": scoring.indicators_progress(app, result),
        "result": result,
    }


@applicant_required
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_NAMES:
        raise Http404
    app = _own(request, pk)
    if not app.is_editable and step != "review":
        return redirect("portal:detail", pk=app.pk)
    if step in STEP_FORMS:
        return _form_step(request, app, step)
    if step == "model":
        return _model_step(request, app)
    if step == "documents":
        return _documents_step(request, app)
    # The summary reads the documents and the model years several times: once from here.
    prefetch_related_objects([app], "documents", "model_years")
    return render(request, "applications/step_review.html", _step_context(app, step) | review_context(app))


def _autosave_response(request: HttpRequest, errors: dict) -> HttpResponse | None:
    if request.headers.get("X-Autosave") == "1":
        return JsonResponse({"saved": not errors, "errors": errors}, status=200 if not errors else 422)
    return None


def _form_step(request: HttpRequest, app: Application, step: str) -> HttpResponse:
    form_class = STEP_FORMS[step]
    kwargs = {"call": app.call} if step == "project" else {}
    form = form_class(request.POST or None, instance=app, **kwargs)
    if request.method == "POST":
        valid = form.is_valid()
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        if valid:
            try:
                drafts.save_step(application_id=app.pk, form=form)
            except ActionRefused as error:
                errors = {"__all__": [str(error)]}
        autosave = _autosave_response(request, errors)
        if autosave is not None:
            return autosave
        if not errors:
            messages.success(request, _("Сохранено."))
            target = request.POST.get("go") or step
            if target not in STEP_NAMES:
                target = step
            return redirect("portal:step", pk=app.pk, step=target)
    context = _step_context(app, step) | {"form": form}
    return render(request, "applications/step_form.html", context)


def _model_step(request: HttpRequest, app: Application) -> HttpResponse:
    errors: dict[str, str] = {}
    justification = app.forecast_justification
    if request.method == "POST":
        years, year_error = parse_years(request.POST.getlist("year"))
        values, errors = parse_model_table(request.POST, years)
        justification = request.POST.get("forecast_justification", "")[:MAX_JUSTIFICATION]
        if year_error:
            errors["__all__"] = year_error
        elif problem := justification_problem(years, justification):
            errors["forecast_justification"] = problem
        if not errors:
            try:
                drafts.save_model(application_id=app.pk, values=values, justification=justification)
            except ActionRefused as error:
                errors["__all__"] = str(error)
        autosave = _autosave_response(request, errors)
        if autosave is not None:
            return autosave
        if not errors:
            messages.success(request, _("Финансовая модель сохранена."))
            return redirect(
                "portal:step",
                pk=app.pk,
                step=request.POST.get("go", "model") if request.POST.get("go") in STEP_NAMES else "model",
            )
        grid = grid_from_post(request.POST, errors, get_language())
    else:
        grid = grid_from_rows(list(app.model_years.all()), get_language())
    context = _step_context(app, "model") | {
        "grid": grid,
        "fcff": fcff_preview(app),
        "model_error": errors.get("__all__", ""),
        "justification": justification,
        "justification_error": errors.get("forecast_justification", ""),
        "justification_needed": len(grid.years) > FORECAST_YEARS,
        "allowed_subsidy": allowed_subsidy_or_none(app),
        "subsidy_errors": subsidy_claim_errors(app),
        "import_form": ModelImportForm(),
    }
    return render(request, "applications/step_model.html", context)


@applicant_required
def model_template(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own(request, pk)
    years = list(app.model_years.values_list("year", flat=True)) or drafts.default_years(app.call)
    problem = years_problem(years)
    if problem:
        messages.error(request, _("Шаблон не сформирован: %(problem)s") % {"problem": problem})
        return redirect("portal:step", pk=app.pk, step="model")
    data = build_template(years=years, call_title=app.call.title, project=template_project(app))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="otbor-model-{app.call.year}.xlsx"'
    return response


@applicant_required
@require_POST
def model_import(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own(request, pk)
    form = ModelImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Выберите файл XLSX."))
        return redirect("portal:step", pk=app.pk, step="model")
    upload = form.cleaned_data["workbook"]
    try:
        check_upload_size(upload.size)
    except UploadRefused as error:
        messages.error(request, str(error))
        return redirect("portal:step", pk=app.pk, step="model")
    years = list(app.model_years.values_list("year", flat=True))
    try:
        imported = import_workbook(upload.read(), expected_years=years or None)
    except UnsafeWorkbook as error:
        messages.error(request, str(error))
        return redirect("portal:step", pk=app.pk, step="model")
    except WorkbookErrors as error:
        for line in error.errors[:30]:
            messages.error(request, line)
        if len(error.errors) > 30:
            messages.error(request, _("…и ещё %(count)s ошибок.") % {"count": len(error.errors) - 30})
        return redirect("portal:step", pk=app.pk, step="model")
    values = {
        year: {key: _dec(imported.series[key][i]) for key in SERIES_FIELDS}
        for i, year in enumerate(imported.years)
    }
    try:
        drafts.save_model(application_id=app.pk, values=values)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Финансовая модель загружена: %(count)s лет.") % {"count": len(imported.years)}
        )
    return redirect("portal:step", pk=app.pk, step="model")


def _dec(value: float) -> Decimal:
    # repr() keeps the shortest exact decimal of the float read from the workbook.
    return Decimal(repr(float(value)))


def _documents_step(request: HttpRequest, app: Application) -> HttpResponse:
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        try:
            check_upload_size(upload.size)
            data = upload.read()
        except UploadRefused as error:
            messages.error(request, str(error))
        else:
            try:
                stored_name = check_upload(upload.name, data, kind)
                content_type = mimetypes.guess_type(stored_name)[0] or "application/octet-stream"
                drafts.store_document(
                    application_id=app.pk,
                    kind=kind,
                    stored_name=stored_name,
                    original_name=stored_name,
                    content_type=content_type,
                    data=data,
                    user=request.user,
                )
            except (UploadRefused, UnsafeWorkbook, ActionRefused) as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Документ «%(name)s» загружен.") % {"name": stored_name})
                return redirect("portal:step", pk=app.pk, step="documents")
    documents = list(app.documents.all())
    context = _step_context(app, "documents") | {
        "form": form,
        "documents": documents,
        "checklist": document_checklist(documents),
        "kinds": DocumentKind.choices,
        "max_upload_mb": MAX_UPLOAD_MB,
    }
    return render(request, "applications/step_documents.html", context)


@applicant_required
@require_POST
def document_delete(request: HttpRequest, pk: int, doc_id: int) -> HttpResponse:
    app = _own(request, pk)
    get_object_or_404(app.documents, pk=doc_id)
    try:
        drafts.delete_document(application_id=app.pk, document_id=doc_id)
    except ActionRefused as error:
        messages.error(request, str(error))
    return redirect("portal:step", pk=app.pk, step="documents")


@login_required
def document_download(request: HttpRequest, pk: int, doc_id: int) -> HttpResponse:
    doc = get_object_or_404(
        selectors.documents_visible_to(request.user).select_related("application"),
        pk=doc_id,
        application_id=pk,
    )
    # Staff reading a document is recorded (152-FZ); the applicant's own is not.
    record_reads(request, [PersonalDataRead.document(doc)])
    return FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=doc.original_name,
        content_type=doc.content_type,
    )


@applicant_required
def indicators(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own(request, pk)
    progress = scoring.indicators_progress(app)
    row = scoring.current_result(app)
    panel = render_to_string(
        "applications/_indicators.html", {"app": app, "progress": progress, "result": row}, request=request
    )
    return JsonResponse(
        {"progress": progress, "html": panel, "result": row.result if row and row.result else None}
    )


@applicant_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own(request, pk)
    try:
        app = submit_application(application_id=app.pk, user=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
        return redirect("portal:step", pk=app.pk, step="review")
    messages.success(
        request, _("Заявка подана. Регистрационный номер %(number)s.") % {"number": app.registration_number}
    )
    return redirect("portal:detail", pk=app.pk)


@applicant_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own(request, pk)
    try:
        withdraw_application(application_id=app.pk, user=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Заявка отозвана."))
    return redirect("portal:detail", pk=app.pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own(request, pk)
    version = app.versions.order_by("-number").first()
    return render(
        request,
        "applications/detail.html",
        {
            "app": app,
            "version": version,
            "events": app.events.select_related("by"),
            "result": scoring.current_result(app),
        },
    )
