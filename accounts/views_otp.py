"""The staff's second factor: enrolment (QR code + first code) and the code prompt."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from accounts import otp

ENROL_SECRET_KEY = "otbor_otp_enrol_secret"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Код подтверждения"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("Шесть цифр из приложения-аутентификатора или резервный код."),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _staff_only(request: HttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied


def _mark_verified(request: HttpRequest, device) -> None:
    # A new privilege level gets a new session key (no session fixation across it).
    request.session.cycle_key()
    otp_login(request, device)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    next_url = _next_url(request)
    if otp.has_confirmed_device(request.user):
        return redirect(f"{reverse('otp_verify')}?{urlencode({'next': next_url})}")
    secret = request.session.get(ENROL_SECRET_KEY)
    if not secret:
        secret = otp.new_secret()
        request.session[ENROL_SECRET_KEY] = secret
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp.confirm_enrolment(user=request.user, secret=secret, token=form.cleaned_data["token"])
        if codes is not None:
            request.session.pop(ENROL_SECRET_KEY, None)
            device = otp.device_of(request.user)
            _mark_verified(request, device)
            return render(request, "accounts/otp_backup_codes.html", {"codes": codes, "next": next_url})
        form.add_error(
            "token", _("Код не подошёл. Проверьте время на телефоне и введите новый код из приложения.")
        )
    uri = otp.unsaved_device(request.user, secret).config_url
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "otpauth_uri": uri,
            "qr_svg": otp.qr_svg(uri),
            "next": next_url,
            "secret_b32": otp.secret_base32(secret),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    next_url = _next_url(request)
    if not otp.has_confirmed_device(request.user):
        return redirect(f"{reverse('otp_setup')}?{urlencode({'next': next_url})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.device_for_token(request.user, form.cleaned_data["token"])
        if device is not None:
            _mark_verified(request, device)
            return redirect(next_url)
        form.add_error("token", _("Неверный или уже использованный код."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})
