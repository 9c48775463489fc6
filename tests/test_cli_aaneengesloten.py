"""``--aaneengesloten``: the assumption (no source) that a 2027 IGS must be one contiguous area.

The synthetic bundle is changed so that the IGS 'los' is Gent (44021, 270.000 inhabitants) and
Nazareth (part of Nazareth-De Pinte, 44086): both in Regio Gent, but Merelbeke-Melle lies between
them, so the area is two separate pieces. Under the 2027 rules as the sources state them, 'los'
qualifies (270.000 ≥ 85.000 inhabitants in one referentieregio; contiguity is only advice) and
gets 0,90 € × 270.000 = 243.000 €; with the assumption it does not qualify and gets nothing.
"""

import io
import json

import pytest

from samenspel.cli import main
from tests.fixtures.bundle import edit_csv


def run(*argv):
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture
def two_pieces(bundle_dir, transactional_db):
    members = bundle_dir / "cultuur/igs-leden-2020-2025.csv"
    # Lines 9 and 10 are the two members of 'los' (Eeklo, Voeren).
    for column, value in [
        ("member_name", "Gent"),
        ("member_refnis", "44021"),
        ("refnis_2025", "44021"),
        ("name_2025", "Gent"),
    ]:
        edit_csv(members, 9, column, value)
    for column, value in [
        ("member_name", "Nazareth"),
        ("member_refnis", "44048"),
        ("refnis_2025", "44086"),
        ("name_2025", "Nazareth-De Pinte"),
    ]:
        edit_csv(members, 10, column, value)
    code, _ = run("data", "load", str(bundle_dir))
    assert code == 0


def eligibility(*extra):
    code, text = run(
        "atlas",
        "eligibility",
        "--rules",
        "2027",
        "--date",
        "2027-06-01",
        *extra,
        "--format",
        "json",
    )
    assert code == 0
    return {row["slug"]: row for row in json.loads(text)}["los"]


def test_eligibility_without_the_assumption_follows_the_sources(two_pieces):
    los = eligibility()
    assert los["contiguous"] is False
    assert los["eligible"] is True
    assert los["subsidy_eur"] == 243_000


def test_eligibility_with_aaneengesloten_refuses_two_pieces(two_pieces):
    los = eligibility("--aaneengesloten")
    assert los["eligible"] is False
    assert los["subsidy_eur"] == 0
    assert any("geen aaneengesloten gebied" in r for r in los["reasons"])


def test_eligibility_text_says_which_reading_is_in_force(two_pieces):
    code, text = run(
        "atlas", "eligibility", "--rules", "2027", "--date", "2027-06-01", "--aaneengesloten"
    )
    assert code == 0
    assert "Strengere lezing (aanname, geen bron)" in text


def test_verdeelsleutel_group_verdict_follows_the_assumption(two_pieces):
    """Gent + Nazareth-De Pinte (298.000 inhabitants, one region, two pieces) as one group:
    0,90 € × 298.000 = 268.200 € under the sources' reading, nothing with the assumption."""
    argv = (
        "verdeelsleutel", "--gemeenten", "44021,44086", "--sleutel", "inwoners",
        "--date", "2027-06-01", "--format", "json",
    )  # fmt: skip
    code, text = run(*argv)
    assert code == 0
    data = json.loads(text)
    assert data["assumptions"] == []
    assert data["group"]["eligible"] is True
    assert data["group"]["subsidy_eur"] == 268_200

    code, text = run(*argv, "--aaneengesloten")
    assert code == 0
    data = json.loads(text)
    assert data["assumptions"] == ["aaneengesloten"]
    assert data["group"]["eligible"] is False
    assert data["group"]["subsidy_eur"] == 0


def test_help_explains_the_flag_is_an_assumption(capsys):
    with pytest.raises(SystemExit):
        main(["verdeelsleutel", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert (
        "--aaneengesloten neem aan dat een IGS vanaf 2027 één aaneengesloten gebied moet zijn "
        "(geen bron stelt dit; standaard uit)" in text
    )


@pytest.mark.django_db(transaction=True)
def test_a_date_outside_the_data_gets_a_warning_and_the_nearest_date(bundle_dir, capsys):
    import io

    from samenspel.cli import main

    main(["data", "load", str(bundle_dir)], out=io.StringIO())
    out = io.StringIO()
    assert main(["atlas", "coverage", "--date", "2099-01-01", "--format", "json"], out=out) == 0
    assert '"date": "2032-12-31"' in out.getvalue()
    assert "2099 valt daarbuiten. Samenspel toont 31/12/2032." in capsys.readouterr().err
