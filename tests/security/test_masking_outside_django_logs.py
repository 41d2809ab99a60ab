"""Personal data is masked in what leaves the processes outside Django's logging too:
gunicorn's access and error logs (config/gunicorn.conf.py) and the console mail backend
(config/email_backends.py), the default when no SMTP server is configured."""

from __future__ import annotations

import datetime as dt
import importlib
import runpy
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

from django.core.mail import EmailMultiAlternatives, get_connection
from gunicorn.config import Config

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"
EMAIL = "ivan.petrov@mail.example"
PHONE = "+7 916 123-45-67"


def gunicorn_logger():
    settings = runpy.run_path(str(GUNICORN_CONF))
    cfg = Config()
    for name in ("accesslog", "errorlog", "access_log_format", "logger_class"):
        cfg.set(name, settings[name])
    return cfg.logger_class(cfg)


def test_gunicorns_access_log_has_no_query_string_referrer_or_address(capsys):
    log = gunicorn_logger()
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/accounts/{EMAIL}/?q={EMAIL}&phone=89161234567",
        "PATH_INFO": f"/accounts/{EMAIL}/",
        "QUERY_STRING": f"q={EMAIL}&phone=89161234567",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_REFERER": f"https://otbor.example/admin/?q={EMAIL}",
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    response = SimpleNamespace(status="200 OK", headers=[], sent=512)
    log.access(response, SimpleNamespace(headers=[]), environ, dt.timedelta(milliseconds=42))
    line = capsys.readouterr().out
    assert '"GET /accounts/[e-mail]/ HTTP/1.1" 200 512 0.042000 "Mozilla/5.0"' in line
    assert "203.0.113.7" in line
    assert "@" not in line and "9161234567" not in line and "q=" not in line


def test_gunicorns_error_log_is_masked(capsys):
    log = gunicorn_logger()
    log.error("Invalid request from %s, phone %s", EMAIL, PHONE)
    output = capsys.readouterr()
    text = output.out + output.err
    assert "Invalid request from [e-mail], phone [phone]" in text
    assert EMAIL not in text


def test_the_default_mail_backend_is_the_masked_console():
    settings_module = importlib.import_module("config.settings")  # the tests swap in locmem
    assert settings_module.EMAIL_BACKEND == "config.email_backends.MaskedConsoleEmailBackend"


def test_the_console_mail_backend_masks_addresses_and_phones_and_keeps_links():
    stream = StringIO()
    connection = get_connection("config.email_backends.MaskedConsoleEmailBackend", stream=stream)
    letter = EmailMultiAlternatives(
        subject="Подтверждение адреса",
        body=f"Здравствуйте! Ваш телефон {PHONE}, адрес {EMAIL}.\n"
        "Подтвердите: https://otbor.example/accounts/confirm/MQ/abc-123/\n" + "Ж" * 2000,
        from_email="otbor@minpromtorg.example",
        to=[EMAIL],
        connection=connection,
    )
    letter.attach_alternative(f"<p>{EMAIL}</p>", "text/html")
    assert letter.send() == 1
    text = stream.getvalue()
    assert EMAIL not in text and "123-45-67" not in text
    assert "To: [e-mail]" in text
    assert "Ваш телефон [phone], адрес [e-mail]." in text
    assert "https://otbor.example/accounts/confirm/MQ/abc-123/" in text
    assert "<p>[e-mail]</p>" in text
