"""The kinds of documents an application carries, one list: the code stored in
``Document.kind``, its label, and the file types each kind accepts (reference.uploads
checks them; applications.models re-exports :class:`DocumentKind`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    BUSINESS_PLAN = "business_plan", _("бизнес-план")
    FINANCIAL_MODEL = "financial_model", _("финансовая модель (XLSX)")
    LOAN_AGREEMENT = "loan_agreement", _("кредитный договор")
    CHARTER = "charter", _("устав")
    OTHER = "other", _("прочее")


#: The kinds every application must carry at submission (SPEC §3: the business plan; the
#: financial model is entered in the form, the loan agreement and the charter are
#: welcome but not demanded). applications.documents reads this for both the checklist
#: the applicant sees and the submission check.
REQUIRED_KINDS: tuple[str, ...] = (DocumentKind.BUSINESS_PLAN,)

_ANY_DOCUMENT = ("pdf", "docx", "doc", "xlsx", "jpeg", "png")

#: Kind -> the detected file types it accepts (keys of reference.uploads.FILE_TYPES).
ACCEPTED_TYPES: dict[str, tuple[str, ...]] = {
    DocumentKind.BUSINESS_PLAN: ("pdf", "docx", "doc"),
    DocumentKind.FINANCIAL_MODEL: ("xlsx",),
    DocumentKind.LOAN_AGREEMENT: _ANY_DOCUMENT,
    DocumentKind.CHARTER: _ANY_DOCUMENT,
    DocumentKind.OTHER: _ANY_DOCUMENT,
}
