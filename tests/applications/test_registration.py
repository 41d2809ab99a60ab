"""Self-registration of an applicant organisation (SPEC §3): checksums, the inactive user,
the confirmation mail and link, duplicates."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role, has_role
from demo.identifiers import inn_for, kpp_for, ogrn_for
from organisations.models import Organisation

PASSWORD = "Zavod-Parol-2015!"
INN = inn_for(901)
OGRN = ogrn_for(901)
LINK = re.compile(r"http://testserver(/accounts/confirm/[^/\s]+/)")


def _bad_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def form_data(**overrides) -> dict:
    data = {
        "org-full_name": "Общество с ограниченной ответственностью «Балтийский завод»",
        "org-short_name": "ООО «Балтзавод»",
        "org-inn": INN,
        "org-kpp": kpp_for(INN),
        "org-ogrn": OGRN,
        "org-region": "39",
        "org-address": "г. Калининград, ул. Портовая, 5",
        "org-contact_name": "Иванова Анна",
        "org-contact_phone": "+7 4012 00-00-00",
        "org-contact_email": "info@baltzavod.example",
        "user-full_name": "Иванова Анна Сергеевна",
        "user-position": "Финансовый директор",
        "user-email": "Anna@BaltZavod.example",
        "user-phone": "+7 900 000-00-00",
        "user-password1": PASSWORD,
        "user-password2": PASSWORD,
        "user-consent": "on",
    }
    data.update(overrides)
    return data


def _errors(response, form: str) -> dict:
    return {name: list(errs) for name, errs in response.context[form].errors.items()}


@pytest.mark.django_db
def test_registration_page_renders_in_russian(client):
    response = client.get(reverse("register"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Регистрация организации-заявителя" in text
    assert "152-ФЗ" in text


@pytest.mark.django_db
def test_bad_inn_and_ogrn_check_digits_show_russian_errors(client):
    response = client.post(
        reverse("register"),
        form_data(**{"org-inn": _bad_check_digit(INN), "org-ogrn": _bad_check_digit(OGRN)}),
    )
    assert response.status_code == 200
    errors = _errors(response, "org_form")
    assert errors["inn"] == ["Неверное контрольное число ИНН"]
    assert errors["ogrn"] == ["Неверное контрольное число ОГРН"]
    text = response.content.decode()
    assert "Неверное контрольное число ИНН" in text and "Неверное контрольное число ОГРН" in text
    assert not Organisation.objects.exists()
    assert not User.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("org-inn", "12345", "ИНН должен содержать 10 цифр, указано 5"),
        ("org-inn", "77012345ab", "ИНН должен состоять только из цифр (10 цифр)"),
        ("org-ogrn", "3" + OGRN[1:], "ОГРН юридического лица начинается с цифры 1 или 5"),
        ("org-kpp", "12345", "КПП должен содержать 9 знаков, указано 5"),
    ],
)
def test_malformed_identifiers_are_refused(client, field, value, message):
    response = client.post(reverse("register"), form_data(**{field: value}))
    assert message in _errors(response, "org_form")[field.removeprefix("org-")]
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_user_form_errors_are_russian(client):
    response = client.post(
        reverse("register"),
        form_data(**{"user-password2": "другой-пароль-1", "user-consent": ""}),
    )
    errors = _errors(response, "user_form")
    assert errors["password2"] == ["Пароли не совпадают."]
    assert errors["consent"] == ["Обязательное поле."]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_good_registration_creates_an_inactive_user_and_mails_the_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("register"), form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("register_sent")

    organisation = Organisation.objects.get()
    assert (organisation.inn, organisation.ogrn, organisation.kpp, organisation.region_id) == (
        INN,
        OGRN,
        kpp_for(INN),
        "39",
    )
    user = User.objects.get()
    assert user.email == "anna@baltzavod.example"
    assert user.organisation == organisation
    assert user.is_active is False
    assert user.email_confirmed_at is None
    assert user.personal_data_consent_at is not None
    assert user.check_password(PASSWORD)
    assert has_role(user, Role.APPLICANT)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@baltzavod.example"]
    assert message.subject == "Подтверждение регистрации в системе «Отбор»"
    assert "Здравствуйте, Иванова Анна Сергеевна!" in message.body
    assert "Ссылка действительна 3 дня." in message.body
    link = LINK.search(message.body).group(1)

    # Not before the confirmation.
    refused = client.post(reverse("login"), {"username": "anna@baltzavod.example", "password": PASSWORD})
    assert refused.status_code == 200
    assert not refused.wsgi_request.user.is_authenticated

    confirmed = client.get(link)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("login")
    assert [str(m) for m in get_messages(confirmed.wsgi_request)] == [
        "Почта подтверждена. Войдите, чтобы подать заявку."
    ]
    user.refresh_from_db()
    assert user.is_active is True
    assert user.email_confirmed_at is not None
    first_confirmation = user.email_confirmed_at

    # The link again: still fine, nothing changes.
    client.get(link)
    user.refresh_from_db()
    assert user.email_confirmed_at == first_confirmation

    signed_in = client.post(reverse("login"), {"username": "anna@baltzavod.example", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("portal:my_list")


@pytest.mark.django_db
def test_forged_confirmation_link_is_refused(client):
    response = client.get(reverse("confirm_email", args=["forged-token"]))
    assert response["Location"] == reverse("register")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Ссылка подтверждения недействительна или устарела."
    ]


@pytest.mark.django_db
def test_duplicate_inn_is_refused(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("register"), form_data())
    assert Organisation.objects.count() == 1
    mail.outbox.clear()
    response = client.post(reverse("register"), form_data())
    assert response.status_code == 200
    assert _errors(response, "org_form")["inn"] == [
        "Организация с этим ИНН уже зарегистрирована. Попросите её пользователя добавить вас "
        "на странице «Организация»."
    ]
    # A registered e-mail is no error (tests/security/test_enumeration.py).
    assert "email" not in _errors(response, "user_form")
    other = client.post(reverse("register"), form_data(**{"user-email": "second@baltzavod.example"}))
    assert "inn" in _errors(other, "org_form")
    assert Organisation.objects.count() == 1
    assert User.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_signed_in_user_is_sent_home(client):
    from tests.factories import applicant

    client.force_login(applicant())
    assert client.get(reverse("register"))["Location"] == reverse("home")


@pytest.mark.django_db
def test_the_confirmation_mail_is_russian_on_the_english_page(
    client, settings, django_capture_on_commit_callbacks
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("register"), form_data())
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.subject == "Подтверждение регистрации в системе «Отбор»"
    link = LINK.search(message.body).group(0)
    assert message.body == (
        "Здравствуйте, Иванова Анна Сергеевна!\n\nДля завершения регистрации организации "
        "«Общество с ограниченной ответственностью «Балтийский завод»» перейдите по ссылке:\n"
        f"{link}\n\nСсылка действительна 3 дня."
    )


@pytest.mark.django_db
def test_phones_are_validated_and_stored_normalised(client):
    response = client.post(
        reverse("register"), form_data(**{"user-phone": "abc", "org-contact_phone": "+7 900"})
    )
    assert response.status_code == 200
    assert "только цифры" in _errors(response, "user_form")["phone"][0]
    assert "указано 3" in _errors(response, "org_form")["contact_phone"][0]
    assert not User.objects.exists()

    data = form_data(**{"user-phone": "8 (900) 123-45-67", "org-contact_phone": "+7 (4012) 55-12-34"})
    response = client.post(reverse("register"), data)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.phone == "+7 900 123-45-67"
    assert user.organisation.contact_phone == "+7 401 255-12-34"
