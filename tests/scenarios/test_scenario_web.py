"""The scenario page on the synthetic bundle (tests/fixtures/bundle.py), worked out by hand.

Regio Gent in the bundle, on 2026-11-28 (queen contiguity of the squares)::

    Eeklo 20.000  | Evergem 40.000 | Lochristi 25.000
    Aalter 30.000 | Gent 270.000   | (Merelbeke-Melle: Vlaamse Ardennen) | Nazareth-De Pinte 28.000

Nazareth-De Pinte touches only Lochristi (a corner) inside Regio Gent. Together 413.000.
Cultuur Noord today has Eeklo, Evergem and Aalter as full members (Lochristi only partly, via
Wachtebeke, so not a member).

Max-p with a floor of 53.000 and "keep today's IGS together": Eeklo + Evergem + Aalter stay one
block of 90.000; Nazareth-De Pinte can only go with Lochristi: 28.000 + 25.000 = 53.000, just the
floor; Gent (270.000) alone. Four groups would need three groups of 53.000 outside Gent from
143.000 inhabitants: impossible, so p = 3 is the maximum and the partition is unique.
"""

from __future__ import annotations

import io
import json
from urllib.parse import parse_qs, urlparse

import pytest
from openpyxl import load_workbook

from samenspel.core.models import DataLoad
from samenspel.scenarios import tasks
from samenspel.scenarios.models import SavedScenario
from samenspel.scenarios.web import decode

ON = "2026-11-28"
PLAN = f"/scenarios/?maak=maxp&regio=regio-gent&drempel=53.000&behoud_igs=on&peildatum={ON}"
GENT, EEKLO, EVERGEM, LOCHRISTI, AALTER, NDP, MM, VOEREN = (
    "44021",
    "43005",
    "44019",
    "44087",
    "44084",
    "44086",
    "44088",
    "73109",
)


def _link(response) -> str:
    assert response.status_code == 302, response.content.decode()[:500]
    return parse_qs(urlparse(response["Location"]).query)["s"][0]


@pytest.fixture
def plan(loaded, client):
    return _link(client.get(PLAN))


def _groups(link: str) -> set[frozenset[str]]:
    scenario, _info = decode(link)
    return {frozenset(g.members) for g in scenario.groups}


def test_maxp_for_regio_gent_gives_the_hand_worked_groups_and_the_proven_maximum(client, plan):
    assert _groups(plan) == {
        frozenset({GENT}),
        frozenset({EEKLO, EVERGEM, AALTER}),
        frozenset({LOCHRISTI, NDP}),
    }
    _scenario, info = decode(plan)
    assert info["p"] == 3 and info["bound"] == 3
    html = client.get("/scenarios/", {"s": plan}).content.decode()
    assert "p = 3, en 3 is het maximum" in html
    # inhabitants per group and together: 270.000 + 90.000 + 53.000 = 413.000
    for figure in ("270.000", "90.000", "53.000", "413.000"):
        assert f'<td class="num" data-label="Inwoners">{figure}' in html
    # the plan speaks about Regio Gent only: its 6 municipalities, all covered
    assert "6 van de 6 gemeenten en 413.000 van de 413.000 inwoners" in html
    # the map and the table are there
    assert 'data-toestand="/scenarios/kaart.json?s=' in html
    assert html.count("<tr data-groep=") == 3


def test_subsidy_of_each_group_under_the_2027_rules(client, plan):
    from samenspel.partnerships.rules import RULES_2027

    html = client.get("/scenarios/", {"s": plan}).content.decode()
    scenario, _ = decode(plan)
    rows = html.split("<tr data-groep=")[1:]
    by_members = {}
    for g, row in zip(scenario.groups, rows, strict=True):
        by_members[frozenset(g.members)] = row
    # Gent alone has 270.000 ≥ the 2027 floor: 0,90 € × 270.000 = 243.000 € (above the
    # minimum amount), cofinancing 75 % = 182.250 €.
    assert RULES_2027.min_population <= 270_000
    gent = by_members[frozenset({GENT})]
    assert "243.000,00 €" in gent and "182.250,00 €" in gent
    # the 53.000 of Lochristi + Nazareth-De Pinte are below the 2027 floor: no subsidy
    small = by_members[frozenset({LOCHRISTI, NDP})]
    assert "0,00 €" in small and "nok" in small


def test_moving_a_municipality_changes_inhabitants_by_its_population_and_warns(client, plan):
    # Lochristi (25.000) borders Gent (a corner): Gent's group 270.000 + 25.000 = 295.000;
    # Nazareth-De Pinte is left alone with 28.000 < 53.000, the floor of the run.
    scenario, _ = decode(plan)
    to = next(k for k, g in enumerate(scenario.groups) if GENT in g.members) + 1
    r = client.get("/scenarios/", {"s": plan, "verplaats": LOCHRISTI, "naar": to})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-label="Inwoners">295.000' in html
    assert 'data-label="Inwoners">28.000' in html
    assert "Nazareth-De Pinte) telt 28.000 inwoners: onder de drempel van 53.000" in html
    assert "Lochristi: van " in html  # what changed
    assert "p = 3, en 3 is het maximum" in html  # the run's bound stays shown …
    assert "Na de aanpassingen" not in html  # … and there are still 3 groups


def test_moving_to_a_group_it_does_not_border_is_refused_in_dutch(client, plan):
    scenario, _ = decode(plan)
    k = next(k for k, g in enumerate(scenario.groups) if NDP in g.members) + 1
    r = client.get("/scenarios/", {"s": plan, "verplaats": AALTER, "naar": k})
    assert r.status_code == 400
    assert "grenst aan geen enkele gemeente" in r.content.decode()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"maak": "xyz"}, "Onbekende soort scenario"),
        ({"maak": "maxp", "regio": "regio-gent", "drempel": "veel"}, "is geen getal"),
        ({"maak": "maxp", "regio": "nergens"}, "Referentieregio"),
        ({"maak": "maxp", "regio": "regio-gent", "seed": "-1"}, "Toevalsgetal"),
        ({"maak": "nieuw", "gemeenten": "Atlantis"}, "geen gemeente “Atlantis”"),
        ({"maak": "fusie", "igs_a": "noord", "igs_b": "noord"}, "twee verschillende IGS"),
        ({"s": "x" * 50_000}, "te lang"),
        ({"s": ""}, "geen scenario"),
    ],
)
def test_hostile_queries_get_a_dutch_400(loaded, client, params, message):
    r = client.get("/scenarios/", params)
    assert r.status_code == 400
    assert message in r.content.decode()


def test_bad_values_next_to_a_valid_link_get_a_dutch_400(client, plan):
    for params, message in [
        ({"sleutel": "alles"}, "Onbekende verdeelsleutel"),
        ({"formaat": "pdf"}, "Onbekend formaat"),
        ({"verplaats": "99999", "naar": "1"}, "zit in geen groep"),
        ({"verplaats": GENT, "naar": "een"}, "geen groepsnummer"),
        ({"verplaats": GENT, "naar": "9"}, "Er is geen groep 9"),
    ]:
        r = client.get("/scenarios/", {"s": plan, **params})
        assert r.status_code == 400, params
        assert message in r.content.decode(), params


def test_a_tampered_share_link_is_refused(client, plan):
    payload, signature = plan.rsplit(":", 1)
    tampered = payload[:-3] + ("A" if payload[-3] != "A" else "B") + payload[-2:] + ":" + signature
    r = client.get("/scenarios/", {"s": tampered})
    assert r.status_code == 400
    assert "beschadigd of met de hand gewijzigd" in r.content.decode()
    r = client.get("/scenarios/kaart.json", {"s": tampered})
    assert r.status_code == 400 and "beschadigd" in r.json()["fout"]


def test_the_map_colours_the_groups(client, plan):
    data = client.get("/scenarios/kaart.json", {"s": plan, "peildatum": ON}).json()
    assert len(data["igs"]) == 3
    slug = {g: data["gemeenten"][g]["igs"][0] for g in (GENT, EEKLO, NDP)}
    assert slug[GENT] != slug[EEKLO] != slug[NDP] != slug[GENT]
    assert data["gemeenten"][LOCHRISTI]["igs"] == [slug[NDP]]
    # Merelbeke-Melle (another referentieregio) is in no group of this plan
    assert data["gemeenten"][MM] == {"status": "geen", "igs": []}
    assert data["gemeenten"][GENT]["centrumstad"] is True


def test_xlsx_and_geojson_contain_the_groups(client, plan):
    r = client.get("/scenarios/", {"s": plan, "formaat": "xlsx"})
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["overzicht", "groepen", "gemeenten"]
    rows = list(wb["groepen"].iter_rows(values_only=True))
    assert rows[0][4] == "inwoners"
    assert sorted(row[4] for row in rows[1:]) == [53_000, 90_000, 270_000]
    members = {row[2]: row[0] for row in wb["gemeenten"].iter_rows(values_only=True)}
    assert members[LOCHRISTI] == members[NDP] != members[GENT]

    r = client.get("/scenarios/", {"s": plan, "formaat": "geojson"})
    assert r["Content-Type"] == "application/geo+json"
    collection = json.loads(r.content)
    from shapely.geometry import shape

    areas = {
        frozenset(m["refnis"] for m in f["properties"]["leden"]): shape(f["geometry"])
        for f in collection["features"]
    }
    # the squares are 0,1° × 0,1° = 0,01 square degrees each; the union keeps their area
    block = areas[frozenset({EEKLO, EVERGEM, AALTER})]
    assert block.area == pytest.approx(0.03) and block.geom_type == "Polygon"
    # Lochristi and Nazareth-De Pinte touch in one corner only: two squares, 0,02
    pair = areas[frozenset({LOCHRISTI, NDP})]
    assert pair.area == pytest.approx(0.02)
    assert pair.bounds == pytest.approx((3.7, 51.1, 3.9, 51.3))


def test_prebuilt_scenarios_by_name(loaded, client):
    # two IGS merge: Cultuur Noord (Eeklo, Evergem, Aalter: 90.000) + Cultuur Zuid (Gent,
    # 270.000; Melle only partly) = 360.000
    link = _link(
        client.get(
            "/scenarios/",
            {"maak": "fusie", "igs_a": "Cultuur Noord", "igs_b": "zuid", "peildatum": ON},
        )
    )
    assert frozenset({EEKLO, EVERGEM, AALTER, GENT}) in _groups(link)
    html = client.get("/scenarios/", {"s": link}).content.decode()
    assert (
        "Fusie van Cultuur Noord en Cultuur Zuid" in html
        and 'data-label="Inwoners">360.000' in html
    )
    # Lochristi joins Cultuur Zuid: 270.000 + 25.000 = 295.000
    link = _link(
        client.get(
            "/scenarios/",
            {"maak": "toetreding", "stad": "Lochristi", "igs": "Cultuur Zuid", "peildatum": ON},
        )
    )
    assert frozenset({GENT, LOCHRISTI}) in _groups(link)
    # a new IGS from names: Lochristi + Nazareth-De Pinte = 53.000
    link = _link(
        client.get(
            "/scenarios/",
            {"maak": "nieuw", "gemeenten": "Lochristi, Nazareth-De Pinte", "peildatum": ON},
        )
    )
    html = client.get("/scenarios/", {"s": link}).content.decode()
    assert "Nieuwe IGS rond Nazareth-De Pinte" in html and 'data-label="Inwoners">53.000' in html
    # today's situation: Eeklo is in two IGS and counts in the first by name (Cultuur Noord)
    link = _link(client.get("/scenarios/", {"maak": "huidig", "peildatum": ON}))
    assert _groups(link) == {
        frozenset({EEKLO, EVERGEM, AALTER}),
        frozenset({GENT}),
        frozenset({VOEREN}),
    }


def test_compare_two_scenarios_side_by_side(client, plan):
    today = _link(client.get("/scenarios/", {"maak": "huidig", "peildatum": ON}))
    r = client.get("/scenarios/vergelijk/", {"s": [today, plan]})
    assert r.status_code == 200
    html = r.content.decode()
    # today: Eeklo, Evergem, Aalter, Gent and Voeren of the 8 municipalities of Flanders;
    # the plan: the 6 of Regio Gent
    row = html.split("Gemeenten in een groep</th>")[1].split("</tr>")[0]
    assert row.count("<td") == 2 and "5 van 8" in row and "6 van 6" in row
    assert client.get("/scenarios/vergelijk/", {"s": [plan] * 5}).status_code == 400
    assert client.get("/scenarios/vergelijk/", {"b": "geen-id"}).status_code == 400


def test_saving_needs_a_login_and_is_listed_for_its_owner_only(client, plan, django_user_model):
    r = client.post("/scenarios/bewaar/", {"naam": "Plan Gent", "s": plan})
    assert r.status_code == 302 and "/aanmelden/" in r["Location"]
    assert not SavedScenario.objects.exists()

    owner = django_user_model.objects.create_user("schepen", password="x-geheim-123")
    other = django_user_model.objects.create_user("ander", password="x-geheim-123")
    client.force_login(owner)
    for name, message in [("   ", "Geef het scenario een naam"), ("x" * 201, "te lang")]:
        r = client.post("/scenarios/bewaar/", {"naam": name, "s": plan})
        assert r.status_code == 400 and message in r.content.decode()
    r = client.post("/scenarios/bewaar/", {"naam": "Plan Gent", "s": plan + "x"})
    assert r.status_code == 400
    assert not SavedScenario.objects.exists()

    r = client.post("/scenarios/bewaar/", {"naam": "  Plan Gent  ", "s": plan})
    saved = SavedScenario.objects.get()
    assert r["Location"] == f"/scenarios/b/{saved.pk}/"
    assert saved.name == "Plan Gent" and saved.owner == owner
    assert saved.snapshot["bound"].startswith("p = 3, en 3 is het maximum")
    assert sorted(g["population"] for g in saved.snapshot["groups"]) == [53_000, 90_000, 270_000]
    assert saved.data_version is not None
    # the version of the data the evaluation was made on: that of the newest load
    assert saved.data_version == DataLoad.objects.values_list("version", flat=True).first()
    assert "Plan Gent" in client.get("/scenarios/mijn/").content.decode()

    client.force_login(other)
    assert "Plan Gent" not in client.get("/scenarios/mijn/").content.decode()
    assert client.post(f"/scenarios/b/{saved.pk}/verwijder/").status_code == 404
    client.logout()
    # the shared link is read-only and needs no login: the numbers as saved
    html = client.get(f"/scenarios/b/{saved.pk}/").content.decode()
    assert "Plan Gent" in html and "270.000" in html and "Verwijder" not in html
    assert client.get("/scenarios/mijn/").status_code == 302


def test_history_for_the_owner_and_deletion_of_ones_data(client, plan, django_user_model):
    """The owner sees the history of the saved scenario, the link does not; deleting one's data
    deletes one's scenarios with all their versions (a private workspace)."""
    from samenspel.accounts import personal_data

    owner = django_user_model.objects.create_user("schepen", password="x-geheim-123")
    client.force_login(owner)
    client.post("/scenarios/bewaar/", {"naam": "Plan Gent", "s": plan})
    saved = SavedScenario.objects.get()
    assert "Geschiedenis" in client.get(f"/scenarios/b/{saved.pk}/").content.decode()
    client.logout()
    assert "Geschiedenis" not in client.get(f"/scenarios/b/{saved.pk}/").content.decode()
    provider = {p.name: p for p in personal_data.providers()}["scenarios"]
    (item,) = provider.export(owner)
    assert item["naam"] == "Plan Gent" and item["scenario"] == saved.settings
    assert provider.anonymise(owner) == 1
    assert not SavedScenario.objects.exists() and not SavedScenario.history.exists()


def test_a_saved_scenario_with_bad_settings_is_not_stored(loaded, django_user_model):
    from django.core.exceptions import ValidationError

    user = django_user_model.objects.create_user("schepen", password="x-geheim-123")
    bad = {
        "scenario": {
            "titel": "x",
            "soort": "maxp",
            "peildatum": "gisteren",
            "regels": "2027",
            "groepen": [],
        }
    }
    with pytest.raises(ValidationError, match="peildatum"):
        SavedScenario(name="x", owner=user, settings=bad).save()
    assert not SavedScenario.objects.exists()


def test_all_of_flanders_runs_in_the_background(loaded, client):
    # Without "keep IGS": Merelbeke-Melle (42.000, alone in Vlaamse Ardennen) and Voeren (5.000,
    # no neighbour) cannot reach 53.000 and are left out; Regio Gent again gives 3 groups (p = 3
    # as in the module docstring: 143.000 outside Gent is less than 3 × 53.000).
    url = f"/scenarios/?maak=maxp&regio=vlaanderen&drempel=53.000&peildatum={ON}"
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert "in de achtergrond" in waiting.content.decode()
    from samenspel.jobs import services as jobs
    from samenspel.jobs.models import Job

    job = Job.objects.get(kind=tasks.KIND)
    assert jobs.run(str(job.pk)) == Job.DONE
    link = _link(client.get(url))
    scenario, info = decode(link)
    assert info["p"] == 3 and set(info["left_out"]) == {MM, VOEREN}
    assert sum(len(g.members) for g in scenario.groups) == 6
    assert Job.objects.count() == 1  # the same question reuses the job


def test_the_contribution_key_splits_the_minimum_cofinancing(client, plan):
    # Eeklo + Evergem + Aalter (90.000) qualify under the 2027 rules with the minimum subsidy:
    # their minimum cofinancing is 75.000 € (shown in the table). Per inhabitant Evergem pays
    # 75.000 × 40.000 / 90.000 = 33.333,33 € and Eeklo 75.000 × 20.000 / 90.000 = 16.666,67 €;
    # in equal shares each pays 75.000 / 3 = 25.000,00 €.
    html = client.get("/scenarios/", {"s": plan, "sleutel": "inwoners"}).content.decode()
    table = html.split('class="scenario-gemeenten"')[1]
    assert "33.333,33 €" in table and "16.666,67 €" in table
    html = client.get("/scenarios/", {"s": plan, "sleutel": "gelijk"}).content.decode()
    table = html.split('class="scenario-gemeenten"')[1]
    assert table.count("25.000,00 €") == 3 and "33.333,33 €" not in table


def test_saved_scenarios_can_be_compared_by_id(client, plan, django_user_model):
    owner = django_user_model.objects.create_user("schepen", password="x-geheim-123")
    client.force_login(owner)
    client.post("/scenarios/bewaar/", {"naam": "Plan Gent", "s": plan, "sleutel": "gelijk"})
    today = _link(client.get("/scenarios/", {"maak": "huidig", "peildatum": ON}))
    client.post("/scenarios/bewaar/", {"naam": "Vandaag", "s": today})
    saved = SavedScenario.objects.get(name="Plan Gent")
    # the snapshot keeps the key it was saved with: equal shares of 75.000 € over three
    noord = next(g for g in saved.snapshot["groups"] if g["population"] == 90_000)
    assert {c["amount"] for c in noord["contributions"]} == {"25000.00"}
    ids = [str(s.pk) for s in SavedScenario.objects.order_by("name")]
    html = client.get("/scenarios/vergelijk/", {"b": ids}).content.decode()
    assert "Plan Gent" in html and "Vandaag" in html
    row = html.split("Groepen met subsidie</th>")[1].split("</tr>")[0]
    # the plan: Gent (270.000) and the Noord block (90.000) qualify, Lochristi + Nazareth-De
    # Pinte (53.000) not: 2; today: Cultuur Noord (90.000) and Cultuur Zuid (Gent) qualify,
    # Los Verband (Voeren, 5.000) not: 2
    assert row.count(">2</td>") == 2


def test_a_pasted_link_is_added_to_the_comparison(client, plan):
    share = f"https://samenspel.example/scenarios/?s={plan}&sleutel=inwoners"
    r = client.get("/scenarios/vergelijk/", {"link": share})
    assert r.status_code == 302
    assert parse_qs(urlparse(r["Location"]).query)["s"] == [plan]
    saved = "https://samenspel.example/scenarios/b/0b0e6a9c-3a52-4c1f-9a55-3f4f0e0b7c11/"
    r = client.get("/scenarios/vergelijk/", {"s": plan, "link": saved})
    assert parse_qs(urlparse(r["Location"]).query)["b"] == ["0b0e6a9c-3a52-4c1f-9a55-3f4f0e0b7c11"]
    r = client.get("/scenarios/vergelijk/", {"link": "https://elders.example/pagina"})
    assert r.status_code == 400 and "Plak de link van een scenario" in r.content.decode()


def test_a_typed_title_never_becomes_a_formula_in_the_xlsx(client, plan):
    # A title and a group name are text from the link; '=HYPERLINK(…)' must stay text.
    import dataclasses

    from samenspel.scenarios.web import encode

    scenario, info = decode(plan)
    evil = '=HYPERLINK("http://x.invalid","klik")'
    groups = (dataclasses.replace(scenario.groups[0], name=evil), *scenario.groups[1:])
    link = encode(dataclasses.replace(scenario, title=evil, groups=groups), info)
    r = client.get("/scenarios/", {"s": link, "formaat": "xlsx"})
    wb = load_workbook(io.BytesIO(r.content))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == evil]
    assert len(cells) >= 3  # the title, the group, and the group of each of its members
    assert all(c.data_type == "s" for c in cells)


def test_each_group_links_to_its_balance_in_the_monitor(client, plan):
    # The groups of the plan (members sorted by REFNIS): Eeklo 43005 + Evergem 44019 + Aalter
    # 44084, and Nazareth-De Pinte 44086 + Lochristi 44087, link to the Monitor's balance of
    # exactly their members; Gent alone has no balance to show.
    html = client.get("/scenarios/", {"s": plan, "peildatum": ON}).content.decode()
    assert f'/monitor/groep/?gemeenten={EEKLO},{EVERGEM},{AALTER}"' in html
    assert f'/monitor/groep/?gemeenten={NDP},{LOCHRISTI}"' in html
    assert f'/monitor/groep/?gemeenten={GENT}"' not in html
    r = client.get(f"/monitor/groep/?gemeenten={NDP},{LOCHRISTI}")
    assert r.status_code == 200 and "Lochristi" in r.content.decode()
