import pytest
from django.conf import settings

from tests.factories import UserFactory


@pytest.mark.django_db
def test_unmarked_tests_run_without_the_staff_second_factor(client):
    assert settings.OTBOR_REQUIRE_STAFF_OTP is False
    client.force_login(UserFactory(role="member"))
    assert client.get("/admin/").status_code == 200


@pytest.mark.otp
def test_marked_tests_keep_it_on():
    assert settings.OTBOR_REQUIRE_STAFF_OTP is True
