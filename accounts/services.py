"""Writes about people: adding and removing team members, invitations, language."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import Membership, User

logger = logging.getLogger(__name__)

LANGUAGES = settings.LANGUAGES
LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME


class RefusedError(Exception):
    """A write the rules do not allow, with a message for the person who tried."""


@dataclass
class Outcome:
    membership: Membership
    invited: bool
    message: str


def person_set_active(*, person: User, active: bool, by: User) -> bool:
    """Deactivate or reactivate an account; True when it changed. A deactivated person cannot log in and their
    open sessions end (Django's backend refuses inactive users); everything they did stays, signed with their name.
    Nobody deactivates themselves: an administrator could lock the service's last door."""
    if not active and person.pk == by.pk:
        raise RefusedError(_("You cannot deactivate your own account."))
    if person.is_active == active:
        return False
    person.is_active = active
    person.save(update_fields=["is_active"])
    logger.info("%s %s %s", by.email, "reactivated" if active else "deactivated", person.email)
    return True


def person_set_language(*, person: User, language: str) -> None:
    if person.language != language:
        person.language = language
        person.save(update_fields=["language"])


def invitation_send(*, person: User, request) -> None:
    """E-mail a link to choose a password (Django's password-reset token: valid once, for a few days)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    context = {"person": person, "link": request.build_absolute_uri(path), "by": request.user}
    with translation.override(person.language):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [person.email])


@transaction.atomic
def member_add(*, agency, by, request, email: str, first_name: str, last_name: str, role: str) -> Outcome:
    """Put a person on the agency's team, creating and inviting them if they have no account yet.

    An existing member keeps their membership; only the role changes.
    """
    email = email.strip().lower()
    person = User.objects.filter(email=email).first()
    invited = person is None
    if invited:
        person = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
    found = Membership.objects.filter(user=person, agency=agency).first()
    if found is None:
        found = Membership.objects.create(user=person, agency=agency, role=role)
        message = _("%(person)s joined the team as %(role)s.")
    elif found.role != role:
        found.role = role
        found.save(update_fields=["role"])
        message = _("%(person)s is now %(role)s.")
    else:
        message = _("%(person)s was already on the team as %(role)s.")
    if invited:
        transaction.on_commit(lambda: invitation_send(person=person, request=request))
        message += " " + _("An invitation to choose a password was sent to %(email)s.")
    return Outcome(found, invited, message % {"person": person, "role": found.get_role_display(), "email": email})


@transaction.atomic
def member_remove(*, membership: Membership, by) -> None:
    """Take a person off the team. The last coordinator stays: someone must be able to submit."""
    others = Membership.objects.select_for_update().filter(agency=membership.agency, role=Membership.Role.COORDINATOR)
    if membership.role == Membership.Role.COORDINATOR and not others.exclude(pk=membership.pk).exists():
        raise RefusedError(
            _("%(person)s is the agency's only coordinator. Make someone else coordinator first.")
            % {"person": membership.user}
        )
    membership.delete()


def import_apply(*, plan, by, request, invite: bool) -> dict:
    """Apply an import plan; with `invite`, e-mail every person it created a link to choose a password."""
    from accounts.imports import plan_apply

    if not invite:
        return plan_apply(plan=plan, by=by)
    emails = {row.values.get("email") for row in plan.rows} - {None, ""}  # cleaned and lower-cased by the plan
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    counts = plan_apply(plan=plan, by=by)
    for person in User.objects.filter(email__in=emails - existing):
        invitation_send(person=person, request=request)
    return counts
