import io
import zipfile

import pytest

from applications.xlsx_model import build_template
from reference.uploads import (
    MAX_NAME_LENGTH,
    MAX_UPLOAD_SIZE,
    UploadRefused,
    check_upload,
    check_uploaded_file,
    safe_file_name,
)

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32
XLSX = build_template(years=list(range(2015, 2025)), call_title="Отбор")


def ooxml(main_content_type: str, main_part: str, extra: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/{main_part}" ContentType="{main_content_type}"/>'
            "</Types>",
        )
        archive.writestr(main_part, "<document/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOCX = ooxml(DOCX_TYPE, "word/document.xml")


def ole(*streams: str) -> bytes:
    """An OLE2 compound file head with directory entry names (UTF-16LE)."""
    body = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in streams)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + body + b"\x00" * 1024


DOC = ole("Root Entry", "WordDocument", "1Table")


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind", "stored"),
    [
        ("Бизнес-план.pdf", PDF, "business_plan", "Бизнес-план.pdf"),
        ("Бизнес-план проекта.DOCX", DOCX, "business_plan", "Бизнес-план проекта.docx"),
        ("plan.doc", DOC, "business_plan", "plan.doc"),
        ("Модель.xlsx", XLSX, "financial_model", "Модель.xlsx"),
        ("договор.jpg", JPEG, "loan_agreement", "договор.jpg"),
        ("договор.jpeg", JPEG, "loan_agreement", "договор.jpeg"),
        ("устав.png", PNG, "charter", "устав.png"),
        ("расчёт.xlsx", XLSX, "other", "расчёт.xlsx"),
    ],
)
def test_accepted(name, data, kind, stored):
    assert check_upload(name, data, kind) == stored


@pytest.mark.parametrize(
    ("name", "data", "kind", "message"),
    [
        (
            "plan.pdf",
            DOCX,
            "business_plan",
            "Расширение файла «.pdf» не соответствует содержимому (DOCX): ожидалось .docx",
        ),
        (
            "photo.png",
            JPEG,
            "charter",
            "Расширение файла «.png» не соответствует содержимому (JPEG): ожидалось .jpeg или .jpg",
        ),
        (
            "plan",
            PDF,
            "business_plan",
            "Расширение файла (нет расширения) не соответствует содержимому (PDF): ожидалось .pdf",
        ),
        (
            "model.xlsx",
            PDF,
            "financial_model",
            "Для документа «Финансовая модель (XLSX)» допускаются файлы XLSX; загружен файл: PDF",
        ),
        (
            "plan.pdf",
            b"<html><script>alert(1)</script></html>",
            "business_plan",
            "Для документа «Бизнес-план» допускаются файлы PDF, DOCX, DOC; загружен файл: неизвестного типа",
        ),
        (
            "scan.png",
            GIF,
            "other",
            "Для документа «Прочее» допускаются файлы PDF, DOCX, DOC, XLSX, JPEG, PNG; загружен файл: GIF",
        ),
        (
            "docs.zip",
            plain_zip(),
            "other",
            "Для документа «Прочее» допускаются файлы PDF, DOCX, DOC, XLSX, JPEG, PNG; "
            "загружен файл: архив ZIP (архивы не принимаются)",
        ),
        (
            "plan.doc",
            ole("Root Entry", "Workbook"),
            "business_plan",
            "Для документа «Бизнес-план» допускаются файлы PDF, DOCX, DOC; "
            "загружен файл: документ Office 97–2003, не Word (.doc)",
        ),
    ],
)
def test_wrong_type_refused(name, data, kind, message):
    with pytest.raises(UploadRefused) as caught:
        check_upload(name, data, kind)
    assert caught.value.message == message


def test_empty_refused():
    with pytest.raises(UploadRefused, match="^Файл пуст$"):
        check_upload("plan.pdf", b"", "business_plan")


def test_oversize_refused():
    with pytest.raises(UploadRefused, match="^Файл больше 25 МБ$"):
        check_upload("plan.pdf", PDF + b"\0" * MAX_UPLOAD_SIZE, "business_plan")


@pytest.mark.parametrize("name", ["model.xlsm", "plan.docm", "MODEL.XLSM"])
def test_macro_extensions_refused(name):
    with pytest.raises(UploadRefused, match="с макросами"):
        check_upload(name, XLSX, "other")


def test_macro_content_refused_whatever_the_name():
    docm = ooxml(DOCM_TYPE, "word/document.xml", {"word/vbaProject.bin": b"vba"})
    with pytest.raises(UploadRefused, match="с макросами"):
        check_upload("plan.docx", docm, "business_plan")
    with pytest.raises(UploadRefused, match="^Документы с макросами не принимаются$"):
        check_upload("plan.doc", ole("Root Entry", "WordDocument", "_VBA_PROJECT"), "other")


def test_encrypted_office_file_refused():
    with pytest.raises(UploadRefused, match="зашифрован"):
        check_upload("plan.docx", ole("Root Entry", "EncryptedPackage"), "business_plan")


def test_xlsx_zip_bomb_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(XLSX)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info), zipfile.ZIP_DEFLATED)
        target.writestr("xl/media/big.bin", b"\0" * (120 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    with pytest.raises(UploadRefused, match="zip-бомбу"):
        check_upload("model.xlsx", out.getvalue(), "financial_model")


def test_broken_zip_refused():
    with pytest.raises(UploadRefused, match="^Файл повреждён: не удалось прочитать архив$"):
        check_upload("plan.docx", DOCX[:40], "business_plan")


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\plan.pdf", "plan.pdf"),
        ("/abs/path/план.pdf", "план.pdf"),
        ("....pdf", "pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("plan\u202efdp.exe.pdf", "planfdp.exe.pdf"),
        ("\u2066evil\u2069\u202a\u202b\u202c\u202d.pdf", "evil.pdf"),
        ("bad\x00name\x1f\r\n.pdf", "badname.pdf"),
        ('a<b>c:d"e|f?g*h.pdf', "a_b_c_d_e_f_g_h.pdf"),
        ("  Бизнес   план  .PDF", "Бизнес план.pdf"),
        ("Ёлка.pdf", "Ёлка.pdf"),
        ("Е\u0308лка.pdf", "Ёлка.pdf"),
        ("CON.pdf", "_CON.pdf"),
        ("", "document"),
        ("\u202e", "document"),
    ],
)
def test_safe_file_name(name, stored):
    assert safe_file_name(name) == stored


def test_long_names_are_cut_keeping_the_extension():
    stored = safe_file_name("Б" * 300 + ".pdf")
    assert stored == "Б" * (MAX_NAME_LENGTH - 4) + ".pdf"
    assert len(stored) == MAX_NAME_LENGTH


def test_rtl_trick_name_cannot_fake_the_extension():
    # "plan\u202egpj.exe" displays as "planexe.jpg" but is an .exe name
    with pytest.raises(UploadRefused, match="«.exe»"):
        check_upload("plan\u202egpj.exe", JPEG, "other")


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown document kind"):
        check_upload("plan.pdf", PDF, "photo")


class FakeUploadedFile(io.BytesIO):
    def __init__(self, name, data, size=None):
        super().__init__(data)
        self.name = name
        self.size = len(data) if size is None else size


def test_check_uploaded_file():
    uploaded = FakeUploadedFile("Устав.pdf", PDF)
    uploaded.read(3)
    assert check_uploaded_file(uploaded, "charter") == "Устав.pdf"
    assert uploaded.tell() == 0


def test_check_uploaded_file_refuses_oversize_before_reading():
    uploaded = FakeUploadedFile("big.pdf", PDF, size=MAX_UPLOAD_SIZE + 1)
    uploaded.read = None  # reading would fail
    with pytest.raises(UploadRefused, match="^Файл больше 25 МБ$"):
        check_uploaded_file(uploaded, "charter")
