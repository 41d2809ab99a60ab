import pytest


@pytest.mark.django_db
def test_english_translation_is_available(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True)
    body = response.content.decode()
    assert 'lang="en"' in body
    assert "Вход в систему" not in body


@pytest.mark.django_db
def test_russian_is_the_default(client):
    body = client.get("/accounts/login/").content.decode()
    assert 'lang="ru"' in body and "Вход в систему" in body
