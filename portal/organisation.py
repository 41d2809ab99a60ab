from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organisations.forms import ColleagueForm, OrganisationForm
from organisations.services import invite_colleague
from portal.views import applicant_required


@applicant_required
def organisation(request: HttpRequest) -> HttpResponse:
    org = request.user.organisation
    form = OrganisationForm(request.POST or None, instance=org, prefix="org")
    colleague = ColleagueForm(request.POST or None, prefix="colleague")
    if request.method == "POST":
        if "save_org" in request.POST and form.is_valid():
            form.save()
            messages.success(request, _("Данные организации сохранены."))
            return redirect("portal:organisation")
        if "invite" in request.POST and colleague.is_valid():
            invite_colleague(
                organisation=org,
                base_url=request.build_absolute_uri("/")[:-1],
                **colleague.cleaned_data,
            )
            messages.success(request, _("Приглашение отправлено."))
            return redirect("portal:organisation")
    return render(
        request,
        "applications/organisation.html",
        {
            "form": form,
            "colleague": colleague,
            "users": org.users.all(),
        },
    )
