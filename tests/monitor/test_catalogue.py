"""The indicator catalogue: the starting set and the indicators of the real files."""

import csv
from pathlib import Path

import pytest

from samenspel.monitor.catalogue import (
    SETS,
    STARTING_SET,
    describe_file_indicator,
    label,
    starting_set,
)

REAL = Path("/work/shared/data/indicators")


def test_starting_set_covers_the_issue_list():
    codes = starting_set()
    assert len(codes) == len(STARTING_SET)  # unique codes
    for code in (
        "ACT_AANTAL",  # activities
        "ACT_PER_1000",  # activities per 1.000 inhabitants
        "ACT_BUITEN_CENTRUMSTAD",  # share outside the centrumstad
        "ACT_COORGANISATIE",  # co-organised with partners from two or more municipalities
        "DEELNEMERS",  # participants
        "BEREIK_BUITEN_GASTGEMEENTE",  # reach outside the host municipality
        "CULTUURBUDGET_PER_INW",  # budget per inhabitant
        "STEUN_KLEINE_GEMEENTEN",  # support given to small municipalities
        "IGS_BIJDRAGE",
        "IGS_UITGAVEN",
    ):
        d = codes[code]
        for f in ("name", "definition", "unit", "source", "reference", "frequency"):
            assert getattr(d, f), (code, f)
    assert codes["ACT_BUITEN_CENTRUMSTAD"].level == "igs"
    assert codes["STEUN_KLEINE_GEMEENTEN"].level == "igs"
    assert codes["ACT_AANTAL"].level == "municipality"
    assert codes["ACT_AANTAL"].kind == "register" and codes["DEELNEMERS"].kind == "own"
    assert codes["ACT_AANTAL"].whole_numbers and not codes["IGS_BIJDRAGE"].allow_negative
    assert label("own") == "eigen registratie" and label("up") == "hoger is beter"


def test_sets_list_only_known_codes():
    known = starting_set()
    assert SETS["activiteiten"][1] == (
        "ACT_AANTAL",
        "ACT_COORGANISATIE",
        "DEELNEMERS",
        "BEREIK_BUITEN_GASTGEMEENTE",
    )
    for _title, codes in SETS.values():
        assert all(c in known for c in codes)


def test_survey_indicator_carries_the_merger_caveat():
    d = describe_file_indicator("GSM_CU_S_08")
    assert d.name == "Tevredenheid over culturele voorzieningen"
    assert d.kind == "survey" and d.direction == "up" and d.unit == "% van de respondenten"
    assert d.reference == "2023 (bevraging)"
    assert "één waarde per gemeente van vóór de fusie" in d.caveat
    assert "Stadsmonitor-variant" in d.caveat


def test_visit_indicator_is_labelled_derived():
    d = describe_file_indicator("GSM_CU_S_03", "github:x/y@abc:f.RDS")
    assert d.name == "Bibliotheekbezoek in de eigen gemeente (afgeleid)"
    assert "100 min het percentage 'Nooit'" in d.caveat
    assert "Niet aanwezig in mijn gemeente" in d.caveat
    assert d.source_url == "github:x/y@abc:f.RDS"


def test_finance_indicators():
    jr = describe_file_indicator("BBC_JR_INV_BV070")
    assert jr.name == (
        "Investeringen per inwoner (jaarrekening), beleidsveld 070 Culturele instellingen"
    )
    assert jr.direction == "neutral" and jr.allow_negative
    assert jr.caveat.startswith("Enkel investeringen, geen werkingsuitgaven.")
    assert "ontbrekende waarde betekent nul of niet gerapporteerd" in jr.caveat
    total = describe_file_indicator("BBC_JR_INV_TOTAAL")
    assert "alle beleidsdomeinen" in total.name and "fusies inbegrepen" in total.caveat
    mjp = describe_file_indicator("BBC_MJP2020_INV_0703_EUR_INW")
    assert mjp.name == (
        "Geplande investeringen per inwoner (meerjarenplan 2020), 0703 Openbare bibliotheken"
    )
    assert mjp.unit == "EUR per inwoner"
    assert mjp.caveat.startswith("Geplande investeringen uit het meerjarenplan, geen gerealiseerde")
    assert describe_file_indicator("BBC_MJP2026_INV_0701_EUR").unit == "EUR"


@pytest.mark.parametrize(
    "code", ["GSM_CU_S_99", "BBC_MJP2020_INV_0799_EUR", "BBC_JR_INV_BV079", "ONBEKEND"]
)
def test_unknown_codes_are_refused(code):
    with pytest.raises(ValueError):
        describe_file_indicator(code)


@pytest.mark.skipif(not REAL.exists(), reason="geen databundel in /work/shared/data")
def test_every_code_of_the_real_files_is_described():
    codes = set()
    for f in REAL.glob("*.csv"):
        with f.open(encoding="utf-8") as fh:
            codes |= {r["indicator_code"] for r in csv.DictReader(fh)}
    # 12 survey items + 5 visits + 8 annual-accounts codes + the multi-year plan codes
    assert len(codes) == 141
    for code in codes:
        assert describe_file_indicator(code).code == code
