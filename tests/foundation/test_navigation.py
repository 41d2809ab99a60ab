import pytest

from tests.factories import UserFactory, applicant


@pytest.mark.django_db
def test_login_page_is_russian(client):
    body = client.get("/accounts/login/").content.decode()
    assert "Вход в систему" in body
    assert 'lang="ru"' in body


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        ("applicant", ["Мои заявки", "Организация"], ["Рассмотрение заявок", "Оценка проектов"]),
        ("secretary", ["Отборы", "Рассмотрение заявок", "Оценка проектов"], ["Мои заявки"]),
        ("member", ["Оценка проектов"], ["Мои заявки", "Рассмотрение заявок", "Отборы"]),
        ("chair", ["Оценка проектов"], ["Мои заявки", "Рассмотрение заявок"]),
        ("administrator", ["Отборы", "Администрирование"], ["Мои заявки"]),
    ],
)
@pytest.mark.django_db
def test_navigation_shows_what_each_role_can_do(client, role, present, absent):
    user = applicant() if role == "applicant" else UserFactory(role=role)
    client.force_login(user)
    nav = client.get("/accounts/login/").content.decode().split('data-testid="nav"')[1]
    nav = nav.split("</ul>")[0]
    for label in present:
        assert label in nav
    for label in absent:
        assert label not in nav


@pytest.mark.django_db
def test_anonymous_home_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
