import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "documents"


@pytest.fixture
def using_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.fixture(autouse=True)
def _staff_otp_off_unless_marked(request, settings):
    """Staff 2FA is on in every real configuration. Tests of other areas log staff in
    with ``client.force_login`` and are not about the second factor, so it is off for
    them; tests marked ``@pytest.mark.otp`` (tests/security) keep it on."""
    settings.OTBOR_REQUIRE_STAFF_OTP = request.node.get_closest_marker("otp") is not None


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches (results of meetings are cached)."""
    from django.core.cache import cache

    from commission.selectors import forget_cached_results

    cache.clear()
    forget_cached_results()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in English leaves English
    active in the thread (LocaleMiddleware activates, nothing deactivates), and the
    services' messages follow the active language."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
