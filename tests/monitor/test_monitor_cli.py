"""``samenspel monitor import`` and ``samenspel monitor balans`` on the synthetic bundle.

In 2024 Cultuur Zuid has two partners (both Melle and Merelbeke are members on 1 January 2024):
Gent (centrumstad, 270.000 inhabitants) and Merelbeke-Melle (42.000); Cultuur Noord has Eeklo
(20.000), Evergem (40.000) and Aalter (30.000) and no centrumstad."""

import io
import json

import pytest

from samenspel.cli import main
from samenspel.monitor.models import ImportBatch, Measurement


def run(*argv):
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def write(tmp_path, name, *lines):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def zuid_2024(tmp_path, bundle_dir):
    assert run("data", "load", str(bundle_dir))[0] == 0
    act = write(tmp_path, "act.csv", "refnis;jaar;ACT_AANTAL", "44021;2024;300", "44088;2024;12")
    bij = write(
        tmp_path, "bij.csv", "refnis;jaar;IGS_BIJDRAGE", "44021;2024;27.000", "44088;2024;3.000"
    )
    return act, bij


@pytest.mark.django_db(transaction=True)
def test_import_then_again(zuid_2024):
    act, _ = zuid_2024
    assert run("monitor", "import", act) == (0, "act.csv: 2 metingen ingelezen (ACT_AANTAL).\n")
    code, text = run("monitor", "import", act)
    assert code == 0
    assert text.startswith("act.csv is al ingelezen op ")
    assert text.endswith("(2 metingen); er is niets gewijzigd.\n")
    assert Measurement.objects.count() == 2 and ImportBatch.objects.filter(kind="file").count() == 1
    code, text = run("monitor", "import", act, "--format", "json")
    data = json.loads(text)
    assert data["al_ingelezen"] is True and data["ingelezen"] == 0
    assert data["indicatoren"] == ["ACT_AANTAL"]


@pytest.mark.django_db(transaction=True)
def test_bad_file_exit_2_and_nothing_written(tmp_path, bundle_dir, capsys):
    run("data", "load", str(bundle_dir))
    bad = write(
        tmp_path, "fout.csv", "refnis;jaar;ACT_AANTAL", "44021;2024;300", "44021;2024;12,3,4"
    )
    code, text = run("monitor", "import", bad)
    assert code == 2 and text == ""
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "fout.csv is niet ingelezen: 1 fout. Er is niets bewaard.",
        "  - fout.csv, rij 3, kolom ACT_AANTAL: waarde: '12,3,4' is dubbelzinnig: er mag maar "
        "één komma in staan, voor de decimalen (bv. 250.000,50).",
    ]
    assert Measurement.objects.count() == 0
    assert run("monitor", "import", str(tmp_path / "bestaat-niet.csv"))[0] == 2


@pytest.mark.django_db(transaction=True)
def test_balans_json(zuid_2024):
    act, bij = zuid_2024
    run("monitor", "import", act)
    code, text = run("monitor", "balans", "--igs", "zuid", "--jaar", "2024", "--format", "json")
    assert code == 0
    data = json.loads(text)
    assert data["peildatum"] == "2024-01-01"
    p = {r["refnis"]: r for r in data["partners"]}
    assert set(p) == {"44021", "44088"}
    for row in p.values():
        for key in ("refnis", "inwoners_aandeel", "activiteiten_aandeel", "bijdrage_aandeel"):
            assert key in row
    # inhabitants 270.000 / 312.000 = 0,865385; activities 300 / 312 = 0,961538
    assert p["44021"]["inwoners"] == 270_000 and isinstance(p["44021"]["inwoners"], int)
    assert p["44021"]["inwoners_aandeel"] == pytest.approx(0.865385, abs=1e-6)
    assert p["44021"]["activiteiten_aandeel"] == pytest.approx(0.961538, abs=1e-6)
    assert p["44088"]["activiteiten_aandeel"] == pytest.approx(0.038462, abs=1e-6)
    # no contributions imported yet: unknown, not zero
    assert p["44021"]["bijdrage_aandeel"] is None
    # dominance: 0,961538 / 0,865385 = 300/270 = 1,111111
    assert data["dominantie_index"] == pytest.approx(1.111111, abs=1e-6)
    # Gini with two partners = activity share − population share of the larger one:
    # p·(1−p)·(y_G − y_M)/μ = 30/312 = 0,096154;
    # Theil = (300/312) ln(300/270) + (12/312) ln(12/42) = 0,101308 − 0,048183 = 0,053125
    assert data["ongelijkheid"]["gini"] == pytest.approx(0.096154, abs=1e-6)
    assert data["ongelijkheid"]["theil"] == pytest.approx(0.053125, abs=1e-6)
    assert data["ongelijkheid"]["weging"] == "inwoners"

    run("monitor", "import", bij)
    data = json.loads(
        run("monitor", "balans", "--igs", "ZUID", "--jaar", "2024", "--format", "json")[1]
    )
    p = {r["refnis"]: r for r in data["partners"]}
    # 27.000 / 30.000 = 0,9 and 3.000 / 30.000 = 0,1
    assert p["44021"]["bijdrage_aandeel"] == pytest.approx(0.9)
    assert p["44088"]["bijdrage_aandeel"] == pytest.approx(0.1)
    # against the contribution: 0,961538 / 0,9 = 1,068376
    assert data["dominantie"]["activiteiten_bijdrage"] == pytest.approx(1.068376, abs=1e-6)


@pytest.mark.django_db(transaction=True)
def test_balans_text_and_errors(zuid_2024, capsys):
    act, _ = zuid_2024
    run("monitor", "import", act)
    code, text = run("monitor", "balans", "--igs", "zuid", "--jaar", "2024")
    assert code == 0
    assert "Gent (centrumstad)" in text
    assert (
        "Gent heeft 86,5 % van de inwoners van de groep en 96,2 % van de activiteiten: een "
        "dominantie-index van 1,11." in text
    )
    # Cultuur Noord has no centrumstad and no activities for 2024
    data = json.loads(
        run("monitor", "balans", "--igs", "noord", "--jaar", "2024", "--format", "json")[1]
    )
    assert data["dominantie_index"] is None
    assert [r["refnis"] for r in data["partners"]] == ["43005", "44019", "44084"]
    assert all(r["activiteiten_aandeel"] is None for r in data["partners"])
    assert data["uitleg"]["dominantie_index"].startswith("Dit IGS heeft geen centrumstad")
    code, _ = run("monitor", "balans", "--igs", "bestaat-niet", "--jaar", "2024")
    assert code == 2
    assert "Onbekend IGS 'bestaat-niet'" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_any_group_has_a_balance(zuid_2024):
    """A scenario's group, e.g. Gent with Merelbeke-Melle and Eeklo (no activities for Eeklo:
    unknown, so no activity shares and no dominance index)."""
    from samenspel.atlas.services import get_atlas
    from samenspel.monitor.services import group_balance

    act, _ = zuid_2024
    run("monitor", "import", act)
    b = group_balance(get_atlas(), ["44021", "44088"], 2024)
    assert b.dominance_index == pytest.approx(300 / 270)
    b = group_balance(get_atlas(), ["44021", "44088", "43005"], 2024)
    # 270.000 / (270.000 + 42.000 + 20.000) = 0,813253
    assert b.partner("44021").shares["inwoners"] == pytest.approx(270 / 332)
    assert b.dominance_index is None
    assert "niet gekend voor Eeklo" in b.notes[0]
    with pytest.raises(ValueError, match="Onbekende REFNIS-code"):
        group_balance(get_atlas(), ["99999"], 2024)
