import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "documents"


@pytest.fixture
def using_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
