"""The bundle loader: all or nothing, every problem named with file, line and field."""

import json

import pytest
from tests.fixtures.bundle import edit_csv, write_bundle

from samenspel.atlas.bundle import BundleError
from samenspel.atlas.loading import load_bundle
from samenspel.core.models import DataLoad
from samenspel.partnerships.models import Membership, Partnership
from samenspel.territory.models import Adjacency, Figure, FormerMunicipality, Municipality

MUNI = "flanders/municipalities-2025.csv"
MEMBERS = "cultuur/igs-leden-2020-2025.csv"


def snapshot():
    return (
        sorted(
            Municipality.objects.values_list(
                "refnis", "name_nl", "reference_region_id", "is_centrumstad"
            )
        ),
        sorted(
            Membership.objects.values_list(
                "partnership_id", "member_refnis", "municipality_id", "valid_from", "valid_to"
            )
        ),
        sorted(Figure.objects.values_list("municipality_id", "indicator_id", "year", "value")),
        sorted(Adjacency.objects.values_list("a_id", "b_id")),
    )


def test_loads_the_synthetic_bundle(loaded):
    assert loaded.counts["gemeenten"] == 8
    assert loaded.counts["IGS"] == 3
    assert loaded.counts["lidmaatschappen"] == 9
    gent = Municipality.objects.get(pk="44021")
    assert gent.is_centrumstad and gent.centrumstad_kind == "grootstad"
    assert gent.reference_region.name == "Regio Gent"
    # Lochristi was formed from Lochristi and Wachtebeke
    assert sorted(
        FormerMunicipality.objects.filter(successor="44087").values_list("name_nl", flat=True)
    ) == ["Lochristi", "Wachtebeke"]
    # populations per year: 2026 as given, 2020 = 2026 - 1000 in the fixture
    assert (
        Figure.objects.get(municipality="44019", indicator="population", year=2026).value == 40_000
    )
    assert (
        Figure.objects.get(municipality="44019", indicator="population", year=2020).value == 39_000
    )
    # no adjacency file in the fixture: computed from the squares (queen contiguity).
    # Eeklo (col 0, top) touches Evergem, Aalter and Gent (corner) and nothing else.
    eeklo = {b for a, b in Adjacency.objects.values_list("a_id", "b_id") if a == "43005"}
    assert eeklo == {"44019", "44084", "44021"}
    assert not Adjacency.objects.filter(a="73109").exists()
    assert not Adjacency.objects.filter(b="73109").exists()
    # the partial bundle is reported, not refused
    assert any("ontbreken" in w for w in loaded.warnings)
    assert json.loads(DataLoad.objects.get().topology)["type"] == "SamenspelTopology"


def test_loading_twice_gives_the_same_state(db, bundle_dir):
    load_bundle(bundle_dir)
    first = snapshot()
    load_bundle(bundle_dir)
    assert snapshot() == first


def test_newer_bundle_updates_in_place(db, bundle_dir):
    load_bundle(bundle_dir)
    Partnership.objects.filter(pk="noord").update(website="https://noord.example")
    # Evergem's population changes and Aalter leaves noord at the end of 2025
    edit_csv(bundle_dir / MUNI, 3, "population", "41000")
    edit_csv(bundle_dir / MEMBERS, 5, "valid_to", "2025-12-31")
    load_bundle(bundle_dir)
    assert (
        Figure.objects.get(municipality="44019", indicator="population", year=2026).value == 41_000
    )
    aalter = Membership.objects.get(partnership="noord", member_refnis="44084")
    assert str(aalter.valid_to) == "2025-12-31"
    assert Partnership.objects.get(pk="noord").website == "https://noord.example"
    assert Membership.objects.count() == 9


@pytest.mark.parametrize(
    ("file", "line", "column", "value", "expected"),
    [
        (
            MUNI,
            3,
            "population",
            "-5",
            "flanders/municipalities-2025.csv, regel 3, veld "
            "'population': -5 mag niet negatief of nul zijn",
        ),
        (MUNI, 4, "population", "", "regel 4, veld 'population': waarde ontbreekt"),
        (
            MUNI,
            2,
            "income_per_capita_eur",
            "veel",
            "veld 'income_per_capita_eur': 'veel' is geen getal",
        ),
        (
            MUNI,
            3,
            "refnis",
            "99999",
            "regel 3, veld 'refnis': REFNIS 99999 is geen Vlaamse gemeente van 2025",
        ),
        (MUNI, 3, "refnis", "43005", "regel 3, veld 'refnis': REFNIS 43005 komt twee keer voor"),
        (
            MUNI,
            2,
            "name_nl",
            "Eekloo",
            "veld 'name_nl': naam 'Eekloo' wijkt af van de officiële naam 'Eeklo'",
        ),
        (
            MEMBERS,
            3,
            "refnis_2025",
            "12345",
            "cultuur/igs-leden-2020-2025.csv, regel 3, veld 'refnis_2025': onbekende REFNIS 12345",
        ),
        (
            MEMBERS,
            4,
            "valid_from",
            "2020-13-01",
            "regel 4, veld 'valid_from': '2020-13-01' is geen datum",
        ),
        (
            MEMBERS,
            4,
            "valid_to",
            "2019-01-01",
            "regel 4, veld 'valid_to': einddatum 2019-01-01 ligt voor begindatum 2020-01-01",
        ),
        (MEMBERS, 4, "member_refnis", "44099", "veld 'member_refnis': onbekende REFNIS 44099"),
        (
            MEMBERS,
            4,
            "refnis_2025",
            "44019",
            "regel 4, veld 'refnis_2025': 44073 ging op 1/1/2025 op in 44087, niet in 44019",
        ),
        (MEMBERS, 2, "igs_id", "onbekend", "regel 2, veld 'igs_id': IGS 'onbekend' staat niet"),
        (
            "cultuur/referentieregios-2025.csv",
            5,
            "refnis",
            "4408",
            "regel 5, veld 'refnis': '4408' is geen REFNIS-code",
        ),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(
    db, bundle_dir, file, line, column, value, expected
):
    load_bundle(bundle_dir)
    before = snapshot()
    loads = DataLoad.objects.count()
    edit_csv(bundle_dir / file, line, column, value)
    with pytest.raises(BundleError) as exc:
        load_bundle(bundle_dir)
    assert any(expected in str(p) for p in exc.value.problems), exc.value.problems
    assert snapshot() == before
    assert DataLoad.objects.count() == loads


def test_every_problem_is_reported_at_once(db, bundle_dir):
    edit_csv(bundle_dir / MUNI, 2, "population", "-1")
    edit_csv(bundle_dir / MUNI, 5, "area_km2", "0")
    edit_csv(bundle_dir / MEMBERS, 6, "valid_from", "gisteren")
    with pytest.raises(BundleError) as exc:
        load_bundle(bundle_dir)
    fields = sorted((p.file, p.line, p.field) for p in exc.value.problems)
    assert fields == [(MEMBERS, 6, "valid_from"), (MUNI, 2, "population"), (MUNI, 5, "area_km2")]
    assert not Municipality.objects.exists()


def test_missing_column_is_named(db, bundle_dir):
    path = bundle_dir / MUNI
    path.write_text(path.read_text().replace("population_year", "jaar", 1))
    with pytest.raises(BundleError) as exc:
        load_bundle(bundle_dir)
    assert (
        "flanders/municipalities-2025.csv, regel 1, veld 'population_year': kolom "
        "'population_year' ontbreekt" in str(exc.value)
    )


def test_overlapping_memberships_are_refused(db, bundle_dir):
    path = bundle_dir / MEMBERS
    text = path.read_text()
    # a second Eeklo membership in noord starting while the first still runs
    path.write_text(text + "noord,Cultuur Noord,Eeklo,43005,43005,Eeklo,2023-01-01,,high,,t\n")
    with pytest.raises(BundleError) as exc:
        load_bundle(bundle_dir)
    assert (
        "regel 11, veld 'valid_from': lidmaatschap van Eeklo (43005) in noord overlapt met "
        "dat op regel 2" in str(exc.value)
    )


def test_invalid_polygon_is_refused(db, bundle_dir):
    path = bundle_dir / "flanders/municipalities-2025.geojson"
    data = json.loads(path.read_text())
    # a bow-tie: self-intersecting ring
    data["features"][1]["geometry"]["coordinates"] = [
        [[3.6, 51.2], [3.7, 51.3], [3.7, 51.2], [3.6, 51.3], [3.6, 51.2]]
    ]
    path.write_text(json.dumps(data))
    with pytest.raises(BundleError) as exc:
        load_bundle(bundle_dir)
    assert (
        "municipalities-2025.geojson (object 2), veld 'geometry': ongeldige polygoon: "
        "Self-intersection" in str(exc.value)
    )


def test_swapped_coordinates_are_refused(db, bundle_dir):
    path = bundle_dir / "flanders/municipalities-2025.geojson"
    data = json.loads(path.read_text())
    ring = data["features"][0]["geometry"]["coordinates"][0]
    data["features"][0]["geometry"]["coordinates"] = [[[y, x] for x, y in ring]]
    path.write_text(json.dumps(data))
    with pytest.raises(BundleError) as exc:
        load_bundle(bundle_dir)
    assert "ligt niet in België" in str(exc.value)


def test_adjacency_file_is_used_when_present(db, tmp_path):
    root = write_bundle(tmp_path / "b", with_adjacency=True)
    path = root / "flanders/adjacency-2025.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines + ["43005,73109,0.0"]) + "\n")  # claim Eeklo–Voeren touch
    load_bundle(root)
    assert Adjacency.objects.filter(a="43005", b="73109").exists()


def test_missing_directory(db, tmp_path):
    with pytest.raises(BundleError) as exc:
        load_bundle(tmp_path / "nergens")
    assert "map niet gevonden" in str(exc.value)
