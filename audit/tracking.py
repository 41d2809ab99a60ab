"""Connects models of the layers above to the trail: each app lists, in its ready(), the
models whose every save and delete is an entry. Whatever path made the change (a
service, the admin, a shell), the entry is written in its transaction."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save

from audit.services import record

ACTOR_ATTRIBUTES = ("_audit_user", "_history_user", "by", "created_by")


def actor_of(instance):
    for attribute in ACTOR_ATTRIBUTES:
        try:
            actor = getattr(instance, attribute, None)
        except ObjectDoesNotExist:  # a dangling reference names no actor
            actor = None
        if actor is not None and hasattr(actor, "pk"):
            return actor
    return None


def _values(instance, fields: Sequence[str]) -> dict[str, object]:
    return {name: getattr(instance, name) for name in fields}


def track(model, *, name: str, fields: Sequence[str]) -> None:
    """Record every save (created/changed) and delete of ``model`` with ``fields``."""

    def saved(sender, instance, created, **kwargs) -> None:
        record(
            action=f"{name}.{'created' if created else 'changed'}",
            object_type=name,
            object_id=instance.pk,
            actor=actor_of(instance),
            data=_values(instance, fields),
        )

    def deleted(sender, instance, **kwargs) -> None:
        record(
            action=f"{name}.deleted",
            object_type=name,
            object_id=instance.pk,
            actor=actor_of(instance),
            data=_values(instance, fields),
        )

    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"audit:{name}:save")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"audit:{name}:delete")
