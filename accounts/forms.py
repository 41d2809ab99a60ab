"""Account forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.hashers import make_password
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.client_ip import client_ip_address
from accounts.models import User
from accounts.throttles import mail_refusal, normalised_identity


class RussianPasswordResetForm(PasswordResetForm):
    """The password-reset e-mail is a letter to an applicant: in Russian, whatever the
    language of the page that asked for it.

    Requests are throttled per typed e-mail and per client address (accounts/throttles.py):
    the counters and the refusal are the same whether the account exists, and below the
    limits the page says the same thing either way (Django's "if it is registered")."""

    def __init__(self, *args: Any, request=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_email(self) -> str:
        email = normalised_identity(self.cleaned_data["email"])
        address = client_ip_address(self.request) if self.request is not None else None
        refusal = mail_refusal("password_reset", email, address)
        if refusal:
            raise forms.ValidationError(refusal)
        return email

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        with translation.override("ru"):
            super().send_mail(*args, **kwargs)


class SignInForm(AuthenticationForm):
    """Django's sign-in form with an error that says what is wrong in plain Russian, and
    one more: an applicant who has not confirmed the e-mail yet is told so (with the way
    to get the letter again) — but only on the right password, so the form reveals
    nothing about an address to someone who does not know the password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Неверный адрес электронной почты или пароль. Проверьте раскладку клавиатуры и Caps Lock."
        ),
        "unconfirmed": _(
            "Адрес электронной почты не подтверждён. Мы отправили письмо со ссылкой для "
            "подтверждения на %(email)s при регистрации; перейдите по ссылке из письма и "
            "войдите снова."
        ),
    }

    unconfirmed_email: str = ""

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login" and self._awaits_confirmation():
                self.unconfirmed_email = self.cleaned_data.get("username", "")
                raise forms.ValidationError(
                    self.error_messages["unconfirmed"],
                    code="unconfirmed",
                    params={"email": self.unconfirmed_email},
                ) from error
            raise

    def _awaits_confirmation(self) -> bool:
        """A registered, never-confirmed account whose password was given. One password
        hash is computed on every refused sign-in, so the time does not tell either."""
        if getattr(self.request, "axes_locked_out", False):
            return False
        email = (self.cleaned_data.get("username") or "").strip()
        password = self.cleaned_data.get("password") or ""
        user = User.objects.filter(email__iexact=email).first() if email else None
        if user is None or user.is_active or user.email_confirmed_at is not None:
            make_password(password)
            return False
        return user.check_password(password)


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(label=_("Электронная почта"))
