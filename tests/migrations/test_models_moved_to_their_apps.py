"""The move of the models out of ``applications`` (issue 10) keeps every row.

``data/pre-move-demo.json.gz`` is every table of a PostgreSQL database built by main at
554eba0 (before the move) with ``migrate`` and ``load_demo_data``, as JSON rows per table
(``json_agg`` of each table; django_migrations left out). The test takes its database back
to the migrations of that commit, loads those rows as they were, migrates forward and
compares every table, row by row, through the new apps' models as well."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

DATA = Path(__file__).parent / "data" / "pre-move-demo.json.gz"
# The leaf migrations of every project app at 554eba0.
BEFORE_MOVE = [
    ("accounts", "0002_initial"),
    ("applications", "0004_personal_data_access"),
    ("commission", "0002_protocol_export"),
    # The apps the move created did not exist yet.
    ("reference", None), ("calls", None), ("organisations", None), ("privacy", None),
    ("scoring", None),
]
MOVED = {
    "region": "reference", "prioritydirection": "reference",
    "call": "calls", "macroscenario": "calls", "macroyear": "calls",
    "regionalgrp": "calls", "bankrate": "calls",
    "organisation": "organisations",
    "personaldataaccess": "privacy",
    "indicatorresult": "scoring", "recomputerun": "scoring",
}

# Rows that later data migrations add on purpose (reference 0003: the subject the first list
# of regions missed); every row of the old database is still compared.
ADDED_LATER = {"applications_region": [{"code": "20", "name": "Чеченская Республика"}]}

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the rows are loaded with PostgreSQL's json_populate_recordset"),
]


def table_rows(table: str) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT coalesce(json_agg(t), \'[]\') FROM "{table}" t')
        rows = cursor.fetchone()[0]
    rows = json.loads(rows) if isinstance(rows, str) else rows
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


def load_rows(tables: dict[str, list[dict]]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: the order does not matter.
        names = ", ".join(f'"{name}"' for name in tables)
        cursor.execute(f"TRUNCATE {names} CASCADE")
        for table, rows in tables.items():
            if rows:
                cursor.execute(
                    f'INSERT INTO "{table}" SELECT * FROM json_populate_recordset(NULL::"{table}", %s)',
                    [json.dumps(rows)],
                )


def test_demo_database_of_the_old_layout_migrates_with_every_row_kept():
    before = json.loads(gzip.decompress(DATA.read_bytes()))
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_MOVE)
    load_rows(before)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    # applications 0008 deletes the permissions nothing checked, with their grants.
    application_types = {row["id"] for row in before["django_content_type"] if row["app_label"] == "applications"}
    stale = {row["id"] for row in before["auth_permission"] if row["content_type_id"] in application_types
             and row["codename"] in ("screen_application", "view_personal_data")}
    assert stale
    for table, rows in before.items():
        expected = rows
        if table == "auth_permission":
            expected = [row for row in rows if row["id"] not in stale]
        if table in ("auth_group_permissions", "accounts_user_user_permissions"):
            expected = [row for row in rows if row["permission_id"] not in stale]
        if table == "django_content_type":
            expected = [dict(row, app_label=MOVED.get(row["model"], row["app_label"]))
                        if row["app_label"] == "applications" else row for row in rows]
        expected = sorted([*expected, *ADDED_LATER.get(table, [])], key=lambda row: json.dumps(row, sort_keys=True))
        # Columns added by later migrations (e.g. StatusEvent.notified_at) are not compared.
        columns = set(rows[0]) if rows else set()
        actual = sorted(({key: value for key, value in row.items() if key in columns}
                         for row in table_rows(table)),
                        key=lambda row: json.dumps(row, sort_keys=True))
        assert actual == expected, table

    # The same rows through the new apps' models.
    from accounts.models import User
    from applications.models import Application
    from calls.models import Call, RegionalGrp
    from organisations.models import Organisation
    from privacy.models import PersonalDataAccess
    from reference.models import PriorityDirection, Region
    from scoring.models import IndicatorResult

    counts = {model: len(before[model._meta.db_table]) + len(ADDED_LATER.get(model._meta.db_table, []))
              for model in
              (Call, RegionalGrp, Organisation, Region, PriorityDirection, IndicatorResult,
               PersonalDataAccess, Application, User)}
    assert {model: model.objects.count() for model in counts} == counts
    assert Call.objects.count() == 2 and Organisation.objects.count() == 22
    app = Application.objects.select_related("call", "organisation", "region").exclude(
        registration_number=None).first()
    assert app.call.year >= 2014 and app.organisation.inn and app.region.name
    # Permissions followed their models: the secretaries still may change a call.
    from django.contrib.auth.models import Group

    secretaries = Group.objects.get(name="Секретари комиссии")
    labels = set(secretaries.permissions.values_list("content_type__app_label", "codename"))
    assert ("calls", "change_call") in labels
    moved_codenames = {f"{action}_{model}" for model in MOVED
                       for action in ("add", "change", "delete", "view")}
    assert not {(label, codename) for label, codename in labels
                if label == "applications" and codename in moved_codenames}
