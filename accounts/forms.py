"""Account forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation

from accounts.client_ip import client_ip_address
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
