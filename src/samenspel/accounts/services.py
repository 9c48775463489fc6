"""Services of the accounts app that other apps use.

``history_entries(obj)`` turns the django-simple-history records of any model into a short,
readable list for the include ``templates/includes/geschiedenis.html``::

    may_view = user.has_perm("practices.view_practice", practice)
    history = history_entries(practice) if may_view else None
    {% include "includes/geschiedenis.html" with entries=history %}

The caller decides whether the history may be shown (the object's view permission).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.utils import timezone

#: ``history_change_reason`` written on the historical rows of a user who deleted their data,
#: so that the history says "verwijderde gebruiker" rather than "onbekend" (simple-history sets
#: ``history_user`` to NULL when the user row goes).
DELETED_USER_MARK = "samenspel:verwijderde-gebruiker"

KINDS = {"+": "aangemaakt", "~": "gewijzigd", "-": "verwijderd"}
#: Longest text shown for one old or new value; the rest is cut with an ellipsis.
MAX_VALUE_CHARS = 200


def user_display_name(user) -> str:
    """The name a user is shown by: their Person's name, else their full name or username."""
    if user is None:
        return "onbekend"
    try:
        person = user.person
    except ObjectDoesNotExist:
        person = None
    if person is not None and person.name:
        return person.name
    return user.get_full_name() or user.get_username()


def _format_value(field, value) -> str:
    if value is None or value == "":
        return "—"
    if getattr(field, "choices", None):
        labels = {str(k): v for k, v in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%-d/%-m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%-d/%-m/%Y")
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else "(verwijderd)"
    text = str(value)
    if len(text) > MAX_VALUE_CHARS:
        text = text[: MAX_VALUE_CHARS - 1].rstrip() + "…"
    return text


def _changes(new, old, model, hidden: set[str]) -> list[tuple[str, str, str]]:
    excluded = set(hidden)
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            excluded.add(f.name)
    delta = new.diff_against(old, excluded_fields=sorted(excluded))
    rows = []
    for change in delta.changes:
        try:
            field = model._meta.get_field(change.field)
        except FieldDoesNotExist:  # a field since removed from the model
            rows.append((change.field, str(change.old), str(change.new)))
            continue
        rows.append(
            (
                str(field.verbose_name),
                _format_value(field, change.old),
                _format_value(field, change.new),
            )
        )
    return rows


def history_entries(obj, limit: int = 50, hidden_fields=()) -> list[dict]:
    """The newest ``limit`` history records of ``obj``, newest first.

    Each entry: ``when`` (aware datetime), ``who`` (display name, "verwijderde gebruiker" or
    "onbekend"), ``kind`` ("aangemaakt", "gewijzigd", "verwijderd") and ``changes``: a list of
    (field label, old, new) against the previous record (empty for a creation).
    ``hidden_fields`` are field names never shown (e.g. contact details without consent).
    """
    history = getattr(obj, "history", None)
    if history is None:
        return []
    limit = max(1, min(int(limit), 500))
    records = list(
        history.all()
        .select_related("history_user__person")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = type(obj)
    hidden = set(hidden_fields)
    entries = []
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        if record.history_user_id is not None:
            who = user_display_name(record.history_user)
        elif record.history_change_reason == DELETED_USER_MARK:
            who = "verwijderde gebruiker"
        else:
            who = "onbekend"
        changes = []
        if record.history_type == "~" and previous is not None:
            changes = _changes(record, previous, model, hidden)
        entries.append(
            {
                "when": record.history_date,
                "who": who,
                "kind": KINDS.get(record.history_type, "gewijzigd"),
                "changes": changes,
            }
        )
    return entries


def mark_history_of_deleted_user(user) -> int:
    """Mark every historical row written by ``user`` (in every app) before the user is deleted,
    so the history reads "verwijderde gebruiker"; returns how many rows were marked."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    count = 0
    for history_model in apps.get_models():
        if not issubclass(history_model, HistoricalChanges):
            continue
        try:
            history_model._meta.get_field("history_user")
        except FieldDoesNotExist:
            continue
        count += history_model._default_manager.filter(history_user=user).update(
            history_change_reason=DELETED_USER_MARK
        )
    return count
