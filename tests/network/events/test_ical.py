"""The iCalendar writer against the rules of RFC 5545, with the expected text written by hand.

Times: Belgium is UTC+1 in winter (CET) and UTC+2 in summer (CEST, from the last Sunday of March
to the last Sunday of October), so 5 March 2026 09:30 in Brussels is 08:30 UTC and 18 June 2026
19:00 is 17:00 UTC.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from samenspel.network.events import ical

BXL = ZoneInfo("Europe/Brussels")
GENERATED = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)

# "SUMMARY:" (8 octets) + the escaped title: the 75th octet is the first byte of "é" (2 octets
# in UTF-8), so the first line stops after 74 octets and the next starts with " é". Counted:
# "Lerend netwerk bovenlokale cultuur: " is 36, "stad en randgemeenten samen" 27, "\; " 3:
# 8 + 36 + 27 + 3 = 74.
TITLE = "Lerend netwerk bovenlokale cultuur: stad en randgemeenten samen; één plan voor de regio"


def _event(**kw) -> ical.IcsEvent:
    values = dict(
        uid="event-7@samenspel",
        start=dt.datetime(2026, 3, 5, 9, 30, tzinfo=BXL),
        end=dt.datetime(2026, 3, 5, 16, 0, tzinfo=BXL),
        summary=TITLE,
        description="Programma:\nkoffie, voorstelling; gesprek\\debat",
        location="CC De Spil, Roeselare",
        url="https://samenspel.example/netwerk/ontmoetingen/7/",
        last_modified=dt.datetime(2026, 11, 30, 10, 15, tzinfo=BXL),
    )
    values.update(kw)
    return ical.IcsEvent(**values)


def test_one_event_exactly_as_written_by_hand():
    expected = (
        "BEGIN:VCALENDAR\r\n"
        "PRODID:-//Samenspel//Ontmoetingen bovenlokale cultuur//NL\r\n"
        "VERSION:2.0\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "METHOD:PUBLISH\r\n"
        "X-WR-CALNAME:Samenspel – ontmoetingen\r\n"
        "BEGIN:VEVENT\r\n"
        "UID:event-7@samenspel\r\n"
        "DTSTAMP:20261202T120000Z\r\n"
        "DTSTART:20260305T083000Z\r\n"
        "DTEND:20260305T150000Z\r\n"
        "SUMMARY:Lerend netwerk bovenlokale cultuur: stad en randgemeenten samen\\; \r\n"
        " één plan voor de regio\r\n"
        "DESCRIPTION:Programma:\\nkoffie\\, voorstelling\\; gesprek\\\\debat\r\n"
        "LOCATION:CC De Spil\\, Roeselare\r\n"
        "URL:https://samenspel.example/netwerk/ontmoetingen/7/\r\n"
        "LAST-MODIFIED:20261130T091500Z\r\n"
        "STATUS:CONFIRMED\r\n"
        "END:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    text = ical.calendar([_event()], generated=GENERATED, name="Samenspel – ontmoetingen")
    assert text == expected
    first_summary_line = text.split("\r\n")[11]
    assert len(first_summary_line.encode("utf-8")) == 74  # 75 would split the "é"


def test_summer_time_is_two_hours_ahead_of_utc_and_cancelled_status():
    ev = _event(
        start=dt.datetime(2026, 6, 18, 19, 0, tzinfo=BXL),
        end=dt.datetime(2026, 6, 18, 22, 30, tzinfo=BXL),
        status="CANCELLED",
        description="",
        location="",
        url="",
        summary="Netwerkborrel",
    )
    lines = ical.unfold(ical.calendar([ev], generated=GENERATED))
    assert "DTSTART:20260618T170000Z" in lines
    assert "DTEND:20260618T203000Z" in lines
    assert "STATUS:CANCELLED" in lines
    # empty optional properties are left out, not written empty
    assert not [x for x in lines if x.startswith(("DESCRIPTION", "LOCATION", "URL"))]


def test_every_line_is_at_most_75_octets_and_ends_in_crlf_and_unfolds_back():
    long_text = "Wat werkte: " + "één gedeelde agenda; " * 20 + "🎭 einde"
    text = ical.calendar([_event(description=long_text)], generated=GENERATED)
    assert text.endswith("\r\n")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert "\n" not in text.replace("\r\n", "")  # no bare LF, no bare CR
    assert "\r" not in text.replace("\r\n", "")
    lines = ical.unfold(text)
    assert f"DESCRIPTION:{ical.escape_text(long_text)}" in lines
    # every physical line decodes on its own: no multi-octet character was cut
    for line in physical:
        line.encode("utf-8").decode("utf-8", errors="strict")


def test_fold_at_exact_boundaries():
    # 75 octets fit on one line; 76 need a second line " X".
    assert ical.fold("A" * 75) == "A" * 75 + "\r\n"
    assert ical.fold("A" * 76) == "A" * 75 + "\r\n A\r\n"
    # 200 octets: 75, then 74 after the space, then 51 (75 + 74 + 51 = 200)
    assert ical.fold("B" * 200) == "B" * 75 + "\r\n " + "B" * 74 + "\r\n " + "B" * 51 + "\r\n"
    # a 4-octet character at octets 73-76 moves to the next line whole
    assert ical.fold("C" * 72 + "🎭" + "D") == "C" * 72 + "\r\n 🎭D\r\n"


def test_escaping_of_text_values():
    assert ical.escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    # other control characters are not allowed in TEXT; a tab is
    assert ical.escape_text("x\x00y\x07z\tw") == "xyz\tw"


def test_uid_and_url_cannot_break_the_line_structure():
    ev = _event(uid="event-8@samenspel\r\nX-EVIL:1", url="https://a.example/x y\r\nX-EVIL:2")
    lines = ical.unfold(ical.calendar([ev], generated=GENERATED))
    assert not [x for x in lines if x.startswith("X-EVIL")]
    assert "UID:event-8@samenspelX-EVIL:1" in lines


def test_naive_datetimes_and_end_before_start_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        ical.calendar([_event(start=dt.datetime(2026, 3, 5, 9, 30))], generated=GENERATED)
    with pytest.raises(ValueError, match="end before it starts"):
        ical.calendar([_event(end=dt.datetime(2026, 3, 5, 9, 0, tzinfo=BXL))], generated=GENERATED)
    with pytest.raises(ValueError, match="STATUS"):
        ical.calendar([_event(status="MAYBE")], generated=GENERATED)
