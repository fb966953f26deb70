"""Giving and withdrawing an agency's consent to share a good practice."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Response
from practices import selectors
from practices.models import Consent


class ConsentError(Exception):
    """A consent that cannot be given or withdrawn now, with a message for the person."""


@transaction.atomic
def consent_give(*, response: Response, by, links=()) -> Consent:
    """Share the item: only an eligible item (finalised, at the top level), once at a time; with it the `links`
    (ids of the item's link evidence) the coordinator ticked as public, and no other."""
    Response.objects.select_for_update().filter(pk=response.pk).first()  # one agreement at a time per item
    if not selectors.eligible(Response.objects.filter(pk=response.pk)).exists():
        raise ConsentError(_("Only a finalised sub-item that reached the highest level can be shared."))
    if Consent.objects.active().filter(response=response).exists():
        raise ConsentError(_("This sub-item is already shared."))
    wanted = {str(link) for link in links}
    public = list(selectors.link_evidence(response).filter(pk__in=[w for w in wanted if w.isdigit()]))
    if len(public) != len(wanted):
        raise ConsentError(_("Only links given as evidence for this sub-item can be shared. Nothing was shared."))
    consent = Consent.objects.create(response=response, given_at=timezone.now(), given_by=by)
    consent.links.set(public)
    return consent


@transaction.atomic
def consent_withdraw(*, response: Response, by) -> Consent:
    """Stop sharing the item at once; the consent stays in the history with who withdrew it and when."""
    consent = Consent.objects.select_for_update().active().filter(response=response).first()
    if consent is None:
        raise ConsentError(_("This sub-item is not shared."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = by
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return consent
