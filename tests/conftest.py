import pytest
from django.conf import settings

# Within Django's order (pytest-django: database tests, then transactional ones, then those
# without a database), these go first: pytest-xdist hands tests out in collection order, and
# a long test handed out last keeps one worker busy while the others idle.
RUN_FIRST = (
    "tests/security/test_permission_matrix.py",  # many tests on data built once per worker
    "tests/browser/",
    "tests/scoring/test_tasks_worker.py",
    "tests/foundation/test_demo_data.py",
    "tests/applications/test_xlsx_model.py",
    "tests/engine/test_irr.py",
    "tests/engine/test_properties.py",
)


def django_order(item: pytest.Item) -> int:
    """pytest-django's order of a test (0 database, 1 or 2 transactional, 3 no database), with
    the transactional tests that restore the migrations' data (``serialized_rollback``)
    before the other transactional ones: those flush the tables and re-create the roles'
    groups, and restoring the serialized rows on top of them fails on the groups' names."""
    marker = item.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker is not None else {}
    fixtures = getattr(item, "fixturenames", [])
    if (
        kwargs.get("transaction")
        or kwargs.get("reset_sequences")
        or ("transactional_db" in fixtures or "live_server" in fixtures)
    ):
        return 1 if kwargs.get("serialized_rollback") else 2
    return 0 if marker is not None or "db" in fixtures else 3


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> tuple[int, int]:
        first = next(
            (i for i, prefix in enumerate(RUN_FIRST) if item.nodeid.startswith(prefix)), len(RUN_FIRST)
        )
        return django_order(item), first

    items.sort(key=rank)  # stable: the order within a rank stays the collection order


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
