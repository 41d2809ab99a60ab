"""No personal data in the logs (152-FZ). A filter on every handler masks e-mail
addresses, Russian phone numbers and individuals' 12-digit INNs in a record's message,
its arguments, its traceback and its stack.

Our own code logs ids, never names or addresses; the filter is for what others put in a
message: django-axes logs the e-mail typed at sign-in, ``django.request`` and the
development server log paths and query strings, an SMTP error names the recipient.

Not masked, on purpose: 10-digit INNs and 13-digit OGRNs (a legal entity's public
registry numbers, not personal data) and other numbers (ids, amounts, timestamps)."""

from __future__ import annotations

import logging
import re

from reference.validators import is_individual_inn

EMAIL_MASK = "[e-mail]"
PHONE_MASK = "[phone]"
INN_MASK = "[inn]"

# An address, also URL-encoded in a logged path or query string (%40 for "@").
EMAIL = re.compile(r"[\w.%+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
# +7 or 8, then ten digits with up to two separators between them: +7 495 000-00-00,
# 8 (4012) 55-12-34, +74950000000, 8-800-555-35-35. Not inside a longer number or word.
PHONE = re.compile(r"(?<![\w+])(?:\+7|8)(?:[ \-()]{0,2}\d){10}(?!\d)")
TWELVE_DIGITS = re.compile(r"(?<![\w.])\d{12}(?![\w.])")


def mask_personal_data(text: str) -> str:
    text = EMAIL.sub(EMAIL_MASK, text)
    text = PHONE.sub(PHONE_MASK, text)
    return TWELVE_DIGITS.sub(lambda m: INN_MASK if is_individual_inn(m.group()) else m.group(), text)


class PersonalDataFilter(logging.Filter):
    """Masks personal data in place and lets every record through. A record whose text
    holds none is left untouched (its arguments stay for formatters that use them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        malformed = False
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):  # a malformed record: mask what it has
            message = " ".join(map(str, (record.msg, *(record.args or ()))))
            malformed = True
        masked = mask_personal_data(message)
        if malformed or masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set, so the masked traceback is printed.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_data(record.stack_info)
        return True


def install_on_handlers(logger: logging.Logger) -> None:
    """Add the filter to every handler of ``logger`` that lacks it (Celery replaces the
    root logger's handlers with its own at worker start)."""
    for handler in logger.handlers:
        if not any(isinstance(f, PersonalDataFilter) for f in handler.filters):
            handler.addFilter(PersonalDataFilter())
