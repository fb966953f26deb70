"""Writing one notice to one person: in their own language (User.language), with links that work from a mail
reader (SITE_URL). Sent through the project's EMAIL_BACKEND, the outbox: written in the current transaction,
delivered after it commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def link(viewname: str, **kwargs) -> str:
    """The absolute address of a page, as people reach the service."""
    return settings.SITE_URL + reverse(viewname, kwargs=kwargs)


def render(person, name: str, context: dict) -> tuple[str, str]:
    """Subject (one line, as mail headers need) and body of templates/notices/email/<name>, in the person's
    language."""
    context = {**context, "person": person}
    with translation.override(person.language):
        subject = render_to_string(f"notices/email/{name}_subject.txt", context)
        body = render_to_string(f"notices/email/{name}.txt", context)
    return " ".join(subject.split()), body


def mail(person, name: str, context: dict) -> None:
    """One e-mail to one person (each in their own language: never a shared recipient list)."""
    subject, body = render(person, name, context)
    send_mail(subject, body, None, [person.email])
