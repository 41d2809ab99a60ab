"""Secretary pages: the calls and their macro scenarios."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import permission_required
from calls import services as macro
from calls.models import Call
from reference.uploads import UploadRefused, check_upload_size
from reference.xlsx_safety import WorkbookRejected

secretary_required = permission_required("calls.manage_calls")


@secretary_required
def calls(request: HttpRequest) -> HttpResponse:
    calls = Call.objects.annotate(waiting_questions=Count("questions", filter=Q(questions__answer="")))
    return render(request, "calls/calls.html", {"calls": calls})


@secretary_required
def macro_export(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=call_id)
    response = HttpResponse(
        macro.export_scenario(call),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="scenario-{call.year}-{call.session}.xlsx"'
    return response


@secretary_required
@require_POST
def macro_import(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=call_id)
    upload = request.FILES.get("workbook")
    if upload is None:
        messages.error(request, _("Выберите файл XLSX со сценарием."))
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
            messages.success(request, _("Сценарий загружен; показатели всех заявок пересчитываются."))
    return redirect("calls:calls")
