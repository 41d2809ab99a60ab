"""Which documents an application must carry, and which it has: one answer for the
documents step, the review step, the card and the submission check."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from applications.models import Document, DocumentKind
from reference.documents import REQUIRED_KINDS

UPLOADED, MISSING, NOT_REQUIRED = "uploaded", "missing", "not_required"
STATUS_LABELS = {
    UPLOADED: _("загружен"),
    MISSING: _("не загружен — обязателен"),
    NOT_REQUIRED: _("не обязателен"),
}


@dataclass(frozen=True)
class DocumentRequirement:
    """One kind of document: whether it is required and the files of that kind."""

    kind: str
    label: str
    required: bool
    files: list[Document] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.files:
            return UPLOADED
        return MISSING if self.required else NOT_REQUIRED

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def document_checklist(documents: Iterable[Document]) -> list[DocumentRequirement]:
    """Every kind of document in the order of :class:`DocumentKind`, required ones first,
    with the given documents (an application's, already read) sorted into them."""
    by_kind: dict[str, list[Document]] = {}
    for document in documents:
        by_kind.setdefault(document.kind, []).append(document)
    rows = [
        DocumentRequirement(kind, str(label), kind in REQUIRED_KINDS, by_kind.get(kind, []))
        for kind, label in DocumentKind.choices
    ]
    return sorted(rows, key=lambda row: not row.required)


def missing_required_documents(documents: Iterable[Document]) -> list[DocumentRequirement]:
    """The required kinds without a file: what blocks the submission."""
    return [row for row in document_checklist(documents) if row.status == MISSING]
