"""The secretary's imports of clusters and of the employment table: a right workbook is
stored, a wrong one is refused cell by cell and stores nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from analytics.imports import read_clusters, read_employment
from audit.models import AuditEntry
from reference.models import Cluster, ClusterParticipant, EmploymentFigure, EmploymentTable
from reference.xlsx_safety import WorkbookErrors
from tests.factories import UserFactory, reference_region
from tests.otp_helpers import login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.otp]

GOOD_INN, OTHER_INN = "7707083893", "7736050003"


def workbook(sheet: str, rows: list[list[object]]) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def secretary_client(client):
    reference_region()
    login_verified(client, UserFactory(role="secretary"))
    return client


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


CLUSTERS_HEADER = ["Наименование", "Субъект", "ОКВЭД2", "ИНН"]


def test_clusters_are_imported_and_replace_the_list(secretary_client):
    Cluster.objects.create(name="Старый кластер", region_id="39")
    data = workbook(
        "Кластеры",
        [
            CLUSTERS_HEADER,
            ["Калужский автомобильный кластер", "40", "29.10, 29.32", f"{GOOD_INN}, {OTHER_INN}"],
            [],
            ["Камский кластер", "Республика Татарстан", "29.10", GOOD_INN],
        ],
    )
    response = secretary_client.post("/analytics/reference/clusters/", {"file": _upload("c.xlsx", data)})
    assert response.status_code == 302
    assert list(Cluster.objects.values_list("name", "region_id")) == [
        ("Калужский автомобильный кластер", "40"),
        ("Камский кластер", "16"),
    ]
    entry = AuditEntry.objects.get(action="clusters.imported")
    assert entry.data == {"clusters": 2, "participants": 3}
    kaluga = Cluster.objects.get(region_id="40")
    assert sorted(kaluga.specialisation.values_list("code", flat=True)) == ["29.10", "29.32"]
    assert sorted(kaluga.participants.values_list("inn", flat=True)) == sorted([GOOD_INN, OTHER_INN])


def test_a_wrong_cluster_workbook_is_refused_cell_by_cell_and_stores_nothing(secretary_client):
    Cluster.objects.create(name="Старый кластер", region_id="39")
    data = workbook(
        "Кластеры",
        [
            CLUSTERS_HEADER,
            ["Кластер 1", "99", "29.10", GOOD_INN],
            ["", "40", "99.99", "1234567890"],
            ["Кластер 1", "40", "", ""],
        ],
    )
    with pytest.raises(WorkbookErrors) as refused:
        read_clusters(data)
    assert refused.value.errors == [
        'Лист "Кластеры", ячейка B2: нет такого субъекта РФ: «99»',
        'Лист "Кластеры", ячейка A3: не указано наименование кластера',
        'Лист "Кластеры", ячейка C3: нет таких кодов в ОКВЭД2: 99.99',
        'Лист "Кластеры", ячейка D3: 1234567890: Неверное контрольное число ИНН',
        'Лист "Кластеры", ячейка C4: не указаны коды ОКВЭД2 специализации',
        'Лист "Кластеры", ячейка D4: не указаны ИНН участников',
        'Лист "Кластеры", ячейка A4: кластер «Кластер 1» уже указан в строке 2',
    ]
    response = secretary_client.post("/analytics/reference/clusters/", {"file": _upload("c.xlsx", data)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "ячейка D3: 1234567890: Неверное контрольное число ИНН" in body
    assert list(Cluster.objects.values_list("name", flat=True)) == ["Старый кластер"]
    assert not ClusterParticipant.objects.exists()
    assert not AuditEntry.objects.filter(action="clusters.imported").exists()


EMPLOYMENT = [
    ["Среднегодовая численность занятых, тыс. человек"],
    ["", "Всего", "B", "C"],
    ["Российская Федерация", 1000, 10, 100],
    ["Центральный федеральный округ", 400, 2, 40],
    ["Калужская область", 100, "-", 20],
    ["Республика Татарстан", 200, 5, 20],
]


def test_the_employment_table_is_imported(secretary_client):
    data = workbook("Занятость", EMPLOYMENT)
    response = secretary_client.post(
        "/analytics/reference/employment/",
        {"file": _upload("e.xlsx", data), "title": "Занятость", "year": 2014},
    )
    assert response.status_code == 302
    table = EmploymentTable.objects.get()
    figures = {
        (figure.region_id, figure.section): float(figure.employed)
        for figure in EmploymentFigure.objects.filter(table=table)
    }
    assert figures == {
        (None, ""): 1000,
        (None, "B"): 10,
        (None, "C"): 100,
        ("40", ""): 100,
        ("40", "C"): 20,
        ("16", ""): 200,
        ("16", "B"): 5,
        ("16", "C"): 20,
    }


def test_a_wrong_employment_workbook_is_refused_cell_by_cell_and_stores_nothing(secretary_client):
    rows = [row[:] for row in EMPLOYMENT]
    rows[1][3] = "Z"
    rows[4] = ["Калужская обл.", 100, 5, 20]
    rows[5] = ["Республика Татарстан", "", 500, "много"]
    with pytest.raises(WorkbookErrors) as refused:
        read_employment(workbook("Занятость", rows))
    assert refused.value.errors == [
        'Лист "Занятость", ячейка D2: ожидалась буква раздела ОКВЭД2 (A–U)',
        'Лист "Занятость", ячейка A5: нет такого субъекта РФ: «Калужская обл.»',
        'Лист "Занятость", ячейка B6: не указана численность занятых всего',
    ]
    without_country = [row for row in EMPLOYMENT if row and row[0] != "Российская Федерация"]
    with pytest.raises(WorkbookErrors) as refused:
        read_employment(workbook("Занятость", without_country))
    assert refused.value.errors == [
        'Лист "Занятость": нет строки «Российская Федерация»: без неё LQ не рассчитать'
    ]
    bad = [row[:] for row in EMPLOYMENT]
    bad[4] = ["Калужская область", 100, -1, 200]
    response = secretary_client.post(
        "/analytics/reference/employment/",
        {"file": _upload("e.xlsx", workbook("Занятость", bad)), "title": "Занятость", "year": 2014},
    )
    body = response.content.decode()
    assert "ячейка C5: численность не может быть отрицательной" in body
    assert "ячейка D5: занятых в разделе больше, чем всего (колонка B)" in body
    assert not EmploymentTable.objects.exists() and not EmploymentFigure.objects.exists()


def test_the_templates_download_and_read_back(secretary_client):
    response = secretary_client.get("/analytics/reference/clusters-template.xlsx")
    assert response.status_code == 200
    rows = read_clusters(response.content)
    assert rows[0].region_code == "40" and rows[0].okved_codes == ("29.10", "29.32")
    response = secretary_client.get("/analytics/reference/employment-template.xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Занятость"]
    assert sheet["A3"].value == "Российская Федерация" and sheet["C2"].value == "A"
