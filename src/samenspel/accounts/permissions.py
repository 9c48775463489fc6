"""Who may do what: every permission of Samenspel, written once, as ``rules`` predicates.

Ask with ``user.has_perm("practices.change_practice", practice)`` (views) or
``{% has_perm 'practices.change_practice' user practice as may_edit %}`` (templates, ``{% load
rules %}``). The object protocol (``igs_slugs()``, ``refnis_codes()``, ``owner_id``,
``is_public()``) is described in ``roles.py``. ``tests/accounts/test_permission_matrix.py``
checks every role × action × object.

In short: staff of a support organisation (role ``steunpunt``, or a Django staff account) may do
everything and are the only ones who moderate; an IGS coordinator manages their IGS's scan,
initiatives, people and entries; a cultuurbeleidscoördinator or medewerker edits their own
municipality's entries (a medewerker of an IGS its IGS's entries); a schepen reads what belongs
to their municipality but edits nothing; the creator of an entry may edit it; anyone may read
what is published.
"""

from __future__ import annotations

import rules

from samenspel.accounts import roles


def places(user) -> roles.Places:
    """The user's places today, computed once per request (cached on the user object)."""
    cached = getattr(user, "_samenspel_places", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        result = roles.Places()
    else:
        from samenspel.accounts.models import Role

        rows = (
            Role.objects.valid_on()
            .filter(person__user=user)
            .values_list("role", "refnis", "igs", "organisation")
        )
        result = roles.places_from(rows, is_staff=user.is_staff)
    try:
        user._samenspel_places = result
    except AttributeError:  # AnonymousUser is shared; nothing to cache
        pass
    return result


def forget_places(user) -> None:
    """Call after changing a user's roles within the same request."""
    if hasattr(user, "_samenspel_places"):
        del user._samenspel_places


def _set(obj, name: str) -> set[str]:
    fn = getattr(obj, name, None)
    return set(fn()) if callable(fn) else set()


# --- predicates -----------------------------------------------------------------------------


@rules.predicate
def is_support(user) -> bool:
    return places(user).support


@rules.predicate
def has_role(user) -> bool:
    return places(user).has_role


@rules.predicate
def is_owner(user, obj) -> bool:
    return (
        obj is not None
        and getattr(obj, "owner_id", None) is not None
        and (obj.owner_id == getattr(user, "pk", None))
    )


@rules.predicate
def coordinates_its_igs(user, obj) -> bool:
    return obj is not None and bool(places(user).coordinates_igs & _set(obj, "igs_slugs"))


@rules.predicate
def edits_its_igs(user, obj) -> bool:
    """IGS-coördinator or medewerker of one of the object's IGS."""
    return obj is not None and bool(places(user).edits_igs & _set(obj, "igs_slugs"))


@rules.predicate
def edits_its_municipality(user, obj) -> bool:
    return obj is not None and bool(places(user).edits_refnis & _set(obj, "refnis_codes"))


@rules.predicate
def leads_its_municipality(user, obj) -> bool:
    return obj is not None and bool(places(user).leads_refnis & _set(obj, "refnis_codes"))


@rules.predicate
def belongs_to_it(user, obj) -> bool:
    """Any role (also schepen) in one of the object's IGS or municipalities."""
    if obj is None:
        return False
    p = places(user)
    return bool(p.works_in_igs & _set(obj, "igs_slugs") or p.in_refnis & _set(obj, "refnis_codes"))


@rules.predicate
def has_no_igs(user, obj) -> bool:
    """The object belongs to municipalities only (e.g. a group that considers cooperating)."""
    return obj is not None and not _set(obj, "igs_slugs")


@rules.predicate
def in_a_member_municipality(user, obj) -> bool:
    """Any role in a municipality that is a member of the object (an IGS place) today."""
    return obj is not None and bool(places(user).in_refnis & _set(obj, "member_refnis_codes"))


@rules.predicate
def works_in_its_igs(user, obj) -> bool:
    """Any role in an IGS the object (a municipality place) is a member of today."""
    return obj is not None and bool(places(user).works_in_igs & _set(obj, "member_of_igs_slugs"))


@rules.predicate
def is_public(user, obj) -> bool:
    fn = getattr(obj, "is_public", None)
    return bool(fn()) if callable(fn) else False


is_authenticated = rules.is_authenticated


@rules.predicate
def is_coordinator(user) -> bool:
    return bool(places(user).coordinates_igs)


#: Edits an entry that belongs to an IGS or a municipality. The IGS's medewerkers edit its
#: entries like a municipality's medewerkers edit the municipality's (only the coordinator
#: manages the IGS's scan and people); a schepen reads but does not edit.
edits_entry = is_support | is_owner | coordinates_its_igs | edits_its_igs | edits_its_municipality
#: Manages something of an IGS (its scan, its people): coordinator, or creator, or staff.
manages = is_support | coordinates_its_igs | is_owner

# --- permissions: "<app>.<action>_<object>" -----------------------------------------------

# Platform
rules.add_perm("accounts.moderate", is_support)
# People of an IGS or municipality (obj: a place with igs_slugs()/refnis_codes())
rules.add_perm("accounts.manage_people", is_support | coordinates_its_igs | leads_its_municipality)
# Officials of a member municipality see who works for their IGS, and the people of an IGS see
# who works in its member municipalities (obj: accounts.place.Place); neither manages them.
rules.add_perm(
    "accounts.view_person",
    is_support | belongs_to_it | in_a_member_municipality | works_in_its_igs,
)

# Samenwerkingsscan (obj: a scan group or round)
rules.add_perm("scan.add_group", is_support | is_coordinator | has_role)
# Starting a scan (obj: the group about to be made): the scan of an IGS is its coordinator's;
# a group that considers cooperating may be started by anyone with a role in one of its
# municipalities.
rules.add_perm("scan.start_group", is_support | coordinates_its_igs | (has_no_igs & belongs_to_it))
# The creator manages their scan only while they still belong to the group: a role that ends
# takes the scan (and its results) with it.
manages_scan = is_support | coordinates_its_igs | (is_owner & belongs_to_it)
rules.add_perm("scan.manage_group", manages_scan)
rules.add_perm("scan.view_results", manages_scan | belongs_to_it)

# Netwerk: practices (moderated: draft → review → published)
rules.add_perm("practices.add_practice", is_authenticated)
rules.add_perm("practices.view_practice", is_public | edits_entry)
rules.add_perm("practices.change_practice", edits_entry)
rules.add_perm("practices.moderate_practice", is_support)

# Netwerk: initiatives (published entries public, drafts not)
rules.add_perm("initiatives.add_initiative", is_authenticated)
rules.add_perm("initiatives.view_initiative", is_public | edits_entry)
rules.add_perm("initiatives.change_initiative", edits_entry)
# A city-to-city initiative may have no IGS: the cultuurbeleidscoördinator of a partner
# municipality publishes it (issue 11, initiatives helper).
rules.add_perm(
    "initiatives.publish_initiative",
    is_support | coordinates_its_igs | leads_its_municipality,
)

# Netwerk: events
rules.add_perm("events.add_event", is_support | is_coordinator)
rules.add_perm("events.view_event", is_public | manages)
rules.add_perm("events.change_event", manages)
rules.add_perm("events.register", is_authenticated)

# Monitor: stories, own indicators, values typed in (obj: the item)
rules.add_perm("monitor.change_item", edits_entry)
