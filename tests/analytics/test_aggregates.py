"""The regional figures against the hand-computed fixture (tests/analytics/fixture.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.selectors import Filters, regional_view
from reference.geography import location_quotients, project_geography
from tests.analytics.fixture import M, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _region(view, code):
    return next(row for row in view.regions if row.key == code)


def test_regions_districts_and_total_match_the_hand_computation(world):
    view = regional_view(Filters(call_ids=(world["call"].pk,)))
    kaluga = _region(view, "40").values
    assert kaluga["applications"] == 2 and kaluga["admitted"] == 1 and kaluga["winners"] == 1
    assert kaluga["investment"] == Decimal(160 * M)
    assert kaluga["subsidy_requested"] == Decimal(19 * M)
    assert kaluga["subsidy_granted"] == Decimal(15 * M)
    assert kaluga["jobs"] == 60
    assert kaluga["nnpv"] == pytest.approx(15 * M)
    assert kaluga["integral"] == pytest.approx(0.00015)
    tatarstan = _region(view, "16").values
    assert (tatarstan["applications"], tatarstan["admitted"], tatarstan["winners"]) == (1, 1, 0)
    assert tatarstan["subsidy_granted"] == 0 and tatarstan["nnpv"] is None and tatarstan["integral"] is None
    assert _region(view, "77").values["applications"] == 0
    assert len(view.regions) == 85
    districts = {row.key: row.values for row in view.districts}
    assert districts["central"]["applications"] == 3
    assert districts["central"]["investment"] == Decimal(200 * M)
    assert districts["central"]["subsidy_granted"] == Decimal(17 * M)
    assert districts["central"]["integral"] == pytest.approx(0.0007 / 3)
    assert districts["volga"]["investment"] == Decimal(200 * M)
    total = view.total.values
    assert (total["applications"], total["admitted"], total["winners"]) == (4, 3, 2)
    assert total["investment"] == Decimal(400 * M)
    assert total["subsidy_requested"] == Decimal(51 * M)
    assert total["jobs"] == 140
    assert total["nnpv"] == pytest.approx(16 * M)


def test_filters_by_direction_okved_and_span_of_calls(world):
    call, other = world["call"].pk, world["other_call"].pk
    by_direction = regional_view(Filters(call_ids=(call,), direction="automotive"))
    assert by_direction.total.values["applications"] == 1
    assert by_direction.total.values["investment"] == Decimal(100 * M)
    by_class = regional_view(Filters(call_ids=(call,), okved="29"))
    assert by_class.total.values["investment"] == Decimal(300 * M)
    assert regional_view(Filters(call_ids=(call,), okved="29.1")).total.values["applications"] == 1
    assert regional_view(Filters(call_ids=(call,), okved="C")).total.values["applications"] == 4
    span = regional_view(Filters(call_ids=(call, other)))
    assert _region(span, "40").values["applications"] == 3
    assert _region(span, "40").values["winners"] == 2


def test_points_only_from_decided_meetings(world):
    view = regional_view(Filters(call_ids=(world["call"].pk,)))
    assert sorted(view.points) == [25.0, 40.0]


def test_clusters_sum_their_participants_projects(world):
    (row,) = regional_view(Filters(call_ids=(world["call"].pk,))).clusters
    assert row.name == "Калужский автомобильный кластер"
    assert row.values["applications"] == 2
    assert row.values["investment"] == Decimal(300 * M)
    assert row.values["subsidy_requested"] == Decimal(45 * M)
    assert row.values["subsidy_granted"] == Decimal(15 * M)
    assert row.values["jobs"] == 130


def test_location_quotients_and_concentration(world):
    quotients = location_quotients()
    assert quotients.of("C", "40") == pytest.approx(2.0)
    assert quotients.of("C", "16") == pytest.approx(1.0)
    assert quotients.concentrated_regions("C") == ["40"]
    view = regional_view(Filters(call_ids=(world["call"].pk,), okved="29"))
    assert view.section == "C" and _region(view, "40").lq == pytest.approx(2.0)
    a1 = world["apps"][0]
    geography = project_geography(inn=a1.organisation.inn, okved=a1.okved, region_code=a1.region_id)
    assert [c.name for c in geography.clusters] == ["Калужский автомобильный кластер"]
    assert geography.section == "C" and geography.concentrated_here
    a2 = world["apps"][1]
    assert project_geography(inn=a2.organisation.inn, okved="20.16", region_code="40").clusters == []


def test_query_count_does_not_grow_with_the_applications(world):
    call = world["call"]

    def count(filters):
        with CaptureQueriesContext(connection) as queries:
            regional_view(filters)
        return len(queries)

    small = count(Filters(call_ids=(world["other_call"].pk,)))
    large = count(Filters(call_ids=(call.pk, world["other_call"].pk), okved="C"))
    assert small <= 12
    # The OKVED filter adds the LQ table and the section lookups, nothing per row.
    assert large - small <= 4
