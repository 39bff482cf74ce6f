"""People who sign in: exporter users (members of an organisation) and the authority's staff.

API clients are separate principals (`ApiClient`), never users.
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EXPORTER = "exporter", _("Exporter user")
    OFFICER = "officer", _("Licensing officer")
    SENIOR_OFFICER = "senior_officer", _("Senior officer")
    ADMINISTRATOR = "administrator", _("Administrator")


class OrganisationRole(models.TextChoices):
    ADMIN = "admin", _("Organisation administrator")
    APPLICANT = "applicant", _("Applicant")


STAFF_ROLES = (Role.OFFICER, Role.SENIOR_OFFICER, Role.ADMINISTRATOR)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EXPORTER)
    organisation = models.ForeignKey(
        "licensing.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    organisation_role = models.CharField(
        _("role in organisation"), max_length=20, choices=OrganisationRole.choices, blank=True
    )
    team = models.CharField(_("team"), max_length=100, blank=True)
    preferred_language = models.CharField(_("language"), max_length=5, default="en")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # An exporter always belongs to an organisation with a role in it; staff never do.
            models.CheckConstraint(
                condition=(
                    Q(role="exporter", organisation__isnull=False, organisation_role__in=["admin", "applicant"])
                    | (~Q(role="exporter") & Q(organisation__isnull=True, organisation_role=""))
                ),
                name="user_role_matches_organisation",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    @property
    def is_exporter(self) -> bool:
        return self.role == Role.EXPORTER

    @property
    def is_officer(self) -> bool:
        """Any member of the authority's staff who works on cases."""
        return self.role in (Role.OFFICER, Role.SENIOR_OFFICER, Role.ADMINISTRATOR)

    @property
    def is_senior(self) -> bool:
        return self.role in (Role.SENIOR_OFFICER,)

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    @property
    def is_organisation_admin(self) -> bool:
        return self.is_exporter and self.organisation_role == OrganisationRole.ADMIN
