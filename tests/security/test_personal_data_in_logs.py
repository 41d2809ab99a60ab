"""152-FZ: no personal data in the application's logs. The filter masks e-mails, phone
numbers and personal INNs; every configured handler has it; the main flows, logged at
DEBUG through the configured handlers, leave no e-mail or phone in the output."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from pathlib import Path
from smtplib import SMTPRecipientsRefused
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from config.logging_filters import PersonalDataFilter, is_individual_inn, mask_personal_data
from tests.applications.test_lifecycle import complete_application
from tests.applications.test_registration import PASSWORD, form_data
from tests.factories import UserFactory, call_with_example_scenario

ROOT = Path(__file__).resolve().parents[2]


def formatted(msg: str, *args, exc_info=None) -> str:
    record = logging.LogRecord("otbor.test", logging.WARNING, __file__, 1, msg, args, exc_info)
    assert PersonalDataFilter().filter(record) is True
    return logging.Formatter("%(message)s").format(record)


def test_the_filter_masks_an_email_and_a_phone_passed_as_args():
    assert formatted("mail to %s failed; call %s", "Ivan.Petrov@Mail.ru", "+7 (912) 345-67-89") == (
        "mail to [e-mail] failed; call [phone]"
    )


@pytest.mark.parametrize(
    "text",
    [
        "+7 495 000-00-00",
        "+74950000000",
        "8 (4012) 55-12-34",
        "8-800-555-35-35",
        "89123456789",
        "+7(912)3456789",
    ],
)
def test_russian_phone_formats_are_masked(text):
    assert mask_personal_data(f"phone: {text}.") == "phone: [phone]."


@pytest.mark.parametrize(
    "text",
    [
        "application 812 scored",
        "2015-J-0001",
        "inn 3906123456",
        "ogrn 1023900000000",
        "npv 812345678901.5",
        "hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "took 0.0123456789 s",
        "total_cost=81234567890123",
    ],
)
def test_ids_amounts_and_legal_entity_numbers_stay(text):
    assert mask_personal_data(text) == text


def test_a_personal_inn_is_masked_only_when_its_check_digits_hold():
    assert is_individual_inn("500100732259")
    assert mask_personal_data("inn 500100732259") == "inn [inn]"
    assert mask_personal_data("amount 500100732250") == "amount 500100732250"


def test_an_url_encoded_address_in_a_logged_path_is_masked():
    assert formatted("Not Found: %s", "/admin/accounts/user/?q=anna%40baltzavod.example") == (
        "Not Found: /admin/accounts/user/?q=[e-mail]"
    )


def test_a_traceback_naming_a_recipient_is_masked():
    try:
        raise SMTPRecipientsRefused({"anna@baltzavod.example": (550, b"no such user")})
    except SMTPRecipientsRefused:
        text = formatted("notification mail failed for application %s", 7, exc_info=sys.exc_info())
    assert "anna@baltzavod.example" not in text
    assert "SMTPRecipientsRefused: {'[e-mail]': (550, b'no such user')}" in text


def _project_handlers() -> list[logging.Handler]:
    """Every handler settings.LOGGING installed, on every logger. Handlers that other tests
    or libraries add at run time (a Celery app's log setup, pytest's own) are not the
    configuration and are left out: they carry no name from LOGGING."""
    configured = set(settings.LOGGING["handlers"])
    loggers = [logging.getLogger()] + [
        logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    handlers = {h for logger in loggers for h in logger.handlers if h.name in configured}
    return sorted(handlers, key=repr)


def test_every_configured_handler_has_the_filter():
    handlers = _project_handlers()
    # the console and the development server's request lines
    assert {h.name for h in handlers} == set(settings.LOGGING["handlers"]) == {"console", "django.server"}
    for handler in handlers:
        assert any(isinstance(f, PersonalDataFilter) for f in handler.filters), handler


def test_a_celery_worker_masks_its_own_handlers_too():
    script = (
        "import django, logging; django.setup()\n"
        "from config.celery import app\n"
        "app.log.setup(loglevel='INFO', redirect_stdouts=False)\n"
        "logging.getLogger('x').warning('mail to %s, phone %s', 'a.b@mail.ru', '8 900 123-45-67')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"DJANGO_SETTINGS_MODULE": "config.settings", "OTBOR_TESTING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "mail to [e-mail], phone [phone]" in result.stderr
    assert "a.b@mail.ru" not in result.stderr


@pytest.fixture
def log_output(caplog):
    """Everything the configured handlers write, at DEBUG everywhere, SQL included."""
    buffer = io.StringIO()
    handlers = [h for h in _project_handlers() if isinstance(h, logging.StreamHandler)]
    assert handlers
    previous = [h.setStream(buffer) for h in handlers]
    for name in (None, "django", "axes"):
        caplog.set_level(logging.DEBUG, logger=name)
    connection.force_debug_cursor = True  # django.db.backends logs every query's values
    try:
        yield buffer
    finally:
        connection.force_debug_cursor = False
        for handler, stream in zip(handlers, previous):
            if stream is not None:
                handler.setStream(stream)


REGISTERED_EMAIL = "anna@baltzavod.example"


@pytest.mark.django_db
def test_the_main_flows_leave_no_email_or_phone_in_the_logs(
    client, log_output, django_capture_on_commit_callbacks
):
    data = form_data(**{"user-email": REGISTERED_EMAIL})
    personal = [REGISTERED_EMAIL, data["org-contact_email"], data["org-contact_phone"], data["user-phone"]]
    # Registration (the confirmation mail), a mistyped password, the applicant's pages.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("register"), data).status_code == 302
    assert (
        client.post("/accounts/login/", {"username": REGISTERED_EMAIL, "password": "wrong"}).status_code
        == 200
    )
    call = call_with_example_scenario()
    app = complete_application(call)
    owner = app.created_by
    personal += [owner.email, app.organisation.contact_email, app.organisation.contact_phone]
    client.force_login(owner)
    client.get("/organisation/")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/applications/{app.pk}/submit/").status_code == 302
    # Staff: the organisation's card, a document, screening; the decision's mail bounces.
    secretary = UserFactory(role="secretary")
    client.force_login(secretary)
    assert client.get(f"/admin/organisations/organisation/{app.organisation_id}/change/").status_code == 200
    doc = app.documents.get()
    assert client.get(f"/applications/{app.pk}/documents/{doc.pk}/").status_code == 200
    assert client.get(f"/screening/{call.pk}/").status_code == 200
    refused = SMTPRecipientsRefused({owner.email: (550, b"mailbox unavailable")})
    with (
        mock.patch("applications.services.notifications.send_mass_mail", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(f"/screening/application/{app.pk}/decide/", {"decision": "admit", "reasons": ""})
    client.get(f"/no-such-page/{owner.email}/")  # django.request logs the path
    client.post("/accounts/login/", {"username": owner.email, "password": PASSWORD})

    text = log_output.getvalue()
    leaked = [value for value in personal if value in text or value.lower() in text]
    assert leaked == []
    # Not vacuous: the flows did put personal data through the loggers, masked on the way.
    assert "notification mail failed for application" in text
    assert "[e-mail]" in text and "[phone]" in text
