"""Hostile input on the Monitor pages (review r3), on the synthetic bundle
(tests/fixtures/bundle.py).

The fuzzing of every route (odd and huge values, repeated parameters, other users' objects)
found the problems these tests keep fixed.
"""

from __future__ import annotations

import pytest

from tests.monitor.test_eigen import own
from tests.people import user_with


@pytest.fixture
def client_in(client, loaded, django_user_model):
    client.force_login(user_with("r3", ("igs_coordinator", "noord")))
    own()  # NOORD_UITLEEN, an own indicator of Cultuur Noord per municipality
    return client


# "²" and "²⁰²⁴" are digits for str.isdigit() but not for int(): before, every page that
# checked a year with isdigit() and then called int() answered 500.
@pytest.mark.parametrize(
    "url, message",
    [
        ("/monitor/igs/noord/?jaar=²⁰²⁴", "is geen geldig jaar"),
        ("/monitor/gemeente/44021/?jaar=²⁰²⁴", "is geen geldig jaar"),
        ("/monitor/groep/?gemeenten=Gent,Eeklo&jaar=²⁰²⁴", "is geen geldig jaar"),
        ("/monitor/verhalen/?jaar=²⁰²⁴", "is geen jaar tussen 1990"),
        ("/monitor/invoer/?indicator=NOORD_UITLEEN&igs=noord&jaar=²⁰²⁴", "jaar"),
    ],
)
def test_superscript_digits_in_a_year_get_a_dutch_400(client_in, url, message):
    r = client_in.get(url)
    assert r.status_code == 400
    assert message in r.content.decode()


def test_superscript_digits_in_the_year_of_a_new_story_are_ignored(client_in):
    # ?jaar= only fills in the form; a year it cannot read leaves the field empty
    r = client_in.get("/monitor/verhalen/nieuw/?igs=noord&jaar=²⁰²⁴")
    assert r.status_code == 200
    assert 'name="van" value="' not in r.content.decode()
    r = client_in.get("/monitor/verhalen/nieuw/?igs=noord&jaar=2024")
    assert 'name="van" value="2024"' in r.content.decode()


# Python refuses int() of a string of more than 4.300 digits (ValueError): before, a year of
# 5.000 nines on the list of stories, or on the form of a new one, answered 500.
def test_a_year_of_five_thousand_digits_is_refused_on_the_list_of_stories(client_in):
    r = client_in.get("/monitor/verhalen/", {"jaar": "9" * 5000})
    assert r.status_code == 400
    # the message quotes at most the first 20 characters of what was given
    assert f"“{'9' * 20}” is geen jaar tussen 1990 en 2100." in r.content.decode()


def test_a_year_of_five_thousand_digits_is_ignored_on_the_form_of_a_new_story(client_in):
    r = client_in.get("/monitor/verhalen/nieuw/", {"jaar": "9" * 5000})
    assert r.status_code == 200
    assert 'name="van" value="' not in r.content.decode()


# A story keeps its indicators as ",CODE,CODE," in a field of 2.000 characters: 40 codes of
# 59 characters are 1 + 40 × (59 + 1) = 2.401 characters. Before, SQLite stored them anyway
# and PostgreSQL answered 500 (value too long); now the form says how many fit.
def test_forty_long_indicator_codes_on_one_story_are_refused(client_in):
    from samenspel.monitor.models import Indicator, Story

    codes = [f"NOORD_{i:02d}_" + "X" * 50 for i in range(40)]  # 6 + 3 + 50 = 59 characters
    for c in codes:
        Indicator.objects.create(code=c, name=c, kind="own", level="municipality", igs="noord")
    r = client_in.post(
        "/monitor/verhalen/nieuw/",
        {
            "titel": "Veel",
            "tekst": "Een verhaal.",
            "verteller": "Bert",
            "igs": "noord",
            "van": "2024",
            "indicatoren": codes,
        },
    )
    assert r.status_code == 400
    assert "Te veel indicatoren" in r.content.decode()
    assert not Story.objects.exists()
