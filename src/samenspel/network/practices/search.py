"""Full-text search with facets over the practice library (pure: no Django).

The view fetches the published practices that contain every word of the query (a cheap
``icontains`` prefilter on a normalised ``search_text``, the same on SQLite and PostgreSQL),
turns each into a :class:`Doc`, and :func:`search` ranks them here, in Python, so the order is
identical on every database.

Normalisation (:func:`normalise`): lower case (``casefold``), accents folded (``Cultúur`` →
``cultuur``, ``coördinatie`` → ``coordinatie``), every character that is not a letter or digit a
separator. A query is cut to :data:`MAX_QUERY` characters and at most :data:`MAX_TOKENS` words;
common Dutch function words (``de``, ``het``, ``een`` …) and single letters (the ``s`` of
``regio's``) are dropped unless nothing else is left.
No stemming: a word of the query also finds the words that start with it (``samenwerk`` finds
``samenwerking``, ``festival`` finds ``festivals``), and a word of four letters or more also finds
Dutch compounds that contain it (``bibliotheek`` finds ``streekbibliotheek``), at a lower score.

Score: every query word must occur (AND). A word counts once, in the best field where it
occurs, as *field weight × match quality*:

- field weights :data:`WEIGHTS`: title 5, summary 3, the body (what worked, what did not,
  lessons) 1, the context (themes, places) 1;
- match quality :data:`QUALITY`: the whole word 1, the start of a word 0,75, inside a word 0,5.

Ties: the more recently published first, then the higher id. Without a query every practice
scores 0 and the newest come first.

Facets (:func:`search`): a practice has a set of values per facet (``soort``, ``thema``,
``schaal``, ``jaar``, ``igs``, ``regio``, ``gemeente``). Chosen values combine: within one facet
*any* chosen value (OR), across facets *all* facets (AND). The count shown beside a value is the
number of results the page would have if that value were added to the choice: counted over the
query's matches filtered by every *other* facet (the usual "disjunctive" facet count).

Example::

    >>> docs = [Doc(1, "Cultúur op het plein", "", "", "", {"thema": {"netwerk"}}, 2),
    ...         Doc(2, "Plein", "Cultuur", "", "", {"thema": {"doelen"}}, 1)]
    >>> r = search(docs, "cultuur", {})
    >>> [h.doc.id for h in r.hits], [h.score for h in r.hits]
    ([1, 2], [5.0, 3.0])
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from samenspel.core.text import strip_accents

MAX_QUERY = 200
MAX_TOKENS = 8
#: Words shorter than this are only matched whole or as the start of a word.
MIN_INSIDE = 4

WEIGHTS = {"title": 5.0, "summary": 3.0, "body": 1.0, "context": 1.0}
QUALITY = {"whole": 1.0, "prefix": 0.75, "inside": 0.5}

#: Dutch function words that say nothing about a practice.
STOPWORDS = frozenset(
    """
    de het een en of van in op met voor aan te bij om door over als dat die dit deze er is
    zijn was waren we wij je jij u ze zij hij naar niet ook maar dan nog tot uit wat wie
    hoe waar wordt worden werd geen al
    """.split()
)

_SEPARATOR = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """``'  Cultúur-beleid, coördinatie!'`` → ``'cultuur beleid coordinatie'``."""
    plain = strip_accents(text or "")
    return " ".join(_SEPARATOR.split(plain)).strip()


def words(text: str) -> list[str]:
    return normalise(text).split()


def query_tokens(query: str) -> list[str]:
    """The words searched for: normalised, without repeats, without function words (unless
    only function words were typed), at most :data:`MAX_TOKENS`."""
    raw = list(dict.fromkeys(words((query or "")[:MAX_QUERY])))
    # A single letter is what an apostrophe leaves behind ("regio's", "z'n", "'t"): it says
    # nothing and would demand a word starting with it.
    kept = [w for w in raw if w not in STOPWORDS and not (len(w) == 1 and w.isalpha())]
    return (kept or raw)[:MAX_TOKENS]


@dataclass(frozen=True)
class _Words:
    """The words of one field as a set (whole words) and as one string ``" w1 w2 … "`` (a word
    starts with the token when ``" " + token`` occurs in it; a token without spaces occurs in
    it only inside one word), so that a match is a few look-ups instead of a loop over every
    word."""

    whole: frozenset[str]
    joined: str

    @classmethod
    def of(cls, field_words: Iterable[str]) -> _Words:
        ws = frozenset(field_words)
        return cls(ws, " " + " ".join(ws) + " ")


def _quality(token: str, ws: _Words) -> float:
    if token in ws.whole:
        return QUALITY["whole"]
    if " " in token:  # not a word: compare word by word
        return _slow_quality(token, ws.whole)
    if " " + token in ws.joined:
        return QUALITY["prefix"]
    if len(token) >= MIN_INSIDE and token in ws.joined:
        return QUALITY["inside"]
    return 0.0


def _slow_quality(token: str, field_words: Iterable[str]) -> float:
    best = 0.0
    for w in field_words:
        if w == token:
            return QUALITY["whole"]
        if w.startswith(token):
            best = max(best, QUALITY["prefix"])
        elif len(token) >= MIN_INSIDE and token in w:
            best = max(best, QUALITY["inside"])
    return best


def match_quality(token: str, field_words: Iterable[str]) -> float:
    """The best match of ``token`` among the words of one field (0: no match)."""
    return _quality(token, _Words.of(field_words))


@dataclass(frozen=True)
class Doc:
    """One practice as the search sees it. ``recency`` sorts the newer first (e.g. the
    publication time as a number)."""

    id: int
    title: str
    summary: str
    body: str
    context: str
    facets: Mapping[str, Iterable[str]] = field(default_factory=dict)
    recency: float = 0.0
    #: Optional: the already normalised words of title, summary, body and context together (the
    #: practice's stored ``search_text``). When given, it stands in for ``body`` and
    #: ``context``, which then need not be read nor normalised again on every search. The score
    #: stays the same: body and context weigh the same (1), and a word that is also in the title
    #: or summary scores at least 5 × 0,5 or 3 × 0,5 there, more than the 1 it can get here.
    all_words: str = ""

    def field_words(self) -> dict[str, set[str]]:
        out = {"title": set(words(self.title)), "summary": set(words(self.summary))}
        if self.all_words:
            out["body"] = set(self.all_words.split())
            out["context"] = set()
        else:
            out["body"] = set(words(self.body))
            out["context"] = set(words(self.context))
        return out

    def values(self, facet: str) -> frozenset[str]:
        return frozenset(self.facets.get(facet, ()))


def score(doc: Doc, tokens: list[str]) -> float | None:
    """The document's score for ``tokens`` (see the module), or None when a word is missing."""
    fields = {name: _Words.of(ws) for name, ws in doc.field_words().items()}
    total = 0.0
    for token in tokens:
        best = max(WEIGHTS[name] * _quality(token, ws) for name, ws in fields.items())
        if best == 0:
            return None
        total += best
    return total


@dataclass(frozen=True)
class Hit:
    doc: Doc
    score: float


@dataclass
class Result:
    tokens: list[str]
    hits: list[Hit]
    #: facet → value → number of results if that value were chosen as well
    counts: dict[str, Counter]


def _passes(doc: Doc, chosen: Mapping[str, Iterable[str]], skip: str | None = None) -> bool:
    for name, values in chosen.items():
        values = set(values)
        if name == skip or not values:
            continue
        if not (doc.values(name) & values):
            return False
    return True


def search(
    docs: Iterable[Doc],
    query: str,
    chosen: Mapping[str, Iterable[str]],
    facets: Iterable[str] = ("soort", "thema", "schaal", "jaar", "igs", "regio", "gemeente"),
) -> Result:
    """Rank ``docs`` for ``query``, keep those with the ``chosen`` facet values, and count the
    facet values (see the module)."""
    tokens = query_tokens(query)
    matched: list[Hit] = []
    for doc in docs:
        s = score(doc, tokens) if tokens else 0.0
        if s is not None:
            matched.append(Hit(doc, s))
    chosen = {k: set(v) for k, v in chosen.items() if v}
    hits = [h for h in matched if _passes(h.doc, chosen)]
    hits.sort(key=lambda h: (-h.score, -h.doc.recency, -h.doc.id))
    counts: dict[str, Counter] = {}
    for name in facets:
        c: Counter = Counter()
        for h in matched:
            if _passes(h.doc, chosen, skip=name):
                c.update(h.doc.values(name))
        counts[name] = c
    return Result(tokens, hits, counts)


@dataclass(frozen=True)
class FacetRow:
    value: str
    label: str
    count: int
    chosen: bool


def facet_rows(
    counts: Mapping[str, int],
    labels: Mapping[str, str],
    chosen: Iterable[str] = (),
    *,
    order: str = "count",
    limit: int = 30,
) -> list[FacetRow]:
    """The rows of one facet for the page: every value with a count, and every chosen value
    (also when its count is 0). ``order``: ``"count"`` (most first, then by label),
    ``"label"`` (alphabetical, accents folded) or ``"value_desc"`` (years: newest first).
    At most ``limit`` rows, the chosen ones always kept."""
    chosen = set(chosen)
    values = {v for v, n in counts.items() if n > 0} | chosen
    rows = [FacetRow(v, labels.get(v, v), int(counts.get(v, 0)), v in chosen) for v in values]
    if order == "label":
        rows.sort(key=lambda r: (normalise(r.label), r.value))
    elif order == "value_desc":
        rows.sort(key=lambda r: r.value, reverse=True)
    else:
        rows.sort(key=lambda r: (-r.count, normalise(r.label), r.value))
    if len(rows) > limit:
        kept = rows[:limit]
        kept += [r for r in rows[limit:] if r.chosen]
        rows = kept
    return rows
