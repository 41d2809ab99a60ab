from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.client_ip import client_ip_address
from accounts.forms import ResendConfirmationForm
from accounts.throttles import mail_refusal
from organisations import services
from organisations.forms import OrganisationForm, RegistrationForm


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    user_form = RegistrationForm(request.POST or None, prefix="user")
    org_form = OrganisationForm(request.POST or None, prefix="org")
    if request.method == "POST" and user_form.is_valid() and org_form.is_valid():
        refusal = mail_refusal("registration", user_form.cleaned_data["email"], client_ip_address(request))
        if refusal:
            user_form.add_error(None, refusal)
            return render(request, "accounts/register.html", {"user_form": user_form, "org_form": org_form})
        services.register_applicant(
            user_data=user_form.cleaned_data,
            organisation=org_form.save(commit=False),
            base_url=request.build_absolute_uri("/")[:-1],
        )
        return redirect("register_sent")
    return render(request, "accounts/register.html", {"user_form": user_form, "org_form": org_form})


def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_sent.html")


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    user = services.confirm_email(token)
    if user is None:
        messages.error(request, _("Ссылка подтверждения недействительна или устарела."))
        return redirect("register")
    messages.success(request, _("Почта подтверждена. Войдите, чтобы подать заявку."))
    return redirect("login")


@require_http_methods(["GET", "POST"])
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    """Send the confirmation letter again. The answer is the same whether the address is
    registered, confirmed or unknown (no account enumeration); the service sends at most
    one letter a minute per account."""
    form = ResendConfirmationForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        refusal = mail_refusal("confirmation", form.cleaned_data["email"], client_ip_address(request))
        if refusal:
            form.add_error(None, refusal)
            return render(request, "accounts/confirm_resend.html", {"form": form})
        services.resend_confirmation(
            email=form.cleaned_data["email"], base_url=request.build_absolute_uri("/")[:-1]
        )
        messages.success(
            request,
            _(
                "Если адрес %(email)s зарегистрирован и ещё не подтверждён, мы отправили на него "
                "письмо со ссылкой для подтверждения. Ссылка действительна 3 дня. Письмо можно "
                "запросить не чаще раза в минуту; проверьте и папку «Спам»."
            )
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("resend_confirmation")
    return render(request, "accounts/confirm_resend.html", {"form": form})
