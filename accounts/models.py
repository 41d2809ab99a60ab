from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.throttles import normalised_identity
from reference.validators import phone_validator


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        # The spelling the locks count by (case, spaces, NFKC): one account, one counter.
        return self.get(email__iexact=normalised_identity(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in by e-mail. Applicants belong to one organisation."""

    email = models.EmailField(_("электронная почта"), unique=True)
    full_name = models.CharField(_("Ф. И. О."), max_length=200)
    position = models.CharField(_("должность"), max_length=200, blank=True)
    phone = models.CharField(_("телефон"), max_length=40, blank=True, validators=[phone_validator])
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    is_staff = models.BooleanField(_("доступ к администрированию"), default=False)
    is_active = models.BooleanField(_("активен"), default=True)
    email_confirmed_at = models.DateTimeField(_("почта подтверждена"), null=True, blank=True)
    personal_data_consent_at = models.DateTimeField(
        _("согласие на обработку персональных данных"), null=True, blank=True
    )
    date_joined = models.DateTimeField(_("зарегистрирован"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email
