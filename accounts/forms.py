"""Account forms."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation


class RussianPasswordResetForm(PasswordResetForm):
    """The password-reset e-mail is a letter to an applicant: in Russian, whatever the
    language of the page that asked for it."""

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        with translation.override("ru"):
            super().send_mail(*args, **kwargs)
