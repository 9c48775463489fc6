"""The samenspel CLI: JSON for scripts, Dutch messages and exit codes for people."""

import io
import json

import pytest

from samenspel.cli import main
from tests.fixtures.bundle import edit_csv


def run(*argv):
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_load_then_coverage_json(bundle_dir):
    code, _ = run("data", "load", str(bundle_dir))
    assert code == 0
    code, text = run("atlas", "coverage", "--date", "2026-11-28", "--format", "json")
    assert code == 0
    data = json.loads(text)
    assert data["date"] == "2026-11-28"
    assert data["municipalities_total"] == 8
    assert data["municipalities_covered"] == 5
    assert data["municipalities_partly_covered"] == 2
    assert data["population_total"] == 460_000
    assert data["population_covered"] == 365_000
    assert data["population_partly_covered"] == 67_000
    assert data["centrumsteden_in_igs"] == ["44021"]
    per_igs = {p["slug"]: p for p in data["per_igs"]}
    assert per_igs["noord"]["members"] == ["43005", "44019", "44084"]
    assert per_igs["noord"]["population"] == 90_000
    assert per_igs["zuid"]["members"] == ["44021"]
    assert per_igs["zuid"]["members_partly"] == ["44088"]


@pytest.mark.django_db(transaction=True)
def test_eligibility_json(bundle_dir):
    run("data", "load", str(bundle_dir))
    code, text = run(
        "atlas", "eligibility", "--rules", "2027", "--date", "2026-11-28", "--format", "json"
    )
    assert code == 0
    rows = {r["slug"]: r for r in json.loads(text)}
    assert set(rows) == {"noord", "zuid", "los"}
    assert rows["noord"]["eligible"] is True
    assert rows["noord"]["subsidy_eur"] == 100_000
    assert rows["noord"]["min_cofinancing_eur"] == 75_000
    assert rows["zuid"]["referentieregios"] == {"Regio Gent": 1, "Vlaamse Ardennen": 1}
    assert rows["los"]["contiguous"] is False
    assert rows["los"]["transition_eligible"] is False
    assert rows["los"]["population"] == 25_000  # Eeklo 20.000 + Voeren 5.000


@pytest.mark.django_db(transaction=True)
def test_bad_bundle_exit_code_and_message(bundle_dir, capsys):
    edit_csv(bundle_dir / "flanders/municipalities-2025.csv", 3, "population", "-12")
    code, _ = run("data", "load", str(bundle_dir))
    assert code == 2
    err = capsys.readouterr().err
    assert "Er is niets gewijzigd" in err
    assert "flanders/municipalities-2025.csv, regel 3, veld 'population'" in err


@pytest.mark.django_db(transaction=True)
def test_no_data_says_how_to_load(capsys):
    code, _ = run("atlas", "coverage")
    assert code == 1
    assert "samenspel data load" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_text_output_uses_belgian_numbers(bundle_dir):
    run("data", "load", str(bundle_dir))
    code, text = run("atlas", "coverage", "--date", "2026-11-28")
    assert code == 0
    assert "460.000" in text and "365.000" in text
