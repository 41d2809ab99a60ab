import pytest
from django.utils import translation

from applications.forms import DocumentForm
from applications.models import Document, DocumentKind
from reference.documents import ACCEPTED_TYPES
from reference.documents import DocumentKind as ReferenceDocumentKind
from reference.uploads import FILE_TYPES, UploadRefused, check_upload


def test_one_list_of_document_kinds():
    assert DocumentKind is ReferenceDocumentKind
    assert list(ACCEPTED_TYPES) == DocumentKind.values
    assert all(set(types) <= set(FILE_TYPES) for types in ACCEPTED_TYPES.values())
    assert Document._meta.get_field("kind").choices == DocumentKind.choices
    assert DocumentForm().fields["kind"].choices == DocumentKind.choices


@pytest.mark.parametrize(
    ("language", "start"),
    [
        ("ru", "Для документа «Финансовая модель (XLSX)» допускаются файлы XLSX"),
        ("en", "For the document “Financial model (XLSX)” the allowed files are XLSX"),
    ],
)
def test_the_refusal_names_the_kind_in_the_readers_language(language, start):
    with translation.override(language), pytest.raises(UploadRefused) as refused:
        check_upload("model.pdf", b"%PDF-1.4\n", DocumentKind.FINANCIAL_MODEL)
    assert refused.value.message.startswith(start)
