"""Counting UiTdatabank events per 2025 municipality and year.

Input: records from :func:`samenspel.monitor.uit.read_records`; output: :class:`UitCounts`, plain
data (:meth:`UitCounts.as_dict`) keyed by REFNIS 2025 and year, ready to be stored later as
measurements. Pure: no Django; memory holds the counts, one 16-byte key per distinct event (for
deduplication) and a bounded cache of placed locations and organisers, never the events.

Rules
-----
**Which records count.** A record that is not a JSON object, has no ``@id`` with a uuid, no known
``calendarType`` or a date that cannot be read is *misvormd* (reported with file, line and a Dutch
reason; the other records are imported). Places and organisers in the stream (``/offers``) are
*geen activiteit*. Events are deduplicated on the uuid of ``@id`` (``/event/`` and ``/events/``
and every host name the same): the first one read counts, later ones are *dubbel*.
``workflowStatus`` ``DELETED`` or ``REJECTED`` is skipped and counted per status (a duplicate of
one of those is still a duplicate). DRAFT, READY_FOR_VALIDATION and APPROVED count.

**Event-days** (*speeldagen*): the calendar days in Brussels on which the event takes place.

- ``single`` and ``multiple``: each sub-event (``subEvent``; without any, ``startDate`` to
  ``endDate``) covers every day from its start day to its end day. An end at or before 06:00
  on a later day does not add that day (20:00–02:00 is one day). Days are a *set*: a matinee
  and an evening show on one day are one event-day. A sub-event with ``status.type``
  ``Unavailable`` (cancelled) has no days.
- ``periodic``: the days from ``startDate`` to ``endDate`` whose weekday appears in
  ``openingHours`` (every day when there are none).
- ``permanent``: the same weekday rule on the days from ``availableFrom`` (else ``created``) to
  ``availableTo`` (publiq: none means 2100-01-01), but never after 31 December of the reference
  year (the last year asked for, else the current year): permanent offer counts up to now, not
  into the future. With neither ``availableFrom`` nor ``created`` it counts only in the
  reference year.
- An event whose ``status.type`` is ``Unavailable``, or all of whose sub-events are, is
  *afgelast*: counted apart, in no municipality. ``TemporarilyUnavailable`` (postponed) counts.

**Events per year**: an event counts once in every year in which it has at least one event-day
(a periodic event from November to March counts in both years; totals over years can therefore
exceed the number of distinct events). With ``years`` given, only those years are counted and
events with no day in them are *buiten de periode*.

**Place**: see :mod:`samenspel.monitor.places`. Online events, events outside Flanders and
events with an unknown place are counted apart; the unknown places are listed (distinct
location, with how many events).

**By type and theme**: the ``label`` of the terms with domain ``eventtype`` and ``theme``.

**By organiser**: the ``organizer`` ``@id`` (uuid), its name and the municipality of its own
address (placed like a location).

**Co-organisation across municipalities** (*samen georganiseerd*): an event that takes place in
Flemish municipality A while its organiser is based in another Flemish municipality B. It counts
for A as ``samen_georganiseerd`` and for B as ``elders_georganiseerd`` (its organisers' events
elsewhere), and each pair appears in :attr:`UitCounts.flows` (year, host A, organiser's
municipality B, events). An organiser outside Flanders or with an unknown address does not make
an event co-organised. (``contributors`` are e-mail addresses of editors, not partners, and are
not used.)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from samenspel.monitor.places import ONLINE, OUTSIDE, PLACED, Placement, Placer, pick_address
from samenspel.monitor.uit import (
    BRUSSELS,
    NIGHT_ENDS,
    Event,
    EventError,
    Record,
    event_uuid,
    kind_of,
    parse_event,
    text,
)

SKIPPED_WORKFLOW = ("DELETED", "REJECTED")
#: Errors and unknown places kept for the report; beyond these only the totals grow.
MAX_ERRORS = 1000
MAX_UNKNOWN = 1000
#: Placed locations/organisers remembered (by uuid); the cache is emptied when full.
MAX_CACHE = 50_000
PERMANENT_END = date(2100, 1, 1)
#: What counting one event may raise on a shape nobody foresaw; reported for that event only.
UNFORESEEN = (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError)


# ------------------------------------------------------------------------------------------
# Event-days
# ------------------------------------------------------------------------------------------


def _days_of(start: datetime, end: datetime) -> tuple[date, date]:
    s = start.astimezone(BRUSSELS)
    e = end.astimezone(BRUSSELS)
    first, last = s.date(), e.date()
    if last > first and e.time() <= NIGHT_ENDS:
        last -= timedelta(days=1)
    return first, last


def _merge(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + timedelta(days=1):
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def count_days(a: date, b: date, weekdays: frozenset[int] | None) -> int:
    """Days from ``a`` to ``b`` (inclusive) on the given weekdays (all when None)."""
    n = (b - a).days + 1
    if n <= 0:
        return 0
    if weekdays is None:
        return n
    full, rest = divmod(n, 7)
    first = a.weekday()
    return full * len(weekdays) + sum(1 for i in range(rest) if (first + i) % 7 in weekdays)


def day_spans(
    event: Event, reference_year: int
) -> tuple[list[tuple[date, date]], frozenset[int] | None]:
    """The event's days as merged (first, last) spans and a weekday filter, per the rules above.
    Empty when the event is cancelled."""
    if event.status == "Unavailable":
        return [], None
    if event.calendar in ("single", "multiple"):
        spans = [_days_of(s, e) for s, e, cancelled in event.periods if not cancelled]
        return _merge(spans), None
    if event.calendar == "periodic":
        s, e, _ = event.periods[0]
        return [_days_of(s, e)], event.weekdays
    # permanent
    cap = date(reference_year, 12, 31)
    start = event.available_from or event.created
    first = start.astimezone(BRUSSELS).date() if start else date(reference_year, 1, 1)
    last = event.available_to.astimezone(BRUSSELS).date() if event.available_to else PERMANENT_END
    return [(first, min(last, cap))], event.weekdays


def days_per_year(
    event: Event, reference_year: int, years: Iterable[int] | None = None
) -> dict[int, int]:
    """Event-days per year (only years with at least one day; only ``years`` when given)."""
    spans, weekdays = day_spans(event, reference_year)
    wanted = set(years) if years is not None else None
    out: dict[int, int] = {}
    for a, b in spans:
        for year in range(a.year, b.year + 1):
            if wanted is not None and year not in wanted:
                continue
            n = count_days(max(a, date(year, 1, 1)), min(b, date(year, 12, 31)), weekdays)
            if n:
                out[year] = out.get(year, 0) + n
    return out


# ------------------------------------------------------------------------------------------
# Counting
# ------------------------------------------------------------------------------------------


@dataclass
class Bucket:
    """The counts of one municipality in one year."""

    activiteiten: int = 0
    speeldagen: int = 0
    per_kalender: Counter = field(default_factory=Counter)
    per_type: Counter = field(default_factory=Counter)
    per_thema: Counter = field(default_factory=Counter)
    per_organisator: Counter = field(default_factory=Counter)
    samen_georganiseerd: int = 0
    elders_georganiseerd: int = 0


@dataclass
class UitCounts:
    """What an import read, placed, set apart, rejected and counted."""

    years: tuple[int, ...] | None
    reference_year: int
    files: list[str] = field(default_factory=list)
    records: int = 0
    events: int = 0
    not_events: int = 0
    malformed: int = 0
    duplicates: int = 0
    skipped: Counter = field(default_factory=Counter)  #: workflowStatus → events
    cancelled: int = 0
    outside_period: int = 0
    placed: int = 0
    placed_by: Counter = field(default_factory=Counter)  #: method → events
    online: int = 0
    outside_flanders: int = 0
    unknown: int = 0
    errors: list[dict] = field(default_factory=list)  #: {bestand, regel, reden}
    unknown_places: dict = field(default_factory=dict)  #: key → {plaats, …, activiteiten}
    buckets: dict = field(default_factory=lambda: defaultdict(Bucket))  #: (refnis, year)
    flows: Counter = field(default_factory=Counter)  #: (year, host, organiser refnis)
    #: organiser uuid → (name, refnis of its address or None); grows with organisers, not events
    organisers: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)  #: refnis → Dutch name

    def error(self, file: str, line: int, reason: str) -> None:
        self.malformed += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"bestand": file, "regel": line, "reden": reason})

    def measurements(self) -> list[tuple[str, int, str, int]]:
        """Flat rows (REFNIS 2025, year, indicator, value) for storing as measurements later:
        ``uit_activiteiten``, ``uit_speeldagen``, ``uit_samen_georganiseerd`` and
        ``uit_elders_georganiseerd`` per municipality and year, sorted."""
        rows = []
        for (refnis, year), b in sorted(self.buckets.items()):
            rows += [
                (refnis, year, "uit_activiteiten", b.activiteiten),
                (refnis, year, "uit_speeldagen", b.speeldagen),
                (refnis, year, "uit_samen_georganiseerd", b.samen_georganiseerd),
                (refnis, year, "uit_elders_georganiseerd", b.elders_georganiseerd),
            ]
        return rows

    def as_dict(self) -> dict:
        """The result as JSON-ready data (Dutch keys, sorted by REFNIS and year)."""
        per_gemeente = []
        for (refnis, year), b in sorted(self.buckets.items()):
            per_gemeente.append(
                {
                    "refnis": refnis,
                    "naam": self.names.get(refnis, ""),
                    "jaar": year,
                    "activiteiten": b.activiteiten,
                    "speeldagen": b.speeldagen,
                    "per_kalender": dict(sorted(b.per_kalender.items())),
                    "per_type": dict(b.per_type.most_common()),
                    "per_thema": dict(b.per_thema.most_common()),
                    "per_organisator": [
                        {
                            "id": oid,
                            "naam": self.organisers.get(oid, ("", None))[0],
                            "refnis": self.organisers.get(oid, ("", None))[1],
                            "activiteiten": n,
                        }
                        for oid, n in b.per_organisator.most_common()
                    ],
                    "samen_georganiseerd": b.samen_georganiseerd,
                    "elders_georganiseerd": b.elders_georganiseerd,
                }
            )
        return {
            "jaren": list(self.years) if self.years is not None else None,
            "referentiejaar": self.reference_year,
            "bestanden": self.files,
            "gelezen": {
                "records": self.records,
                "activiteiten": self.events,
                "geen_activiteit": self.not_events,
            },
            "geweigerd": {
                "misvormd": self.malformed,
                "dubbel": self.duplicates,
                "verwijderd_of_afgekeurd": dict(sorted(self.skipped.items())),
            },
            "afgelast": self.cancelled,
            "buiten_periode": self.outside_period,
            "geplaatst": {
                "totaal": self.placed,
                "per_methode": dict(sorted(self.placed_by.items())),
            },
            "apart": {
                "online": self.online,
                "buiten_vlaanderen": self.outside_flanders,
                "onbekend": self.unknown,
            },
            "onbekende_plaatsen": sorted(
                self.unknown_places.values(), key=lambda p: (-p["activiteiten"], p["plaats"])
            ),
            "fouten": self.errors,
            "per_gemeente": per_gemeente,
            "samenwerking": [
                {
                    "jaar": year,
                    "gemeente": host,
                    "organisator_gemeente": org,
                    "activiteiten": n,
                }
                for (year, host, org), n in sorted(self.flows.items())
            ],
        }


def _unforeseen(exc: BaseException) -> str:
    return (
        f"kon deze activiteit niet verwerken ({type(exc).__name__}); meld dit met het bestand "
        "en de regel"
    )


class UitCounter:
    """Feeds records into :class:`UitCounts`, one at a time (see the module's rules)."""

    def __init__(
        self,
        placer: Placer,
        *,
        years: Iterable[int] | None = None,
        reference_year: int | None = None,
    ) -> None:
        wanted = tuple(sorted(set(years))) if years is not None else None
        if reference_year is None:
            reference_year = max(wanted) if wanted else date.today().year
        self.placer = placer
        self.counts = UitCounts(years=wanted, reference_year=reference_year)
        self.counts.names = dict(placer.flemish)
        self._seen: set[bytes] = set()
        self._places: dict[str, Placement] = {}

    # -- one record ----------------------------------------------------------------------

    def add(self, record: Record) -> None:
        c = self.counts
        c.records += 1
        if record.error is not None:
            c.error(record.file, record.line, record.error)
            return
        item = record.item
        kind = kind_of(item)
        if kind in ("place", "organizer"):
            c.not_events += 1
            return
        try:
            event = parse_event(item)
        except EventError as exc:
            c.error(record.file, record.line, str(exc))
            return
        except UNFORESEEN as exc:
            c.error(record.file, record.line, _unforeseen(exc))
            return
        key = bytes.fromhex(event.id.replace("-", ""))
        if key in self._seen:
            c.duplicates += 1
            return
        self._seen.add(key)
        c.events += 1
        if event.workflow in SKIPPED_WORKFLOW:
            c.skipped[event.workflow] += 1
            return
        try:
            self._count(event)
        except UNFORESEEN as exc:  # one strange event never stops an import of thousands
            c.error(record.file, record.line, _unforeseen(exc))

    def add_all(self, records: Iterable[Record]) -> UitCounts:
        for record in records:
            self.add(record)
        return self.counts

    # -- placing -------------------------------------------------------------------------

    def _cached(self, cache: dict, key: str, compute):
        if not key:
            return compute()
        if key not in cache:
            if len(cache) >= MAX_CACHE:
                cache.clear()
            cache[key] = compute()
        return cache[key]

    def _place(self, event: Event) -> Placement:
        loc = event.location
        key = event_uuid(str((loc or {}).get("@id") or "")) or ""
        if event.attendance == "online":
            key = ""
        return self._cached(
            self._places, key, lambda: self.placer.place_location(loc, event.attendance)
        )

    def _organiser(self, event: Event) -> str | None:
        """The organiser's uuid (remembered with its name and municipality), or None."""
        org = event.organizer
        if not org:
            return None
        oid = event_uuid(str(org.get("@id") or ""))
        if oid is None:
            return None
        known = self.counts.organisers.get(oid)
        if known is None:
            placed = self.placer.place_address(org.get("address"), org.get("geo"))
            refnis = placed.refnis if placed.status == PLACED else None
            self.counts.organisers[oid] = (text(org.get("name")), refnis)
        return oid

    def _unknown(self, event: Event, placement: Placement) -> None:
        loc = event.location or {}
        addr = pick_address(loc.get("address"))
        place = text(loc.get("name")) or "(zonder naam)"
        key = str(loc.get("@id") or place)
        entry = self.counts.unknown_places.get(key)
        if entry is None:
            if len(self.counts.unknown_places) >= MAX_UNKNOWN:
                return
            entry = {
                "plaats": place,
                "id": str(loc.get("@id") or ""),
                "postcode": str(addr.get("postalCode") or ""),
                "plaatsnaam": str(addr.get("addressLocality") or ""),
                "reden": placement.reason,
                "activiteiten": 0,
            }
            self.counts.unknown_places[key] = entry
        entry["activiteiten"] += 1

    # -- counting ------------------------------------------------------------------------

    def _count(self, event: Event) -> None:
        c = self.counts
        per_year = days_per_year(event, c.reference_year, c.years)
        if not per_year:
            if event.status == "Unavailable" or (
                event.periods and all(cancelled for _, _, cancelled in event.periods)
            ):
                c.cancelled += 1
            else:
                c.outside_period += 1
            return
        placement = self._place(event)
        if placement.status == ONLINE:
            c.online += 1
            return
        if placement.status == OUTSIDE:
            c.outside_flanders += 1
            return
        if placement.status != PLACED:
            c.unknown += 1
            self._unknown(event, placement)
            return
        c.placed += 1
        c.placed_by[placement.method] += 1
        host = placement.refnis
        oid = self._organiser(event)
        org_refnis = self.counts.organisers[oid][1] if oid else None
        co = org_refnis is not None and org_refnis != host
        for year, days in per_year.items():
            b = c.buckets[(host, year)]
            b.activiteiten += 1
            b.speeldagen += days
            b.per_kalender[event.calendar] += 1
            for _, label in event.types:
                b.per_type[label] += 1
            for _, label in event.themes:
                b.per_thema[label] += 1
            if oid:
                b.per_organisator[oid] += 1
            if co:
                b.samen_georganiseerd += 1
                c.buckets[(org_refnis, year)].elders_georganiseerd += 1
                c.flows[(year, host, org_refnis)] += 1


def count_files(
    paths: Iterable[str],
    placer: Placer,
    *,
    years: Iterable[int] | None = None,
    reference_year: int | None = None,
) -> UitCounts:
    """Read and count every file, in order (deduplication runs across files)."""
    from samenspel.monitor.uit import read_records

    counter = UitCounter(placer, years=years, reference_year=reference_year)
    for path in paths:
        counter.counts.files.append(str(path))
        counter.add_all(read_records(path))
    return counter.counts
