from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.client_ip import client_ip_address
from accounts.throttles import mail_refusal
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
            email = colleague.cleaned_data["email"]
            refusal = mail_refusal("invitation", email, client_ip_address(request))
            if refusal:
                colleague.add_error(None, refusal)
            else:
                invite_colleague(
                    organisation=org,
                    base_url=request.build_absolute_uri("/")[:-1],
                    by=request.user,
                    **colleague.cleaned_data,
                )
                # The same answer whether the address was registered (no enumeration).
                messages.success(request, _("Приглашение отправлено на %(email)s.") % {"email": email})
                return redirect("portal:organisation")
    return render(
        request,
        "applications/organisation.html",
        {
            "form": form,
            "colleague": colleague,
            # Invited colleagues appear once they have set a password, so the list
            # does not tell whether an invited address already had an account elsewhere.
            "users": org.users.exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX),
        },
    )
