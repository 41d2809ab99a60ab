"""The personal-data access log (152-FZ): the one place that writes it.

Personal data here: an organisation's contact person (name, phone, e-mail), the
applicant users' accounts (name, e-mail, phone, position), an application's card (the
applicant's name in its history) and the uploaded documents. Interfaces that show any of
these to staff describe what they showed as :class:`PersonalDataRead` values and call
:func:`record_personal_data_access` before the response leaves the server."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from privacy.models import PersonalDataAccess, PersonalDataItem

LABEL_LENGTH = PersonalDataAccess._meta.get_field("label").max_length


# The log sits below the apps whose objects it names (organisations, applications), so it
# describes them by the attributes it reads, not by importing their models.
class OrganisationLike(Protocol):
    pk: int


class ApplicationLike(Protocol):
    pk: int
    organisation_id: int
    registration_number: str | None


class DocumentLike(Protocol):
    application: ApplicationLike
    application_id: int
    original_name: str

    def get_kind_display(self) -> str: ...


@dataclass(frozen=True)
class PersonalDataRead:
    """One piece of someone's personal data shown to a reader. ``subject_user_id`` is the
    account whose data it is, when it is an account (not stored: it only tells a reader's
    own account apart)."""

    item: PersonalDataItem
    label: str
    organisation_id: int | None = None
    application_id: int | None = None
    subject_user_id: int | None = None

    @classmethod
    def organisation_contacts(cls, organisation: OrganisationLike) -> PersonalDataRead:
        return cls(
            PersonalDataItem.ORGANISATION_CONTACTS,
            "контакты организации: контактное лицо, телефон, e-mail",
            organisation_id=organisation.pk,
        )

    @classmethod
    def user_account(cls, account) -> PersonalDataRead:
        return cls(
            PersonalDataItem.USER_ACCOUNT,
            f"учётная запись пользователя № {account.pk}: Ф. И. О., e-mail, телефон",
            organisation_id=account.organisation_id,
            subject_user_id=account.pk,
        )

    @classmethod
    def user_list(cls, organisation_id: int | None, count: int) -> PersonalDataRead:
        return cls(
            PersonalDataItem.USER_LIST,
            f"список пользователей: Ф. И. О. и e-mail ({count})",
            organisation_id=organisation_id,
        )

    @classmethod
    def actor_names(cls, organisation_id: int | None, count: int) -> PersonalDataRead:
        """Entries of the audit trail naming applicants (their full names) as actors."""
        return cls(
            PersonalDataItem.USER_LIST,
            f"журнал действий: Ф. И. О. заявителей ({count})",
            organisation_id=organisation_id,
        )

    @classmethod
    def application_card(cls, application: ApplicationLike) -> PersonalDataRead:
        number = application.registration_number or f"черновик № {application.pk}"
        return cls(
            PersonalDataItem.APPLICATION_CARD,
            f"карточка заявки {number}: Ф. И. О. заявителя, документы",
            organisation_id=application.organisation_id,
            application_id=application.pk,
        )

    @classmethod
    def document(cls, document: DocumentLike) -> PersonalDataRead:
        """``document.application`` should be loaded with it (select_related)."""
        return cls(
            PersonalDataItem.DOCUMENT,
            f"документ «{document.original_name}» ({document.get_kind_display()})",
            organisation_id=document.application.organisation_id,
            application_id=document.application_id,
        )


def is_own_data(user, read: PersonalDataRead) -> bool:
    """An applicant reading their organisation's data, or anyone their own account."""
    own_organisation = user.organisation_id is not None and read.organisation_id == user.organisation_id
    return own_organisation or read.subject_user_id == user.pk


def record_personal_data_access(
    *, user, reads: Iterable[PersonalDataRead], source: str, ip: str | None
) -> list[PersonalDataAccess]:
    """Write one access-log row for every read of someone else's personal data by
    ``user``: all of them in one INSERT, none for the reader's own data.

    ``source`` is where it was read (a URL name), ``ip`` the client's address. Not
    idempotent: every read is a new row. Call it before the data is sent, so that a
    failure to record is a failure to serve, never a read without a trace."""
    rows = [
        PersonalDataAccess(
            user=user,
            organisation_id=read.organisation_id,
            application_id=read.application_id,
            item=read.item,
            label=read.label[:LABEL_LENGTH],
            source=source[:200],
            ip=ip or None,
        )
        for read in reads
        if not is_own_data(user, read)
    ]
    if not rows:
        return []
    return PersonalDataAccess.objects.bulk_create(rows)
