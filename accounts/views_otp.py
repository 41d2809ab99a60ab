"""The staff's second factor: the e-mailed enrolment link, enrolment (QR code + first
code), the code prompt and new backup codes."""

from __future__ import annotations

import logging
import secrets
import smtplib
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp, throttles
from accounts.client_ip import client_ip_address
from accounts.middleware import needs_second_factor
from reference.mail import render_mail

logger = logging.getLogger(__name__)

ENROL_SECRET_KEY = "otbor_otp_enrol_secret"
# The nonce of the last enrolment link mailed from this session, and the user whose
# link was followed here: the setup page shows a QR code only after that.
ENROL_NONCE_KEY = "otbor_otp_enrol_nonce"
ENROL_GRANTED_KEY = "otbor_otp_enrol_granted"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Код подтверждения"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=gettext_lazy("Шесть цифр из приложения-аутентификатора."),
    )


class SignInCodeForm(forms.Form):
    """The code at sign-in: six digits or a backup code (letters and digits)."""

    token = forms.CharField(
        label=gettext_lazy("Код подтверждения"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "autofocus": True}
        ),
        help_text=gettext_lazy("Шесть цифр из приложения-аутентификатора или резервный код."),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _staff_only(request: HttpRequest) -> None:
    if not needs_second_factor(request.user):
        raise PermissionDenied


def _mark_verified(request: HttpRequest, device) -> None:
    # A new privilege level gets a new session key (no session fixation across it).
    request.session.cycle_key()
    otp_login(request, device)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    next_url = _next_url(request)
    if otp.has_confirmed_device(request.user):
        return redirect(_with_next("otp_verify", next_url))
    if request.session.get(ENROL_GRANTED_KEY) != request.user.pk:
        return render(
            request,
            "accounts/otp_enrol_link.html",
            {"next": next_url, "link_sent": bool(request.session.get(ENROL_NONCE_KEY))},
        )
    secret = request.session.get(ENROL_SECRET_KEY)
    if not secret:
        secret = otp.new_secret()
        request.session[ENROL_SECRET_KEY] = secret
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp.confirm_enrolment(user=request.user, secret=secret, token=form.cleaned_data["token"])
        if codes is not None:
            request.session.pop(ENROL_SECRET_KEY, None)
            request.session.pop(ENROL_GRANTED_KEY, None)
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
@require_http_methods(["POST"])
def otp_enrol_send(request: HttpRequest) -> HttpResponse:
    """Mail the enrolment link to the account's own address (throttled)."""
    _staff_only(request)
    next_url = _next_url(request)
    user = request.user
    if otp.has_confirmed_device(user):
        return redirect(_with_next("otp_verify", next_url))
    refusal = throttles.mail_refusal("otp_enrolment", user.email, client_ip_address(request))
    if refusal:
        messages.error(request, refusal)
        return redirect(_with_next("otp_setup", next_url))
    nonce = secrets.token_urlsafe(16)
    request.session[ENROL_NONCE_KEY] = nonce
    path = reverse("otp_enrol_confirm", args=[otp.enrolment_token(user, nonce)])
    link = request.build_absolute_uri(f"{path}?{urlencode({'next': next_url})}")
    hours = otp.ENROL_LINK_MAX_AGE // 3600
    try:
        send_mail(
            *render_mail("otp_enrolment", {"user": user, "link": link, "hours": hours}), None, [user.email]
        )
    except (OSError, smtplib.SMTPException):
        logger.exception("The enrolment link could not be mailed to user %s", user.pk)
        messages.error(request, _("Не удалось отправить письмо. Попробуйте ещё раз через несколько минут."))
        return redirect(_with_next("otp_setup", next_url))
    messages.success(request, _("Ссылка отправлена на вашу электронную почту. Откройте её в этом браузере."))
    return redirect(_with_next("otp_setup", next_url))


@never_cache
@login_required
@require_http_methods(["GET"])
def otp_enrol_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: opens the setup page in this session, once."""
    _staff_only(request)
    next_url = _next_url(request)
    nonce = request.session.get(ENROL_NONCE_KEY)
    if otp.enrolment_token_matches(token, user=request.user, nonce=nonce):
        request.session.pop(ENROL_NONCE_KEY, None)
        request.session[ENROL_GRANTED_KEY] = request.user.pk
    elif not otp.has_confirmed_device(request.user):
        messages.error(
            request,
            _(
                "Ссылка недействительна или устарела, уже использована или открыта не в том браузере, "
                "в котором вы вошли. Запросите новую ссылку."
            ),
        )
    return redirect(_with_next("otp_setup", next_url))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    next_url = _next_url(request)
    if not otp.has_confirmed_device(request.user):
        return redirect(_with_next("otp_setup", next_url))
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.device_for_token(request.user, form.cleaned_data["token"])
        if device is not None:
            _mark_verified(request, device)
            return redirect(next_url)
        form.add_error("token", _("Неверный или уже использованный код."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes for a signed-in (second factor passed) staff member."""
    _staff_only(request)
    next_url = _next_url(request)
    if request.method == "POST":
        try:
            codes = otp.regenerate_backup_codes(user=request.user)
        except TOTPDevice.DoesNotExist:
            return redirect(_with_next("otp_setup", next_url))
        return render(
            request, "accounts/otp_backup_codes.html", {"codes": codes, "next": next_url, "regenerated": True}
        )
    return render(
        request,
        "accounts/otp_backup_codes_new.html",
        {"next": next_url, "remaining": otp.backup_codes_left(request.user)},
    )
