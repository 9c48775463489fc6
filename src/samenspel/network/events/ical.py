"""An iCalendar (RFC 5545) writer for the network events: one event or a whole feed (pure: no
Django).

What it writes, and the rule of RFC 5545 behind each choice:

- ``VCALENDAR`` with ``PRODID``, ``VERSION:2.0`` (§3.7.3, §3.7.4, both required),
  ``CALSCALE:GREGORIAN`` (§3.7.1) and ``METHOD:PUBLISH`` (§3.7.2; RFC 5546: a published
  calendar, nobody is asked to reply).
- Each ``VEVENT`` has ``UID`` (§3.8.4.7, stable: ``event-<pk>@samenspel``, so that a calendar
  that subscribes to the feed updates the event instead of adding it twice) and ``DTSTAMP``
  (§3.8.7.2, required with METHOD), both in UTC.
- ``DTSTART``/``DTEND`` in UTC, in the form ``19980119T070000Z`` (§3.3.5, "FORM #2: DATE WITH UTC
  TIME"): a calendar program shows them in its own time zone, and no ``VTIMEZONE`` is needed.
- ``SUMMARY``, ``DESCRIPTION``, ``LOCATION`` are TEXT (§3.3.11): a backslash, semicolon and comma
  are escaped with a backslash and a line break becomes ``\\n``. Other control characters are
  not allowed in TEXT and are dropped.
- ``URL`` (§3.8.4.6), ``LAST-MODIFIED`` (§3.8.7.3, UTC), ``STATUS`` (§3.8.1.11: ``CONFIRMED``,
  ``TENTATIVE`` or ``CANCELLED``).
- Content lines end in CRLF (§3.1) and are folded so that no line is longer than 75 octets
  without its line break: a longer line continues on the next one after CRLF and one space, and
  a line is never split inside a multi-byte UTF-8 character (§3.1: "Multi-octet characters MUST
  NOT be split"). The whole calendar is UTF-8 (§6).

Worked example (see ``tests/network/events/test_ical.py``): a SUMMARY whose 75th octet is the
first byte of "é" (two octets in UTF-8) is cut before the "é", so the first line holds 74 octets
and the second starts with a space and the "é".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//Samenspel//Ontmoetingen bovenlokale cultuur//NL"
MAX_OCTETS = 75
CRLF = "\r\n"
STATUSES = ("CONFIRMED", "TENTATIVE", "CANCELLED")


@dataclass(frozen=True)
class IcsEvent:
    """One event as the calendar needs it. Datetimes must be timezone-aware."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    last_modified: dt.datetime
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = "CONFIRMED"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): ``\\`` → ``\\\\``, ``;`` → ``\\;``, ``,`` → ``\\,``,
    a line break (CRLF, CR or LF) → ``\\n``; other control characters except TAB dropped.

    >>> escape_text("Gent; Brugge, Kortrijk\\nC:\\\\map")
    'Gent\\\\; Brugge\\\\, Kortrijk\\\\nC:\\\\\\\\map'
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch in ";,":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t" or not _is_control(ch):
            out.append(ch)
    return "".join(out)


def _is_control(ch: str) -> bool:
    code = ord(ch)
    return code < 0x20 or code == 0x7F


def _plain_uri(value: str) -> str:
    """A URI value is not escaped (§3.3.13); only control characters and spaces are removed so
    that it cannot break the line structure."""
    return "".join(ch for ch in value if not _is_control(ch) and ch != " ")


def utc_stamp(moment: dt.datetime) -> str:
    """``2026-03-05 14:00 Europe/Brussels`` → ``20260305T130000Z`` (§3.3.5, UTC form)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("An iCalendar time needs a timezone-aware datetime.")
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """One content line folded at 75 octets (§3.1), with CRLF after every physical line.

    The first physical line holds at most 75 octets; every continuation line starts with one
    space and holds at most 74 more, so it is 75 octets long as well. A character is never cut
    in the middle of its UTF-8 bytes.
    """
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_OCTETS
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(ch)
        size += n
    pieces.append("".join(current))
    return pieces[0] + CRLF + "".join(" " + p + CRLF for p in pieces[1:])


def _vevent(ev: IcsEvent, stamp: str) -> list[str]:
    if ev.status not in STATUSES:
        raise ValueError(f"Unknown STATUS {ev.status!r}; use one of {', '.join(STATUSES)}.")
    start, end = utc_stamp(ev.start), utc_stamp(ev.end)  # refuses naive datetimes first
    if end < start:  # same fixed-width UTC form: text order is time order
        raise ValueError("An event cannot end before it starts.")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_plain_uri(ev.uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{start}",
        f"DTEND:{end}",
        f"SUMMARY:{escape_text(ev.summary)}",
    ]
    if ev.description:
        lines.append(f"DESCRIPTION:{escape_text(ev.description)}")
    if ev.location:
        lines.append(f"LOCATION:{escape_text(ev.location)}")
    if ev.url:
        lines.append(f"URL:{_plain_uri(ev.url)}")
    lines.append(f"LAST-MODIFIED:{utc_stamp(ev.last_modified)}")
    lines.append(f"STATUS:{ev.status}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[IcsEvent], *, generated: dt.datetime, name: str = "") -> str:
    """The whole calendar as text (CRLF line endings, folded); encode it as UTF-8 to send it.

    ``generated`` is the DTSTAMP of every event (with METHOD:PUBLISH: when the calendar was
    made); ``name`` becomes ``X-WR-CALNAME``, the name most calendar programs show for a feed.
    """
    stamp = utc_stamp(generated)
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for ev in events:
        lines.extend(_vevent(ev, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def unfold(text: str) -> list[str]:
    """The content lines of a calendar with the folding undone (§3.1: a CRLF followed by one
    space or tab is removed). For checks and tests."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]
