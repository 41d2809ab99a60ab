"""Every subject of the Russian Federation a 2014 macro scenario carries (85) can be chosen:
01–79, the autonomous okrugs 83, 86, 87, 89, and 91, 92."""

from __future__ import annotations

import pytest

from reference.data import REGIONS
from reference.models import Region

CODES_2014 = {f"{n:02d}" for n in range(1, 80)} | {"83", "86", "87", "89", "91", "92"}


def test_the_shipped_list_has_the_85_subjects():
    assert len(CODES_2014) == 85
    assert {code for code, _name in REGIONS} == CODES_2014
    assert len(REGIONS) == 85
    assert dict(REGIONS)["20"] == "Чеченская Республика"


@pytest.mark.django_db
def test_the_database_has_the_85_subjects_by_code_and_name():
    stored = dict(Region.objects.values_list("code", "name"))
    assert set(stored) == CODES_2014
    assert stored["20"] == "Чеченская Республика"
    assert stored == dict(REGIONS)
