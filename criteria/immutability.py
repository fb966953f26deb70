"""A published edition never changes.

Assessments point at the edition they were made against; if its text or points
could change afterwards, past results would silently mean something else. So
every write to an edition's rows is checked, whichever way it comes:

- `Model.save()`, the admin and `loaddata` (which saves with raw=True and skips
  `save()`, but still sends `pre_save`) are caught by the `pre_save` and
  `pre_delete` receivers below;
- `Model.delete()` checks before Django's collector starts (`GuardedModel`);
- `QuerySet.update()`, `.delete()` and `.bulk_create()`/`.bulk_update()`, which
  send no signals, are caught by `GuardedQuerySet`.

The one change allowed on a frozen edition is its status moving forward
(published → retired). A new edition is made by copying (criteria.editions).

One exception, scoped by `completion()`: an edition published before the
product knew organisation profiles and results (category 7) gains them once,
from its own criteria file (criteria.loading); nothing it had changes.
"""

import contextlib
import contextvars

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

FROZEN_MESSAGE = _("Edition “%(edition)s” is %(status)s and cannot be changed. Copy it to make a new edition.")


class FrozenEditionError(ValidationError):
    """Raised on any attempt to change an edition that is published or retired."""

    def __init__(self, edition):
        super().__init__(
            FROZEN_MESSAGE,
            code="frozen_edition",
            params={"edition": edition.name_th, "status": edition.get_status_display()},
        )


def _edition_model():
    from criteria.models import Edition

    return Edition


_completing: contextvars.ContextVar[frozenset] = contextvars.ContextVar("completing", default=frozenset())


@contextlib.contextmanager
def completion(edition):
    """Let the rows added inside this block join `edition` although it is frozen (see the module docstring)."""
    token = _completing.set(_completing.get() | {edition.pk})
    try:
        yield
    finally:
        _completing.reset(token)


def refuse_if_frozen(edition_ids) -> None:
    edition_ids = {pk for pk in edition_ids if pk is not None} - _completing.get()
    if not edition_ids:
        return
    Edition = _edition_model()
    frozen = Edition.objects.filter(pk__in=edition_ids).exclude(status=Edition.Status.DRAFT).first()
    if frozen is not None:
        raise FrozenEditionError(frozen)


def editions_of_new_rows(model, objs) -> set:
    """The editions that unsaved (or changed) rows would belong to, found through their parents."""
    found = set()
    for parent_name in model.guard_parents:
        field = model._meta.get_field(parent_name)
        parent_ids = {getattr(obj, field.attname) for obj in objs}
        parent_model = field.related_model
        if parent_model is _edition_model():
            found |= parent_ids
        else:
            found |= set(
                parent_model._base_manager.filter(pk__in=parent_ids).values_list(parent_model.guard_path, flat=True)
            )
    return found


def editions_of_stored_rows(model, pks) -> set:
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return set()
    return set(model._base_manager.filter(pk__in=pks).values_list(model.guard_path, flat=True))


class GuardedModel(models.Model):
    """Checks before deleting: a refusal raised inside Django's delete collector would
    break the caller's transaction, so `delete()` refuses before it starts."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        refuse_if_frozen(editions_of_stored_rows(type(self), [self.pk]))
        return super().delete(*args, **kwargs)


class GuardedQuerySet(models.QuerySet):
    """Bulk writes that would touch a frozen edition are refused like single saves are."""

    def update(self, **kwargs):
        refuse_if_frozen(self.values_list(self.model.guard_path, flat=True))
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        refuse_if_frozen(self.values_list(self.model.guard_path, flat=True))
        return super().delete()

    delete.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        refuse_if_frozen(editions_of_new_rows(self.model, objs))
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        refuse_if_frozen(
            editions_of_new_rows(self.model, objs) | editions_of_stored_rows(self.model, [o.pk for o in objs])
        )
        return super().bulk_update(objs, *args, **kwargs)


def guard_save(sender, instance, **kwargs):
    """pre_save: refuse changes to a frozen edition's rows, and to a frozen edition itself."""
    Edition = _edition_model()
    if sender is Edition:
        _guard_edition_save(instance)
        return
    refuse_if_frozen(editions_of_new_rows(sender, [instance]) | editions_of_stored_rows(sender, [instance.pk]))


def _guard_edition_save(edition) -> None:
    if edition.pk is None:
        return
    stored = type(edition)._base_manager.filter(pk=edition.pk).first()
    if stored is None or stored.status == stored.Status.DRAFT:
        return
    moves_forward = stored.status == stored.Status.PUBLISHED and edition.status == stored.Status.RETIRED
    unchanged = all(
        getattr(stored, f.attname) == getattr(edition, f.attname)
        for f in edition._meta.concrete_fields
        if f.name not in ("status",)
    )
    if unchanged and (moves_forward or edition.status == stored.status):
        return
    raise FrozenEditionError(stored)


def guard_delete(sender, instance, **kwargs):
    refuse_if_frozen(editions_of_stored_rows(sender, [instance.pk]))
