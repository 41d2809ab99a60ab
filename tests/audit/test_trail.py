"""The tamper-evident trail (issue 11, item 5): appends chain by hash; PostgreSQL refuses
UPDATE and DELETE; verify_audit finds an edited and a deleted row made by raw SQL."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import ProgrammingError

from audit.chain import GENESIS, entry_hash
from audit.models import AuditEntry
from audit.services import content_of, record, verify

pytestmark = pytest.mark.django_db


def three_entries() -> list[AuditEntry]:
    return [record(action="test.entry", object_type="test", object_id=i, data={"n": i}) for i in range(3)]


def raw(sql: str, params=()) -> None:
    """What a DBA with the table owner's rights could do: bypass the trigger."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")


def run_verify() -> tuple[int, str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_entries_chain_by_hash():
    entries = three_entries()
    first = AuditEntry.objects.order_by("seq").first()
    assert first.prev_hash == GENESIS
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.hash
        assert entry.seq == previous.seq + 1
    stored = AuditEntry.objects.get(pk=entries[-1].pk)
    assert stored.hash == entry_hash(stored.prev_hash, content_of(stored))
    code, out, _err = run_verify()
    assert code == 0
    assert out.startswith("Журнал цел: записей ")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete():
    entry = three_entries()[1]
    for sql in (
        "UPDATE audit_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="raw SQL on PostgreSQL")
def test_verify_audit_names_an_edited_row():
    entries = three_entries()
    target = entries[1]
    raw("UPDATE audit_auditentry SET data = %s WHERE id = %s", ['{"n": 99}', target.pk])
    code, _out, err = run_verify()
    assert code == 1
    assert f"запись № {target.seq} — содержимое записи изменено" in err


@pytest.mark.skipif(connection.vendor != "postgresql", reason="raw SQL on PostgreSQL")
def test_verify_audit_names_a_deleted_row():
    entries = three_entries()
    target = entries[1]
    raw("DELETE FROM audit_auditentry WHERE id = %s", [target.pk])
    code, _out, err = run_verify()
    assert code == 1
    assert f"запись № {target.seq} — запись отсутствует (удалена)" in err
    checked, broken = verify()
    assert broken is not None and broken.seq == target.seq
