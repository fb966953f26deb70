"""People and what they may do.

A person logs in with their e-mail address. Their roles are rows, so one person
can hold several: a Membership per agency (member or coordinator), an
ExecutiveScope per scope they read, a ReviewerAssignment per agency and cycle.
Administrators are Django superusers. accounts/access.py turns these into
answers for views.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Ministry


class PersonManager(UserManager):
    def get_by_natural_key(self, username):
        """Log in with the e-mail address however it is capitalised: addresses are stored lower-case."""
        return self.get(email=(username or "").strip().lower())

    def _create_user(self, username, email, password, **extra_fields):
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="th")
    is_reviewer = models.BooleanField(
        _("OPDC reviewer"), default=False, help_text=_("May be assigned agencies to review.")
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = PersonManager()

    class Meta:
        ordering = ["first_name", "last_name", "email"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A person on an agency's PMQA team."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordinator")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person"))
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("agency"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["agency", "-role", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="one_membership_per_agency")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class ExecutiveScope(models.Model):
    """What an executive reads: one agency, one ministry, or all agencies."""

    class Scope(models.TextChoices):
        AGENCY = "agency", _("One agency")
        MINISTRY = "ministry", _("One ministry")
        ALL = "all", _("All agencies")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="executive_scopes", verbose_name=_("person"))
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("agency"))
    ministry = models.ForeignKey(Ministry, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("ministry"))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope="agency", agency__isnull=False, ministry__isnull=True)
                    | models.Q(scope="ministry", agency__isnull=True, ministry__isnull=False)
                    | models.Q(scope="all", agency__isnull=True, ministry__isnull=True)
                ),
                name="executive_scope_matches_its_target",
            ),
            models.UniqueConstraint(
                fields=["user", "agency"], condition=models.Q(scope="agency"), name="executive_scope_agency_once"
            ),
            models.UniqueConstraint(
                fields=["user", "ministry"], condition=models.Q(scope="ministry"), name="executive_scope_ministry_once"
            ),
            models.UniqueConstraint(fields=["user"], condition=models.Q(scope="all"), name="executive_scope_all_once"),
        ]
        verbose_name = _("executive scope")
        verbose_name_plural = _("executive scopes")

    def __str__(self):
        target = self.agency or self.ministry or _("all agencies")
        return f"{self.user} · {target}"


class ReviewerAssignment(models.Model):
    """An OPDC reviewer assigned to an agency for one cycle."""

    reviewer = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("reviewer"),
        limit_choices_to={"is_reviewer": True},
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("agency"))
    cycle = models.ForeignKey(
        "assessments.Cycle", on_delete=models.CASCADE, related_name="assignments", verbose_name=_("cycle")
    )
    is_lead = models.BooleanField(_("lead reviewer"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "agency", "cycle"], name="one_assignment_per_cycle"),
        ]
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")

    def __str__(self):
        return f"{self.reviewer} → {self.agency} ({self.cycle})"
