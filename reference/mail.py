"""E-mails to applicants are official correspondence: always in Russian, from templates."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation


def render_mail(name: str, context: dict[str, Any]) -> tuple[str, str]:
    """The subject and body of ``templates/emails/<name>_subject.txt`` and ``_body.txt``,
    rendered in Russian whatever the language of the request that caused the mail."""
    with translation.override("ru"):
        subject = render_to_string(f"emails/{name}_subject.txt", context)
        body = render_to_string(f"emails/{name}_body.txt", context)
    return subject.strip(), body.rstrip("\n")
