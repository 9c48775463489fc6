"""Reading UiTdatabank events (JSON-LD) as publiq publishes them, streaming.

Three shapes are read, from plain or gzip-compressed files:

- **one JSON-LD document** (an event as the Entry API returns it, e.g. ``GET /events/<uuid>``);
- a **Search API v3 response** (``{"@type": "PagedCollection", "member": [...]}``, with
  ``embed=true`` so every member is a full event), or a top-level JSON array of events;
- a **newline-delimited dump** (NDJSON / JSON Lines): one event, or one whole page with a
  ``member`` list, per line.

Memory does not grow with the number of events: NDJSON is read line by line, and a large
document (a page of 2,000 members, an array of a million events) is walked by a small incremental
parser that holds one member at a time (:class:`_JsonStream`, ``json.JSONDecoder.raw_decode`` on a
sliding buffer of about :data:`CHUNK` characters); an NDJSON line holding a whole page is
decoded at once (a page is at most a few thousand members). A bad NDJSON line is reported with
its file and line and the next line is read; inside one large document a syntax error ends that
file (there is no reliable way to find the next member), and everything read before it is kept.

:func:`parse_event` turns one JSON-LD dict into an :class:`Event` with only the fields the Monitor
counts, or raises :class:`EventError` with a Dutch reason. Nothing here imports Django.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
#: The uuid of publiq's "virtual" place: the location of an online event.
VIRTUAL_LOCATION = "00000000-0000-0000-0000-000000000000"
CALENDAR_TYPES = ("single", "multiple", "periodic", "permanent")
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
#: Characters read at a time by the incremental parser.
CHUNK = 1 << 20
#: One member of a large document may be at most this long (characters); longer is refused.
MAX_ITEM = 64 << 20
#: The first line of a file decides NDJSON (it parses on its own) or one document; only this
#: many bytes of it are looked at.
SNIFF = 1 << 20

TOO_DEEP = "te diep geneste JSON"
#: A JSON number Python will not convert (more than ``sys.get_int_max_str_digits()`` digits).
TOO_LONG_NUMBER = "geen geldige JSON: een getal met te veel cijfers"
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_WS = re.compile(r"[ \t\n\r]*")
_JSON_DUTCH = (
    ("Expecting value", "waarde verwacht"),
    ("Expecting property name enclosed in double quotes", "naam tussen aanhalingstekens verwacht"),
    ("Expecting ',' delimiter", "komma verwacht"),
    ("Expecting ':' delimiter", "dubbelpunt verwacht"),
    ("Unterminated string", "tekst zonder afsluitend aanhalingsteken"),
    ("Invalid control character", "ongeldig stuurteken in tekst"),
    ("Invalid \\escape", "ongeldige escape in tekst"),
    ("Extra data", "extra tekens na het einde"),
)


@dataclass(slots=True)
class Record:
    """One thing read from a file: a JSON object (``item``) or a reason it could not be read."""

    file: str
    line: int
    item: dict | None = None
    error: str | None = None


class EventError(ValueError):
    """A JSON-LD document that is not a usable event; ``str()`` is the Dutch reason."""


@dataclass(slots=True)
class Event:
    """The fields of a UiTdatabank event the Monitor counts (times are aware datetimes)."""

    id: str  #: the uuid, lower case (the same for /event/ and /events/ URIs and every host)
    uri: str
    name: str
    calendar: str  #: single | multiple | periodic | permanent
    #: (start, end, cancelled) per performance: the subEvents, else startDate–endDate
    periods: tuple[tuple[datetime, datetime, bool], ...]
    weekdays: frozenset[int] | None  #: from openingHours (0 = Monday); None = every day
    available_from: datetime | None
    available_to: datetime | None
    created: datetime | None
    status: str  #: Available | TemporarilyUnavailable | Unavailable
    workflow: str  #: DRAFT | READY_FOR_VALIDATION | APPROVED | REJECTED | DELETED
    attendance: str  #: offline | online | mixed
    location: dict | None
    organizer: dict | None
    types: tuple[tuple[str, str], ...]  #: (id, label) of the terms with domain eventtype
    themes: tuple[tuple[str, str], ...]  #: (id, label) of the terms with domain theme


# ------------------------------------------------------------------------------------------
# Reading files
# ------------------------------------------------------------------------------------------


def _json_reason(exc: json.JSONDecodeError) -> str:
    for english, dutch in _JSON_DUTCH:
        if exc.msg.startswith(english):
            return f"geen geldige JSON: {dutch} (kolom {exc.colno})"
    return f"geen geldige JSON (kolom {exc.colno})"


def _open_binary(path: Path):
    fh = open(path, "rb")  # noqa: SIM115 (closed by the caller)
    if fh.peek(2)[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=fh, mode="rb")
    return fh


def _items(obj, file: str, line: int) -> Iterator[Record]:
    """The events in one decoded JSON value: a page's members, an array's elements, or itself."""
    if isinstance(obj, dict) and isinstance(obj.get("member"), list):
        for member in obj["member"]:
            yield _record(member, file, line)
    elif isinstance(obj, list):
        for element in obj:
            yield _record(element, file, line)
    else:
        yield _record(obj, file, line)


def _record(obj, file: str, line: int) -> Record:
    if isinstance(obj, dict):
        return Record(file, line, item=obj)
    return Record(file, line, error="geen JSON-object (een activiteit is een object {…})")


def read_records(path: str | Path, *, name: str | None = None) -> Iterator[Record]:
    """Every record of one file, in order, without holding the file in memory.

    ``name`` is how the file is named in messages (default: the path as given). A file that
    cannot be opened or decoded yields one record with the reason.
    """
    path = Path(path)
    label = name or str(path)
    try:
        fh = _open_binary(path)
    except OSError as exc:
        yield Record(label, 0, error=f"kan het bestand niet openen ({exc.strerror or exc})")
        return
    with fh:
        try:
            head = fh.readline(SNIFF)
            while head and not head.strip(b"\xef\xbb\xbf \t\r\n") and head.endswith(b"\n"):
                head = fh.readline(SNIFF)  # blank lines before the first value
            fh.seek(0)
            yield from (
                _read_lines(fh, label) if _looks_like_lines(path, head) else _read_stream(fh, label)
            )
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            yield Record(label, 0, error=f"kan het bestand niet lezen ({exc})")


def _looks_like_lines(path: Path, head: bytes) -> bool:
    """NDJSON when the name says so, or when the first non-empty line is a whole JSON value."""
    suffixes = [s.lower() for s in path.suffixes]
    if ".ndjson" in suffixes or ".jsonl" in suffixes:
        return True
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    end = text.find(b"\n")
    if end < 0:
        return False  # one (long or single-line) document: stream it
    try:
        json.loads(text[:end])
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    except (ValueError, RecursionError):
        return True  # a whole value (too deep, a number too long): read line by line, reported
    return True


def _read_lines(fh, file: str) -> Iterator[Record]:
    for number, raw in enumerate(fh, start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        raw = raw.rstrip()  # columns in messages count from the line's own start
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except UnicodeDecodeError:
            yield Record(file, number, error="geen geldige UTF-8-tekst")
            continue
        except json.JSONDecodeError as exc:
            yield Record(file, number, error=_json_reason(exc))
            continue
        except ValueError:  # an integer beyond Python's digit limit
            yield Record(file, number, error=TOO_LONG_NUMBER)
            continue
        except RecursionError:
            yield Record(file, number, error=TOO_DEEP)
            continue
        yield from _items(obj, file, number)


class _Malformed(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


class _JsonStream:
    """A cursor over a text stream, decoding one JSON value at a time from a sliding buffer."""

    def __init__(self, fh) -> None:
        self.fh = fh
        self.buf = ""
        self.pos = 0
        self.eof = False
        self._line = 1  # line number at buf[self._counted]
        self._counted = 0
        self.decoder = json.JSONDecoder()

    def line(self) -> int:
        """The line number of the cursor (counted incrementally, not from the file's start)."""
        if self.pos > self._counted:
            self._line += self.buf.count("\n", self._counted, self.pos)
            self._counted = self.pos
        return self._line

    def _fill(self) -> None:
        self.line()
        if self.pos > CHUNK // 2 or self.pos == len(self.buf):  # drop what was read
            self.buf = self.buf[self.pos :]
            self._counted -= self.pos
            self.pos = 0
        try:
            data = self.fh.read(CHUNK)
        except UnicodeDecodeError:
            raise _Malformed(self.line(), "geen geldige UTF-8-tekst") from None
        if data:
            self.buf += data
        else:
            self.eof = True

    def peek(self) -> str | None:
        """The next non-blank character (not consumed), or None at the end."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if self.eof:
                return None
            self._fill()

    def expect(self, chars: str) -> str:
        c = self.peek()
        if c is None or c not in chars:
            shown = "het einde van het bestand" if c is None else f"'{c}'"
            raise _Malformed(
                self.line(), f"{' of '.join(repr(x) for x in chars)} verwacht, {shown} gevonden"
            )
        self.pos += 1
        return c

    def value(self):
        """Decode the value at the cursor, reading more text while it is incomplete."""
        self.peek()
        while True:
            try:
                obj, end = self.decoder.raw_decode(self.buf, self.pos)
            except RecursionError:
                raise _Malformed(self.line(), TOO_DEEP) from None
            except json.JSONDecodeError as exc:
                if self.eof:
                    line = self.line() + exc.lineno - 1
                    raise _Malformed(line, _json_reason(exc)) from None
                if len(self.buf) - self.pos > MAX_ITEM:
                    raise _Malformed(self.line(), "een element is groter dan 64 MB") from None
                self._fill()
                continue
            except ValueError:  # an integer beyond Python's digit limit
                raise _Malformed(self.line(), TOO_LONG_NUMBER) from None
            if end == len(self.buf) and not self.eof and not isinstance(obj, dict | list):
                self._fill()  # a number or literal may go on in the next chunk
                continue
            self.pos = end
            return obj


def _read_stream(fh, file: str) -> Iterator[Record]:
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    stream = _JsonStream(text)
    try:
        while (c := stream.peek()) is not None:
            line = stream.line()
            if c == "[":
                stream.pos += 1
                yield from _array(stream, file)
            elif c == "{":
                stream.pos += 1
                yield from _object(stream, file, line)
            else:
                yield from _items(stream.value(), file, line)
    except _Malformed as exc:
        yield Record(file, exc.line, error=exc.reason + "; de rest van het bestand is niet gelezen")


def _array(stream: _JsonStream, file: str) -> Iterator[Record]:
    """The elements of an array whose '[' was consumed, one at a time."""
    if stream.peek() == "]":
        stream.pos += 1
        return
    while True:
        stream.peek()
        line = stream.line()
        yield _record(stream.value(), file, line)
        if stream.expect(",]") == "]":
            return


def _object(stream: _JsonStream, file: str, line: int) -> Iterator[Record]:
    """A top-level object whose '{' was consumed: a page's ``member`` list is streamed; any
    other object (one event) is collected and yielded whole."""
    fields: dict = {}
    paged = False
    if stream.peek() == "}":
        stream.pos += 1
    else:
        while True:
            key = stream.value()
            if not isinstance(key, str):
                raise _Malformed(stream.line(), "naam tussen aanhalingstekens verwacht")
            stream.expect(":")
            if key == "member" and stream.peek() == "[":
                stream.pos += 1
                paged = True
                yield from _array(stream, file)
            else:
                fields[key] = stream.value()
            if stream.expect(",}") == "}":
                break
    if not paged:
        yield from _items(fields, file, line)


# ------------------------------------------------------------------------------------------
# One event
# ------------------------------------------------------------------------------------------


def _short(value, limit: int = 40) -> str:
    """A value as text for a message, cut at ``limit`` characters."""
    shown = str(value) if not isinstance(value, dict | list) else json.dumps(value)[: limit + 1]
    return shown if len(shown) <= limit else shown[:limit] + "…"


def event_uuid(uri: str) -> str | None:
    """The uuid in an ``@id`` (``…/events/<uuid>`` or the older ``…/event/<uuid>``)."""
    found = _UUID.findall(uri)
    return found[-1].lower() if found else None


def kind_of(item: dict) -> str:
    """'event', 'place', 'organizer' or '' (unknown) from ``@type`` or the ``@id`` path."""
    kind = str(item.get("@type") or "").lower()
    if kind in ("event", "place", "organizer"):
        return kind
    uri = str(item.get("@id") or "")
    for part, name in (("/event", "event"), ("/place", "place"), ("/organizer", "organizer")):
        if part in uri:
            return name
    return ""


def parse_time(value, field: str) -> datetime:
    """An ISO 8601 date-time; a time without an offset is Brussels time, a bare date midnight."""
    if not isinstance(value, str):
        raise EventError(f"{field} ontbreekt of is geen tekst")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise EventError(f"{field} '{value[:40]}' is geen datum en tijd (ISO 8601)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BRUSSELS)
    try:
        moment.astimezone(BRUSSELS)  # every count works on the Brussels day
    except OverflowError:
        raise EventError(f"{field} '{value[:40]}' valt buiten de kalender") from None
    return moment


def _optional_time(obj: dict, field: str) -> datetime | None:
    value = obj.get(field)
    return None if value in (None, "") else parse_time(value, field)


def text(value, lang: str = "nl") -> str:
    """A language map's text (``nl`` first, then any) or a plain string."""
    if isinstance(value, dict):
        for v in (value.get(lang), *value.values()):
            if isinstance(v, str) and v:
                return v
        return ""
    return value if isinstance(value, str) else ""


def _status(value) -> str:
    if isinstance(value, dict):
        return str(value.get("type") or "Available")
    return str(value or "Available")


def _weekdays(opening_hours) -> frozenset[int] | None:
    if not opening_hours:
        return None
    if not isinstance(opening_hours, list):
        raise EventError("openingHours is geen lijst")
    days: set[int] = set()
    for entry in opening_hours:
        names = entry.get("dayOfWeek") if isinstance(entry, dict) else None
        if not isinstance(names, list):
            raise EventError("openingHours zonder dayOfWeek-lijst")
        for n in names:
            if str(n).lower() not in WEEKDAYS:
                raise EventError(f"openingHours: '{_short(n)}' is geen weekdag")
            days.add(WEEKDAYS[str(n).lower()])
    return frozenset(days)


def _period(start: datetime, end: datetime | None, cancelled: bool, where: str):
    end = end or start
    if end < start:
        raise EventError(f"{where}: einddatum ligt voor de begindatum")
    return (start, end, cancelled)


def _terms(terms, domain: str) -> tuple[tuple[str, str], ...]:
    found = []
    for term in terms:
        if isinstance(term, dict) and term.get("domain") == domain:
            tid = str(term.get("id") or "")
            found.append((tid, str(term.get("label") or tid)))
    return tuple(found)


def parse_event(item: dict) -> Event:
    """The counted fields of one JSON-LD event, or :class:`EventError` (Dutch reason)."""
    uri = item.get("@id")
    if not isinstance(uri, str) or not uri:
        raise EventError("@id ontbreekt")
    uid = event_uuid(uri)
    if uid is None:
        raise EventError(f"@id '{uri[:80]}' bevat geen uuid")
    calendar = item.get("calendarType")
    if calendar not in CALENDAR_TYPES:
        shown = "ontbreekt" if calendar is None else f"'{_short(calendar)}' is onbekend"
        raise EventError(f"calendarType {shown} (single, multiple, periodic of permanent)")
    periods: list[tuple[datetime, datetime, bool]] = []
    if calendar in ("single", "multiple"):
        subs = item.get("subEvent") or []
        if not isinstance(subs, list):
            raise EventError("subEvent is geen lijst")
        for i, sub in enumerate(subs, start=1):
            if not isinstance(sub, dict):
                raise EventError(f"subEvent {i} is geen object")
            start = parse_time(sub.get("startDate"), f"subEvent {i} startDate")
            end = _optional_time(sub, "endDate")
            cancelled = _status(sub.get("status")) == "Unavailable"
            periods.append(_period(start, end, cancelled, f"subEvent {i}"))
        if not periods:
            start = parse_time(item.get("startDate"), "startDate")
            periods.append(_period(start, _optional_time(item, "endDate"), False, "startDate"))
    elif calendar == "periodic":
        start = parse_time(item.get("startDate"), "startDate")
        end = parse_time(item.get("endDate"), "endDate")
        periods.append(_period(start, end, False, "startDate"))
    terms = item.get("terms") or []
    if not isinstance(terms, list):
        raise EventError("terms is geen lijst")
    location = item.get("location")
    if location is not None and not isinstance(location, dict):
        raise EventError(
            "location is geen object (een plaats met adres, zoals de Search API met embed=true "
            "ze geeft)"
        )
    organizer = item.get("organizer")
    return Event(
        id=uid,
        uri=uri,
        name=text(item.get("name"), str(item.get("mainLanguage") or "nl")),
        calendar=calendar,
        periods=tuple(periods),
        weekdays=_weekdays(item.get("openingHours")),
        available_from=_optional_time(item, "availableFrom"),
        available_to=_optional_time(item, "availableTo"),
        created=_optional_time(item, "created"),
        status=_status(item.get("status")),
        workflow=str(item.get("workflowStatus") or ""),
        attendance=str(item.get("attendanceMode") or "offline"),
        location=location if isinstance(location, dict) else None,
        organizer=organizer if isinstance(organizer, dict) else None,
        types=_terms(terms, "eventtype"),
        themes=_terms(terms, "theme"),
    )


def local_day(moment: datetime) -> date:
    """The calendar day in Brussels."""
    return moment.astimezone(BRUSSELS).date()


#: An end at or before this local time on a later day belongs to the day before (a concert
#: from 20:00 to 02:00 is one event-day).
NIGHT_ENDS = time(6, 0)
