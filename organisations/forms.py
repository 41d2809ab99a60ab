from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.throttles import normalised_identity
from organisations.models import Organisation
from organisations.services import IDENTITY_FIELDS, identity_locked
from reference.validators import normalise_phone


def _clean_phone(value: str) -> str:
    """The number as ``+7 XXX XXX-XX-XX`` or a Russian error on the field."""
    try:
        return normalise_phone(value)
    except ValueError as error:
        raise forms.ValidationError(str(error), code="invalid_phone") from error


class RegistrationForm(forms.Form):
    """A new applicant organisation and its first user."""

    full_name = forms.CharField(label=_("Ф. И. О."), max_length=200)
    position = forms.CharField(label=_("Должность"), max_length=200, required=False)
    email = forms.EmailField(label=_("Электронная почта"))
    phone = forms.CharField(
        label=_("Телефон"),
        max_length=40,
        help_text=_("Российский номер: +7 XXX XXX-XX-XX или 8 XXX XXX-XX-XX"),
    )
    password1 = forms.CharField(label=_("Пароль"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Пароль ещё раз"), widget=forms.PasswordInput, strip=False)
    consent = forms.BooleanField(
        label=_(
            "Даю согласие на обработку моих персональных данных в соответствии с "
            "Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных» "
            "для участия в конкурсном отборе"
        ),
    )

    def clean_email(self) -> str:
        # No error for a registered address: the page would tell anyone who is registered.
        # services.register_applicant writes to that address's owner instead.
        return normalised_identity(self.cleaned_data["email"])

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])

    def clean(self) -> dict:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Пароли не совпадают."))
        elif p1:
            probe = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "full_name",
            "short_name",
            "inn",
            "kpp",
            "ogrn",
            "region",
            "address",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]

    def clean(self) -> dict:
        data = super().clean()
        if identity_locked(self.instance):
            for name in IDENTITY_FIELDS:
                if name in self.changed_data:
                    self.add_error(
                        name,
                        _(
                            "Организация подала заявку: ИНН, ОГРН, КПП и полное наименование "
                            "меняются только по запросу, одобренному секретарём комиссии."
                        ),
                    )
        return data

    def clean_contact_phone(self) -> str:
        return _clean_phone(self.cleaned_data["contact_phone"])

    def clean_inn(self) -> str:
        inn = self.cleaned_data["inn"].strip()
        clash = Organisation.objects.filter(inn=inn)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _(
                    "Организация с этим ИНН уже зарегистрирована. Попросите её пользователя "
                    "добавить вас на странице «Организация»."
                )
            )
        return inn


class ColleagueForm(forms.Form):
    full_name = forms.CharField(label=_("Ф. И. О."), max_length=200)
    email = forms.EmailField(label=_("Электронная почта"))

    def clean_email(self) -> str:
        # As at registration: a registered address is not an error (services.invite_colleague).
        return normalised_identity(self.cleaned_data["email"])
