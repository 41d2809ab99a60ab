"""Text stored in the selection's records (event notes, round-log reasons): in Russian,
whatever the language of the page that caused it, like every official record. The
message ids stay in the catalogue (wrapped in ``gettext_noop`` where they are written)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext


def official_text(message: str, **values: object) -> str:
    """``message`` % ``values``, rendered in Russian."""
    with translation.override("ru"):
        text = gettext(message)
        return text % values if values else text
