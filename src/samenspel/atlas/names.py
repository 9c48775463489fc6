"""Find municipalities and IGS by name: for the Verdeelsleutel form and the search box.

Pure computation on an Atlas snapshot (duck-typed: ``municipalities``, ``partnerships``); no
Django. Names are compared without case, accents, hyphens or repeated spaces, so ``gent``,
``GENT`` and ``Gent`` are the same, and so are ``merelbeke melle`` and ``Merelbeke-Melle``.
A municipality is also found by its French name (``Gand``); an IGS by its slug, its full name,
the part before a parenthesis (``Stuifzand``) or the part inside it (``ZENDER``).

Errors are :class:`ValueError` with a Dutch message that names what was not found and
suggests close matches (:func:`difflib.get_close_matches`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: At most this many suggestions per search; a longer query is cut to this many characters.
MAX_RESULTS = 20
MAX_QUERY = 100

_REFNIS = re.compile(r"\d{5}")
_SEPARATORS = re.compile(r"[,;\n]")


def normalise(text: str) -> str:
    """``'  Merelbeke-Melle '`` → ``'merelbeke melle'``: no case, accents, hyphens or extra
    spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"[-‐–—_'’.]", " ", plain.casefold())
    return " ".join(plain.split())


def _igs_aliases(slug: str, name: str) -> set[str]:
    aliases = {slug, name}
    before, paren, inside = name.partition("(")
    if paren:
        aliases.add(before)
        aliases.add(inside.rstrip(") "))
    return {normalise(a) for a in aliases if normalise(a)}


@dataclass
class NameIndex:
    """Normalised names → REFNIS codes / IGS slugs, built once per Atlas snapshot."""

    municipalities: dict[str, list[str]] = field(default_factory=dict)
    former: dict[str, str] = field(default_factory=dict)  # former name → successor code
    partnerships: dict[str, list[str]] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)  # normalised → a name as written

    @classmethod
    def of(cls, atlas: Any) -> NameIndex:
        cached = getattr(atlas, "_name_index", None)
        if isinstance(cached, cls):
            return cached
        index = cls()
        for code, m in atlas.municipalities.items():
            for name in {m.name, getattr(m, "name_fr", "") or m.name}:
                key = normalise(name)
                if code not in index.municipalities.setdefault(key, []):
                    index.municipalities[key].append(code)
                index.display.setdefault(key, name)
        for code, m in atlas.municipalities.items():
            for _old, old_name in getattr(m, "parts", ()):
                key = normalise(old_name)
                if key not in index.municipalities:
                    index.former[key] = code
        for slug, p in atlas.partnerships.items():
            for key in _igs_aliases(slug, p.name):
                index.partnerships.setdefault(key, []).append(slug)
                index.display.setdefault(key, p.name)
        try:
            atlas._name_index = index
        except AttributeError:  # pragma: no cover - a read-only stand-in
            pass
        return index

    def close(self, text: str, names: Iterable[str], n: int = 3) -> list[str]:
        keys = difflib.get_close_matches(normalise(text), list(names), n=n, cutoff=0.6)
        return [self.display.get(k, k) for k in keys]


def _quoted(names: list[str]) -> str:
    return ", ".join(f"“{n}”" for n in names)


def split_names(text: str | None) -> list[str]:
    """``'Gent, Aalter;44019'`` → ``['Gent', 'Aalter', '44019']`` (commas, semicolons or new
    lines separate; empty parts are skipped)."""
    return [p.strip() for p in _SEPARATORS.split(text or "") if p.strip()]


def find_municipalities(atlas: Any, text: str | None, field_label: str) -> list[str]:
    """The REFNIS codes of the municipalities named in ``text``, in order, without repeats.

    Each part is a name (Dutch or French) or a REFNIS code; a code is passed on as given (the
    caller says when it does not exist). Raises :class:`ValueError` naming every part that is
    not a municipality, with close matches, and saying when a part is an IGS or a municipality
    that was merged on 1/1/2025.
    """
    index = NameIndex.of(atlas)
    codes: list[str] = []
    problems: list[str] = []
    for part in split_names(text):
        if _REFNIS.fullmatch(part):
            codes.append(part)
            continue
        key = normalise(part)
        found = index.municipalities.get(key)
        if found and len(found) == 1:
            codes.append(found[0])
        elif found:
            options = ", ".join(f"{atlas.municipalities[c].name} ({c})" for c in found)
            problems.append(f"“{part}” is meer dan één gemeente: geef de REFNIS-code ({options})")
        elif key in index.former:
            successor = atlas.municipalities[index.former[key]]
            problems.append(
                f"“{part}” is sinds 1/1/2025 deel van {successor.name} ({successor.refnis}): "
                f"geef {successor.name}"
            )
        elif key in index.partnerships:
            name = atlas.partnerships[index.partnerships[key][0]].name
            problems.append(f"“{part}” is een IGS ({name}), geen gemeente: kies het bij “IGS”")
        else:
            close = index.close(part, index.municipalities)
            hint = f"; bedoel je {_quoted(close)}?" if close else ""
            problems.append(f"geen gemeente “{part}” gevonden{hint}")
    if problems:
        raise ValueError(f"{field_label}: {'; '.join(problems)}.")
    return list(dict.fromkeys(codes))


def find_partnership(atlas: Any, text: str, field_label: str = "IGS") -> str:
    """The slug of the IGS named ``text`` (slug, name or a part of it, see the module), or a
    :class:`ValueError` with a Dutch message and close matches; a municipality's name is told
    apart from an IGS's."""
    index = NameIndex.of(atlas)
    key = normalise(text)
    found = list(dict.fromkeys(index.partnerships.get(key, [])))
    exact = [s for s in found if key in (normalise(s), normalise(atlas.partnerships[s].name))]
    if len(exact) == 1:  # a slug or a full name beats a part of another IGS's name
        return exact[0]
    if len(found) == 1:
        return found[0]
    if found:
        options = ", ".join(atlas.partnerships[s].name for s in found)
        raise ValueError(f"{field_label}: “{text}” past bij meer dan één IGS: {options}.")
    if key in index.municipalities:
        raise ValueError(
            f"{field_label}: “{text}” is een gemeente, geen IGS: zet ze bij “Gemeenten”."
        )
    close = index.close(text, index.partnerships)
    hint = f" Bedoel je {_quoted(list(dict.fromkeys(close)))}?" if close else ""
    raise ValueError(f"{field_label}: geen IGS “{text}” gevonden.{hint}")


def _rank(key: str, query: str) -> int | None:
    """0: the name starts with the query; 1: a word starts with it; 2: it contains it."""
    if key.startswith(query):
        return 0
    if any(word.startswith(query) for word in key.split()):
        return 1
    if query in key:
        return 2
    return None


def suggest(atlas: Any, query: str, kind: str = "") -> dict[str, list[dict[str, Any]]]:
    """At most :data:`MAX_RESULTS` municipalities and IGS for the search text ``query``.

    ``kind`` is ``'gemeente'``, ``'igs'`` or empty (both). Municipalities come as
    ``{"naam", "refnis", "centrumstad"}``, IGS as ``{"naam", "slug"}``; best matches first
    (name starts with the text, then a word of it, then anywhere; then alphabetically). Digits
    search REFNIS codes. Nothing matches: the close names (difflib) are offered instead.
    """
    q = normalise(query[:MAX_QUERY])
    out: dict[str, list[dict[str, Any]]] = {"gemeenten": [], "igs": []}
    if not q:
        return out
    index = NameIndex.of(atlas)
    munis: list[tuple[int, str, str]] = []
    if kind in ("", "gemeente"):
        for code, m in atlas.municipalities.items():
            ranks = [
                r
                for r in (
                    _rank(normalise(m.name), q),
                    _rank(normalise(getattr(m, "name_fr", "") or ""), q),
                    0 if q.isdigit() and code.startswith(q) else None,
                )
                if r is not None
            ]
            if ranks:
                munis.append((min(ranks), m.name, code))
    igs: list[tuple[int, str, str]] = []
    if kind in ("", "igs"):
        for slug, p in atlas.partnerships.items():
            ranks = [r for a in _igs_aliases(slug, p.name) if (r := _rank(a, q)) is not None]
            if ranks:
                igs.append((min(ranks), p.name, slug))
    if not munis and not igs:  # a typo: offer the close names
        if kind in ("", "gemeente"):
            for key in difflib.get_close_matches(q, list(index.municipalities), n=5, cutoff=0.6):
                for code in index.municipalities[key]:
                    munis.append((3, atlas.municipalities[code].name, code))
        if kind in ("", "igs"):
            for key in difflib.get_close_matches(q, list(index.partnerships), n=5, cutoff=0.6):
                for slug in index.partnerships[key]:
                    igs.append((3, atlas.partnerships[slug].name, slug))
    ranked = sorted(
        [(r, normalise(n), "igs", s) for r, n, s in set(igs)]
        + [(r, normalise(n), "gemeente", c) for r, n, c in set(munis)]
    )[:MAX_RESULTS]
    for _r, _n, what, key in ranked:
        if what == "igs":
            out["igs"].append({"naam": atlas.partnerships[key].name, "slug": key})
        else:
            m = atlas.municipalities[key]
            out["gemeenten"].append(
                {"naam": m.name, "refnis": key, "centrumstad": bool(m.is_centrumstad)}
            )
    return out
