"""The data load and its version: every write to reference data bumps the version.

The Atlas (:mod:`samenspel.atlas.services`) keeps a snapshot of the reference data in memory and
rebuilds it when the version of the newest :class:`DataLoad` changes. So every path that writes
reference data must bump that version: a save or a delete (signals, connected in
:mod:`samenspel.core.apps`) and the bulk paths that send no signal (``QuerySet.update``,
``bulk_create``, ``bulk_update``), which :class:`VersionedQuerySet` covers. A reference model
opts in with ``objects = VersionedManager()``; the loader writes a whole bundle inside
:func:`versioning_suspended` and records a new :class:`DataLoad` of its own.
"""

import threading
from contextlib import contextmanager

from django.db import models
from django.utils import timezone

_state = threading.local()


@contextmanager
def versioning_suspended():
    """While a bundle is written, the loader records its own DataLoad: no bump per row."""
    _state.suspended = getattr(_state, "suspended", 0) + 1
    try:
        yield
    finally:
        _state.suspended -= 1


def bump_data_version() -> None:
    """Make every process rebuild its Atlas: one atomic increment of the newest load's version."""
    if getattr(_state, "suspended", 0):
        return
    latest = DataLoad.objects.values_list("pk", flat=True).first()
    if latest is not None:
        DataLoad.objects.filter(pk=latest).update(
            version=models.F("version") + 1, changed_at=timezone.now()
        )


class VersionedQuerySet(models.QuerySet):
    """A queryset whose bulk writes bump the data version (they send no model signals)."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            bump_data_version()
        return rows

    def bulk_create(self, *args, **kwargs):
        objs = super().bulk_create(*args, **kwargs)
        if objs:
            bump_data_version()
        return objs

    def bulk_update(self, *args, **kwargs):
        rows = super().bulk_update(*args, **kwargs)
        if rows:
            bump_data_version()
        return rows

    def delete(self):
        result = super().delete()
        if result[0]:
            bump_data_version()
        return result


VersionedManager = models.Manager.from_queryset(VersionedQuerySet)


def is_versioned(model) -> bool:
    return isinstance(model._default_manager.get_queryset(), VersionedQuerySet)


class DataLoad(models.Model):
    """One successful load of a data bundle; the newest one says which data the pages show."""

    loaded_at = models.DateTimeField("geladen op", auto_now_add=True)
    # When the reference data last changed (set with every version bump).
    changed_at = models.DateTimeField("laatst gewijzigd", auto_now=True)
    # Bumped by every write to reference data (see the module docstring).
    version = models.PositiveBigIntegerField("versie", default=0)
    source = models.CharField("bundel", max_length=500)
    summary = models.JSONField("samenvatting", default=dict)
    warnings = models.JSONField("waarschuwingen", default=list)
    # The map topology (samenspel.territory.topo) of the loaded geometry, built once at load.
    topology = models.TextField("kaarttopologie", blank=True)

    class Meta:
        verbose_name = "gegevenslading"
        verbose_name_plural = "gegevensladingen"
        ordering = ["-loaded_at", "-id"]

    def __str__(self):
        return f"{self.source} ({self.loaded_at:%d/%m/%Y %H:%M})"
