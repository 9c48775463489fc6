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
import logging

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalChanges

from samenspel.accounts import mydata, organisations, personal_data
from samenspel.accounts.models import Person, Role
from samenspel.accounts.place import IGS, MUNICIPALITY, Place, describe_role
from samenspel.partnerships.models import Membership, Partnership
from samenspel.territory.models import Municipality

log = logging.getLogger(__name__)

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
    if isinstance(value, list | tuple | set):  # a many-to-many field: the linked rows
        return "geen" if not value else f"{len(value)} gekoppeld"
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
        who = _who(record)
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


def _who(record) -> str:
    if record.history_user_id is not None:
        return user_display_name(record.history_user)
    if record.history_change_reason == DELETED_USER_MARK:
        return "verwijderde gebruiker"
    return "onbekend"


def mark_history_of_deleted_user(user) -> int:
    """Mark every historical row written by ``user`` (in every app) before the user is deleted,
    so the history reads "verwijderde gebruiker"; returns how many rows were marked."""

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


# --- people, places and roles ------------------------------------------------------------------


def person_for(user):
    """The user's Person, created on first use (name from the full name or the username)."""

    try:
        return user.person
    except ObjectDoesNotExist:
        pass
    name = (user.get_full_name() or user.get_username())[:200]
    person, _ = Person.objects.get_or_create(
        user=user, defaults={"name": name, "email": user.email or ""}
    )
    return person


def _memberships_today(**which):
    """The IGS memberships (of an IGS or of a municipality) that hold today."""
    today = timezone.localdate()
    return Membership.objects.filter(valid_from__lte=today, **which).filter(
        models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=today)
    )


def igs_place(slug: str):
    """The IGS with this slug as a :class:`~samenspel.accounts.place.Place` (members of today),
    or None when it is not in the loaded data."""

    p = Partnership.objects.filter(slug=slug).only("slug", "name").first()
    if p is None:
        return None
    members = _memberships_today(partnership_id=slug).values_list("municipality_id", flat=True)
    return Place(IGS, p.slug, p.name, frozenset(members))


def municipality_place(refnis: str):
    """The municipality with this REFNIS 2025 code as a Place (with the IGS it is a member of
    today), or None when unknown."""

    m = Municipality.objects.filter(refnis=refnis).only("refnis", "name_nl").first()
    if m is None:
        return None
    igs = _memberships_today(municipality_id=refnis).values_list("partnership_id", flat=True)
    return Place(MUNICIPALITY, m.refnis, m.name_nl, member_of=frozenset(igs))


def place_names(role_rows) -> dict[tuple[str, str], str]:
    """{(kind, code): name} for the places of these roles, in two queries."""

    refnis = {r.refnis for r in role_rows if r.refnis}
    igs = {r.igs for r in role_rows if r.igs}
    names = {}
    for code, name in Municipality.objects.filter(refnis__in=refnis).values_list(
        "refnis", "name_nl"
    ):
        names[("gemeente", code)] = name
    for code, name in Partnership.objects.filter(slug__in=igs).values_list("slug", "name"):
        names[("igs", code)] = name
    for r in role_rows:
        if r.organisation:
            org = organisations.BY_CODE.get(r.organisation)
            names[("organisatie", r.organisation)] = org.name if org else r.organisation
    return names


def describe_roles(role_rows) -> list[dict]:
    """Each role as a dict with ``text`` ("IGS-coördinator van COMEET"), the place and dates."""

    role_rows = list(role_rows)
    names = place_names(role_rows)
    today = timezone.localdate()
    out = []
    for r in role_rows:
        code = r.refnis or r.igs or r.organisation
        name = names.get((r.place_kind, code), f"{code} (niet meer in de gegevens)")
        current = (r.valid_from is None or r.valid_from <= today) and (
            r.valid_to is None or r.valid_to >= today
        )
        out.append(
            {
                "role": r,
                "text": describe_role(r.role, name),
                "place_kind": r.place_kind,
                "place_code": code,
                "place_name": name,
                "valid_from": r.valid_from,
                "valid_to": r.valid_to,
                "current": current,
            }
        )
    return out


def place_roles(place, limit: int = 200):
    """The roles held in ``place`` with their person: (current, former), each at most ``limit``."""

    field = {"igs": "igs", "gemeente": "refnis", "organisatie": "organisation"}[place.kind]
    qs = Role.objects.filter(**{field: place.code}).select_related("person")
    today = timezone.localdate()
    current = list(
        qs.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=today)).order_by(
            "person__name", "role"
        )[:limit]
    )
    former = list(qs.filter(valid_to__lt=today).order_by("-valid_to", "person__name")[:limit])
    return current, former


def place_role_history(place, limit: int = 50) -> list[dict]:
    """History of the roles held in ``place``, newest first, like :func:`history_entries`, with
    ``subject`` naming the person and role."""

    field = {"igs": "igs", "gemeente": "refnis", "organisatie": "organisation"}[place.kind]
    limit = max(1, min(int(limit), 500))
    records = list(
        Role.history.filter(**{field: place.code})
        .select_related("history_user__person")
        .order_by("-history_date", "-history_id")[:limit]
    )
    if not records:
        return []
    # The record before each one, of the same role, to diff against (one query).
    ids = {r.id for r in records}
    older = {}
    for row in Role.history.filter(id__in=ids).order_by("history_date", "history_id"):
        older.setdefault(row.id, []).append(row)
    person_names = dict(
        Person.objects.filter(id__in={r.person_id for r in records}).values_list("id", "name")
    )
    entries = []
    for record in records:
        chain = older.get(record.id, [])
        idx = next((i for i, row in enumerate(chain) if row.history_id == record.history_id), 0)
        previous = chain[idx - 1] if idx > 0 else None
        changes = []
        if record.history_type == "~" and previous is not None:
            changes = _changes(record, previous, Role, {"person"})
        entries.append(
            {
                "when": record.history_date,
                "who": _who(record),
                "kind": KINDS.get(record.history_type, "gewijzigd"),
                "changes": changes,
                "subject": (
                    f"{person_names.get(record.person_id, 'verwijderde persoon')}: "
                    f"{describe_role(record.role, place.name)}"
                ),
            }
        )
    return entries


def add_role(place, role: str, person, valid_from=None):
    """Give ``person`` a role in ``place`` (the form has checked that the role fits the place)."""

    field = {"igs": "igs", "gemeente": "refnis", "organisatie": "organisation"}[place.kind]
    return Role.objects.create(
        person=person, role=role, valid_from=valid_from, **{field: place.code}
    )


# --- one's own data: download and deletion ---------------------------------------------------


def _iso(value):
    return value.isoformat() if value is not None else None


def export_accounts(user) -> dict:
    """The accounts provider's export: the person, their roles and the history of both."""

    person = Person.objects.filter(user=user).first()
    if person is None:
        return {"person": None, "roles": [], "history": []}
    role_rows = list(Role.objects.filter(person=person).order_by("valid_from", "id"))
    described = describe_roles(role_rows)
    history = []
    for h in Person.history.filter(id=person.id).order_by("history_date")[:1000]:
        history.append(
            {
                "wanneer": _iso(h.history_date),
                "soort": KINDS.get(h.history_type, h.history_type),
                "naam": h.name,
                "e-mailadres": h.email,
                "telefoon": h.phone,
                "functie": h.function,
                "toestemming_contactgegevens_sinds": _iso(h.consent_contact_at),
                "toestemming_wie_is_wie_sinds": _iso(h.consent_listed_at),
            }
        )
    for h in Role.history.filter(person_id=person.id).order_by("history_date")[:1000]:
        history.append(
            {
                "wanneer": _iso(h.history_date),
                "soort": KINDS.get(h.history_type, h.history_type) + " (rol)",
                "rol": h.role,
                "gemeente": h.refnis,
                "igs": h.igs,
                "steunpunt": h.organisation,
                "vanaf": _iso(h.valid_from),
                "tot_en_met": _iso(h.valid_to),
            }
        )
    history.sort(key=lambda row: row["wanneer"])
    return {
        "person": {
            "gebruikersnaam": user.get_username(),
            "naam": person.name,
            "e-mailadres": person.email,
            "e-mailadres_van_het_account": user.email,
            "telefoon": person.phone,
            "functie": person.function,
            "toestemming_contactgegevens_sinds": _iso(person.consent_contact_at),
            "toestemming_wie_is_wie_sinds": _iso(person.consent_listed_at),
            "aangemaakt": _iso(person.created_at),
            "account_aangemaakt": _iso(user.date_joined),
            "laatst_aangemeld": _iso(user.last_login),
        },
        "roles": [
            {
                "rol": d["text"],
                "code": d["role"].role,
                "plaats": d["place_code"],
                "vanaf": _iso(d["valid_from"]),
                "tot_en_met": _iso(d["valid_to"]),
            }
            for d in described
        ],
        "history": history,
    }


def anonymise_accounts(user) -> int:
    """Delete the person, their roles and the history of both (it holds their name and contact);
    the user row itself is deleted by :func:`delete_own_data`. Returns the rows removed."""

    person = Person.objects.filter(user=user).first()
    if person is None:
        return 0
    person_id = person.id
    count = Role.objects.filter(person_id=person_id).count() + 1
    count += _forget_in_admin_log(person, user_id=user.pk)
    Role.objects.filter(person_id=person_id).delete()
    person.delete()
    # After the deletes: simple-history writes a "verwijderd" record of each, with the name.
    count += Role.history.filter(person_id=person_id).delete()[0]
    count += Person.history.filter(id=person_id).delete()[0]
    return count


def export_own_data(user) -> dict:
    """Everything Samenspel keeps about ``user``: the accounts part and every provider's."""

    apps = {}
    for provider in personal_data.providers():
        if provider.name == ACCOUNTS_PROVIDER:
            continue
        try:
            apps[provider.name] = provider.export(user)
        except Exception:  # one broken app must not hide the rest of the person's data
            log.exception("export of %s failed for user %s", provider.name, user.pk)
            apps[provider.name] = {
                "fout": "Dit onderdeel kon niet gelezen worden; probeer het later opnieuw."
            }
    return mydata.export_document(
        generated_at=timezone.now().isoformat(), own=export_accounts(user), apps=apps
    )


#: The name the accounts app registers its own provider under.
ACCOUNTS_PROVIDER = "accounts"


def delete_own_data(user) -> dict[str, int]:
    """Delete a person's data, all or nothing (one transaction).

    Every other app's provider anonymises first (it may still read the person), then the
    person's own records go, their login throttling records, and finally the user; historical
    rows they wrote elsewhere keep their content and read "verwijderde gebruiker".
    Returns {provider name: records changed}. Any exception rolls everything back.
    """

    counts: dict[str, int] = {}
    with transaction.atomic():
        for provider in personal_data.providers():
            if provider.name == ACCOUNTS_PROVIDER:
                continue
            counts[provider.name] = int(provider.anonymise(user) or 0)
        counts[ACCOUNTS_PROVIDER] = anonymise_accounts(user)
        counts["geschiedenis"] = mark_history_of_deleted_user(user)
        counts["aanmeldpogingen"] = _delete_login_records(user.get_username())
        get_user_model().objects.filter(pk=user.pk).delete()
    return counts


def delete_person_without_account(person) -> int:
    """For staff (admin action): delete a person who has no account, with their roles and the
    history of both; returns the rows removed."""

    person_id = person.pk
    with transaction.atomic():
        _forget_in_admin_log(person)
        Role.objects.filter(person_id=person_id).delete()
        Person.objects.filter(pk=person_id).delete()
        count = Role.history.filter(person_id=person_id).delete()[0]
        count += Person.history.filter(id=person_id).delete()[0]
    return count


#: What the admin's log says instead of the name of a person whose data was deleted.
FORGOTTEN_IN_LOG = "(verwijderde persoon)"


def _forget_in_admin_log(person, user_id: int | None = None) -> int:
    """The admin's log names the records it changed (``object_repr``, and the change message
    may quote a field): for the person, their roles and their account, keep that something was
    changed and by whom, not whose record it was. Entries the person made themselves go with
    their account (``LogEntry.user`` cascades). Returns the entries changed."""
    targets = [
        (Person, [person.pk]),
        (Role, list(Role.objects.filter(person_id=person.pk).values_list("pk", flat=True))),
    ]
    if user_id is not None:
        targets.append((get_user_model(), [user_id]))
    count = 0
    for model, ids in targets:
        if not ids:
            continue
        count += LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(i) for i in ids],
        ).update(object_repr=FORGOTTEN_IN_LOG, change_message="[]")
    return count


def _delete_login_records(username: str) -> int:
    """django-axes keeps the username (and IP address) of logins and failed attempts."""

    count = 0
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        try:
            model = apps.get_model("axes", name)
        except LookupError:
            continue
        count += model.objects.filter(username=username).delete()[0]
    return count
