"""Wie is wie: the people who agreed to be listed, grouped by IGS, municipality and region
(pure: no Django).

The caller passes only people with consent to be listed, and passes their e-mail and phone
only when they also agreed to show them (``Entry.email``/``phone`` are "" otherwise), so no
template can leak what was not consented to. Search matches every word of the query against
the person's name and the names of their places (IGS, municipality, referentieregio,
organisation), ignoring case and accents ("leuven" finds "Lèuven").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from samenspel.core.text import fold

#: At most this many people are shown for one query; the page asks to narrow it down.
MAX_SHOWN = 300


@dataclass(frozen=True)
class RoleAt:
    role: str  # label, e.g. "IGS-coördinator"
    kind: str  # "igs", "gemeente", "organisatie"
    code: str  # slug, REFNIS or organisation code
    place: str  # its name
    region: str = ""  # referentieregio (municipalities only)


@dataclass(frozen=True)
class Entry:
    id: int
    name: str
    function: str
    email: str  # "" unless the person agreed to show contact details
    phone: str
    roles: tuple[RoleAt, ...]

    @property
    def has_contact(self) -> bool:
        return bool(self.email or self.phone)

    def words(self) -> str:
        parts = [self.name, self.function]
        for r in self.roles:
            parts += [r.place, r.region, r.role]
        return fold(" ".join(parts))


def matches(entry: Entry, query: str) -> bool:
    words = fold(query).split()
    text = entry.words()
    return all(w in text for w in words)


@dataclass(frozen=True)
class Section:
    kind: str  # "igs", "gemeente", "organisatie"
    code: str
    name: str
    region: str
    people: tuple[tuple[Entry, tuple[str, ...]], ...]  # (person, their role labels here)


@dataclass(frozen=True)
class Directory:
    igs: tuple[Section, ...]
    regions: tuple[tuple[str, tuple[Section, ...]], ...]  # (region, its municipalities)
    organisations: dict[str, Section]  # by organisation code
    shown: int  # people shown
    total: int  # people matching (may exceed shown)

    @property
    def truncated(self) -> bool:
        return self.total > self.shown


def group(
    entries: Iterable[Entry],
    query: str = "",
    *,
    igs: str = "",
    refnis: str = "",
    limit: int = MAX_SHOWN,
) -> Directory:
    """The entries matching ``query`` (and holding a role in IGS ``igs`` or municipality
    ``refnis`` when given), at most ``limit`` people (by name), grouped: per IGS (by name), per
    referentieregio and municipality (by name), per organisation."""
    chosen = []
    for e in sorted(entries, key=lambda e: (fold(e.name), e.id)):
        if query and not matches(e, query):
            continue
        if igs and not any(r.kind == "igs" and r.code == igs for r in e.roles):
            continue
        if refnis and not any(r.kind == "gemeente" and r.code == refnis for r in e.roles):
            continue
        chosen.append(e)
    total = len(chosen)
    chosen = chosen[: max(0, limit)]
    buckets: dict[tuple[str, str], list] = defaultdict(list)
    meta: dict[tuple[str, str], tuple[str, str]] = {}
    for e in chosen:
        here: dict[tuple[str, str], list[str]] = defaultdict(list)
        for r in e.roles:
            here[(r.kind, r.code)].append(r.role)
            meta[(r.kind, r.code)] = (r.place, r.region)
        for key, labels in here.items():
            buckets[key].append((e, tuple(labels)))

    def section(key) -> Section:
        name, region = meta[key]
        return Section(key[0], key[1], name, region, tuple(buckets[key]))

    igs_sections = tuple(
        sorted((section(k) for k in buckets if k[0] == "igs"), key=lambda s: fold(s.name))
    )
    by_region: dict[str, list[Section]] = defaultdict(list)
    for k in buckets:
        if k[0] == "gemeente":
            s = section(k)
            by_region[s.region].append(s)
    regions = tuple(
        (region, tuple(sorted(sections, key=lambda s: fold(s.name))))
        for region, sections in sorted(by_region.items(), key=lambda kv: fold(kv[0]))
    )
    orgs = {k[1]: section(k) for k in buckets if k[0] == "organisatie"}
    return Directory(igs_sections, regions, orgs, len(chosen), total)


def entry(
    pid: int,
    name: str,
    function: str,
    email: str,
    phone: str,
    consent_contact: bool,
    roles: Iterable[tuple[str, str, str, str]],
    *,
    role_labels: Mapping[str, str],
    igs_names: Mapping[str, str],
    municipalities: Mapping[str, tuple[str, str]],
    organisations: Mapping[str, str],
) -> Entry | None:
    """An :class:`Entry` from a person's fields and their (role, refnis, igs, organisation)
    rows; places that are not in the loaded data are left out, and so is a person left
    without any place. Contact details only with ``consent_contact``."""
    out = []
    for role, refnis, igs, org in roles:
        label = role_labels.get(role, role)
        if refnis and refnis in municipalities:
            mname, region = municipalities[refnis]
            out.append(RoleAt(label, "gemeente", refnis, mname, region))
        elif igs and igs in igs_names:
            out.append(RoleAt(label, "igs", igs, igs_names[igs]))
        elif org and org in organisations:
            out.append(RoleAt(label, "organisatie", org, organisations[org]))
    if not out:
        return None
    return Entry(
        pid,
        name,
        function,
        email if consent_contact else "",
        phone if consent_contact else "",
        tuple(sorted(set(out), key=lambda r: (r.kind, fold(r.place), r.role))),
    )
