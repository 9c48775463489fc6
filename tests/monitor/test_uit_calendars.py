"""Event-days per calendar type (rules in samenspel.monitor.uit_counts), counted by hand."""

from datetime import date

import pytest

from samenspel.monitor.uit import EventError, parse_event
from samenspel.monitor.uit_counts import count_days, days_per_year
from tests.monitor.uitdata import event


def days(doc, reference_year=2025, years=None):
    return days_per_year(parse_event(doc), reference_year, years)


def test_single_evening_into_the_night_is_one_day():
    # 14/03/2025 20:00 to 15/03/2025 01:30: the end before 06:00 belongs to the 14th → 1 day
    doc = event(1, start="2025-03-14T20:00:00+01:00", end="2025-03-15T01:30:00+01:00")
    assert days(doc) == {2025: 1}


def test_single_uses_the_day_in_brussels_not_utc():
    # 31/07/2025 22:30 UTC is 01/08/2025 00:30 in Brussels (summer time, +2): one day, in August
    doc = event(1, start="2025-07-31T22:30:00+00:00", end="2025-08-01T02:00:00+00:00")
    ev = parse_event(doc)
    assert days_per_year(ev, 2025) == {2025: 1}
    from samenspel.monitor.uit import local_day

    assert local_day(ev.periods[0][0]) == date(2025, 8, 1)


def test_single_over_new_year_counts_in_both_years():
    # 31/12/2025 10:00 to 02/01/2026 18:00: 31/12 in 2025 (1 day); 01/01 and 02/01 in 2026 (2)
    doc = event(1, start="2025-12-31T10:00:00+01:00", end="2026-01-02T18:00:00+01:00")
    assert days(doc) == {2025: 1, 2026: 2}
    assert days(doc, years=[2026]) == {2026: 2}


def test_multiple_counts_distinct_days_and_skips_cancelled_sub_events():
    sub = [
        ("2025-05-02T14:00:00+02:00", "2025-05-02T16:00:00+02:00"),  # 2 May (matinee)
        ("2025-05-02T20:00:00+02:00", "2025-05-02T22:00:00+02:00"),  # 2 May again
        ("2025-05-03T20:00:00+02:00", "2025-05-03T23:00:00+02:00"),  # 3 May
        ("2025-05-10T20:00:00+02:00", "2025-05-10T23:00:00+02:00", "Unavailable"),  # cancelled
        ("2025-05-03T10:00:00+02:00", "2025-05-04T12:00:00+02:00"),  # 3 and 4 May
    ]
    # days {2, 3, 4 May} = 3; 10 May is cancelled
    assert days(event(1, calendar="multiple", sub=sub)) == {2025: 3}


def test_multiple_all_cancelled_has_no_days():
    sub = [("2025-05-10T20:00:00+02:00", "2025-05-10T23:00:00+02:00", "Unavailable")]
    assert days(event(1, calendar="multiple", sub=sub)) == {}


def test_periodic_counts_opening_weekdays():
    # 01/06/2025 (a Sunday) to 30/06/2025, open Saturday and Sunday:
    # 1, 7, 8, 14, 15, 21, 22, 28, 29 June = 9 days
    doc = event(
        1,
        calendar="periodic",
        start="2025-06-01T00:00:00+02:00",
        end="2025-06-30T23:59:59+02:00",
        opening=["saturday", "sunday"],
    )
    assert days(doc) == {2025: 9}


def test_periodic_without_opening_hours_is_every_day():
    # 20/12/2025 to 05/01/2026: 12 days in 2025 (20–31) and 5 in 2026
    doc = event(
        1, calendar="periodic", start="2025-12-20T00:00:00+01:00", end="2026-01-05T23:59:59+01:00"
    )
    assert days(doc) == {2025: 12, 2026: 5}


def test_permanent_counts_until_the_reference_year():
    # open Wednesday–Sunday from 01/06/2024, no availableTo (= 2100), reference year 2025:
    # 2024: 01/06 (Sat) – 31/12 (Tue) = 214 days = 30 weeks (150 open days) + Sat Sun Mon Tue
    #       (Sat, Sun open) = 152
    # 2025: 365 days = 52 weeks (260) + 31/12/2025, a Wednesday (open) = 261
    # 2026 and later: not counted (after the reference year)
    doc = event(
        1,
        calendar="permanent",
        opening=["wednesday", "thursday", "friday", "saturday", "sunday"],
        availableFrom="2024-06-01T00:00:00+02:00",
    )
    assert days(doc) == {2024: 152, 2025: 261}
    assert days(doc, years=[2025]) == {2025: 261}


def test_permanent_ends_at_available_to():
    # from 01/01/2025 to 31/03/2025, no opening hours: 31 + 28 + 31 = 90 days
    doc = event(
        1,
        calendar="permanent",
        availableFrom="2025-01-01T00:00:00+01:00",
        availableTo="2025-03-31T23:59:59+02:00",
    )
    assert days(doc) == {2025: 90}


def test_cancelled_event_has_no_days():
    assert days(event(1, status="Unavailable")) == {}


def test_count_days_by_weekday():
    # Monday 06/01/2025 to Sunday 19/01/2025: two weeks, Mondays only → 2
    assert count_days(date(2025, 1, 6), date(2025, 1, 19), frozenset({0})) == 2
    assert count_days(date(2025, 1, 6), date(2025, 1, 5), None) == 0


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"calendarType": "sometimes"}, "calendarType 'sometimes' is onbekend"),
        ({"calendarType": None}, "calendarType ontbreekt"),
        ({"@id": "https://io.uitdatabank.be/events/geen-uuid"}, "bevat geen uuid"),
        ({"startDate": "gisteren", "subEvent": []}, "startDate 'gisteren' is geen datum"),
        (
            {
                "subEvent": [
                    {
                        "startDate": "2025-03-14T20:00:00+01:00",
                        "endDate": "2025-03-13T20:00:00+01:00",
                    }
                ]
            },
            "subEvent 1: einddatum ligt voor de begindatum",
        ),
        ({"openingHours": [{"dayOfWeek": ["maandag"]}]}, "'maandag' is geen weekdag"),
    ],
)
def test_unusable_events_give_a_dutch_reason(change, reason):
    doc = event(1)
    doc.update(change)
    with pytest.raises(EventError, match=reason):
        parse_event(doc)


def test_periodic_like_the_search_api_example():
    # Kasteel van Horst (search-v3 example): 28/11/2017 00:00 to 28/11/2018 00:00, open
    # Wednesday–Sunday. The end at midnight does not add 28/11/2018.
    # 2017: 28/11 (Tue) – 31/12 = 34 days = 4 weeks (20) + Tue..Sun from 26/12 (Wed–Sun: 5) = 25
    # 2018: 01/01 (Mon) – 27/11 (Tue) = 331 days = 47 weeks (235) + Mon, Tue (closed) = 235
    doc = event(
        1,
        calendar="periodic",
        start="2017-11-28T00:00:00+01:00",
        end="2018-11-28T00:00:00+01:00",
        opening=["wednesday", "thursday", "friday", "saturday", "sunday"],
    )
    assert days(doc, reference_year=2018) == {2017: 25, 2018: 235}
