"""'Wat als … meedoet?' on the synthetic bundle (tests/fixtures/bundle.py), numbers by hand.

The bundle has one centrumstad, Gent (270.000 inhabitants, Regio Gent), in Cultuur Zuid. For
the what-if we end Gent's membership on 31/12/2024 and keep Merelbeke in Cultuur Zuid, so that
on 1/6/2026 Gent is in no IGS and its neighbours (queen contiguity on the grid) are Eeklo,
Evergem, Aalter (Cultuur Noord; Eeklo also in Los Verband), Lochristi (partly in Cultuur Noord)
and Merelbeke-Melle (Cultuur Zuid)::

    Cultuur Noord: Eeklo 20.000 + Evergem 40.000 + Aalter 30.000 (Lochristi partly: not counted)
    Cultuur Zuid:  Merelbeke-Melle 42.000 (Vlaamse Ardennen)
    Los Verband:   Eeklo 20.000 + Voeren 5.000 (Limburg)
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest

from samenspel.core.numbers import format_eur
from samenspel.partnerships.rules import RULES_2027
from tests.fixtures.bundle import edit_csv

ON = "2026-06-01"
MEMBERS = "cultuur/igs-leden-2020-2025.csv"


@pytest.fixture
def gent_free(db, bundle_dir):
    """Gent left Cultuur Zuid on 31/12/2024 (line 6); Merelbeke stays (line 8)."""
    from samenspel.atlas.loading import load_bundle

    edit_csv(bundle_dir / MEMBERS, 6, "valid_to", "2024-12-31")
    edit_csv(bundle_dir / MEMBERS, 8, "valid_to", "")
    return load_bundle(bundle_dir)


def _text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


def _card(response, anchor: str) -> str:
    page = response.content.decode()
    match = re.search(rf'<article[^>]*id="{anchor}".*?</article>', page, re.S)
    assert match, f"geen optie {anchor} op de pagina"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))))


def test_gent_joins_cultuur_noord_by_hand(gent_free, client):
    response = client.get(f"/wat-als/44021/?peildatum={ON}")
    assert response.status_code == 200
    card = _card(response, "optie-noord")
    # Gent 270.000 + Eeklo 20.000 + Evergem 40.000 + Aalter 30.000 = 360.000, all Regio Gent.
    assert "360.000" in card
    assert "komt in aanmerking" in card and "niet in aanmerking" not in card
    subsidy = RULES_2027.subsidy.per_inhabitant * 360_000  # 0,90 € × 360.000 = 324.000 €
    assert format_eur(subsidy) in card
    # Gent's share of the inhabitants: 270.000 / 360.000 = 75,0 %.
    assert re.search(r"aandeel van Gent in de inwoners 75,0 %", card)
    # They split the minimum cofinancing, 75 % of 324.000 € = 243.000 €; per inhabitant Gent
    # pays 75 % of it: 182.250 €.
    amount = RULES_2027.subsidy.cofinancing_ratio * subsidy
    assert format_eur(amount) == "243.000,00 €"
    assert f"{format_eur(amount * Decimal('0.75'))} van {format_eur(amount)}" in card
    assert re.search(r"aandeel van Gent in de bijdrage 75,0 %", card)
    # Names, never codes alone.
    assert "Gent, Aalter, Eeklo, Evergem" in card


def test_gent_joins_an_igs_across_two_regions_gets_nothing(gent_free, client):
    card = _card(client.get(f"/wat-als/44021/?peildatum={ON}"), "optie-zuid")
    # Gent 270.000 + Merelbeke-Melle 42.000 = 312.000 in Regio Gent and Vlaamse Ardennen.
    assert "312.000" in card
    assert "komt niet in aanmerking" in card
    assert "twee referentieregio's" in card
    potential = RULES_2027.subsidy.per_inhabitant * 312_000  # 280.800 € if it qualified
    assert f"als ze aan de regels voldeed: {format_eur(potential)}" in card
    # 270.000 / 312.000 = 86,54 % → 86,5 %
    assert "aandeel van Gent in de inwoners 86,5 %" in card


def test_new_igs_with_the_uncovered_neighbours(gent_free, client):
    card = _card(client.get(f"/wat-als/44021/?peildatum={ON}"), "optie-nieuw")
    # Gent's neighbours in Regio Gent outside every IGS: only Lochristi (25.000; its part
    # Wachtebeke is in Cultuur Noord, but a partly covered municipality counts nowhere).
    # 270.000 + 25.000 = 295.000 ≥ the floor: the group stops there.
    assert "2 gemeenten: Gent, Lochristi" in card
    assert "295.000" in card and "komt in aanmerking" in card
    subsidy = RULES_2027.subsidy.per_inhabitant * 295_000  # 265.500 €
    assert f"{format_eur(subsidy)} per jaar" in card
    # 270.000 / 295.000 = 91,53 % → 91,5 %
    assert "aandeel van Gent in de inwoners 91,5 %" in card
    # Split per inhabitant: Gent pays 270/295 of 75 % of 265.500 € = 182.250 € of 199.125 €.
    amount = RULES_2027.subsidy.cofinancing_ratio * subsidy
    assert f"{format_eur(amount * 270 / 295)} van {format_eur(amount)}" in card
    assert "Eeklo (al in Cultuur Noord)" in card  # why a neighbour was left out


def test_the_engines_plan_for_the_referentieregio(gent_free, client):
    card = _card(client.get(f"/wat-als/44021/?peildatum={ON}"), "optie-plan")
    # Regio Gent: Gent 270.000 and five others of 143.000 together (20 + 40 + 25 + 30 + 28):
    # they reach the floor once (143.000 < 2 × 85.000), so at most 2 groups, and Cultuur Noord
    # (90.000) stays together. The engine keeps Gent on its own.
    assert "p = 2, en 2 is het maximum" in card
    assert "1 gemeente: Gent" in card
    assert "aandeel van Gent in de inwoners 100,0 %" in card
    assert "niet van toepassing" in card  # no win-win check for a group of one


def test_the_key_changes_the_centrumstad_share(gent_free, client):
    response = client.get(f"/wat-als/44021/?peildatum={ON}&sleutel=gelijk")
    card = _card(response, "optie-noord")
    # Equal shares over four partners: 243.000 € / 4 = 60.750 €, 25,0 %.
    assert "60.750,00 € van 243.000,00 €" in card
    assert "aandeel van Gent in de bijdrage 25,0 %" in card
    # The share of the inhabitants does not depend on the key.
    assert "aandeel van Gent in de inwoners 75,0 %" in card
    assert '<option value="gelijk" selected>' in response.content.decode()


def test_win_win_check_is_shown_per_option(gent_free, client):
    card = _card(client.get(f"/wat-als/44021/?peildatum={ON}"), "optie-noord")
    assert re.search(r"win-win \(naar inwonersaantal\) (ja|nee)", card)
    assert "De verdeelsleutel verdeelt 243.000,00 € over 4 partners" in card


def test_links_to_verdeelsleutel_for_the_group(gent_free, client):
    page = client.get(f"/wat-als/44021/?peildatum={ON}&sleutel=draagkracht").content.decode()
    link = (
        f"/verdeelsleutel/?peildatum={ON}&amp;sleutel_1=draagkracht&amp;igs=noord&amp;extra=44021"
    )
    assert f'href="{link}"' in page
    # The Verdeelsleutel computes the same group: Cultuur Noord with Gent, 243.000 € to split.
    response = client.get(html.unescape(link).replace("draagkracht", "inwoners"))
    assert response.status_code == 200
    text = _text(response)
    assert "Cultuur Noord met Gent" in text
    assert "243.000,00 €" in text and "182.250,00 €" in text
    # A new group is passed as its municipalities.
    new = f"/verdeelsleutel/?peildatum={ON}&amp;sleutel_1=draagkracht&amp;gemeenten="
    assert new in page and ("44021%2C44087" in page or "44087%2C44021" in page)


def _scenario_link(page: str, anchor: str) -> str:
    card = re.search(rf'<article[^>]*id="{anchor}".*?</article>', page, re.S).group(0)
    match = re.search(r'<a href="(/scenarios/\?[^"]+)">Open als scenario</a>', card)
    assert match, f"geen link naar de scenariopagina in {anchor}"
    return html.unescape(match.group(1))


@pytest.mark.parametrize("key", ["inwoners", "profijt"])
def test_each_option_opens_as_a_scenario(gent_free, client, key):
    from urllib.parse import parse_qs, urlsplit

    from samenspel.scenarios.web import decode

    page = client.get(f"/wat-als/44021/?peildatum={ON}&sleutel={key}").content.decode()
    link = _scenario_link(page, "optie-noord")
    query = parse_qs(urlsplit(link).query)
    # The scenario page offers fewer keys; profijt is then left to its default.
    assert query.get("sleutel") == ([key] if key == "inwoners" else None)
    scenario, _info = decode(query["s"][0])
    noord = next(g for g in scenario.groups if g.continues == "noord")
    assert noord.members == ("43005", "44019", "44021", "44084")  # Eeklo, Evergem, Gent, Aalter
    response = client.get(link)
    assert response.status_code == 200
    assert "Gent treedt toe tot Cultuur Noord" in _text(response)
    new = decode(parse_qs(urlsplit(_scenario_link(page, "optie-nieuw")).query)["s"][0])[0]
    assert ("44021", "44087") in [g.members for g in new.groups]  # Gent and Lochristi


def test_unknown_or_not_a_centrumstad_is_404_in_dutch(gent_free, client):
    response = client.get("/wat-als/43005/")
    assert response.status_code == 404
    assert "Eeklo is geen centrumstad" in _text(response)
    response = client.get("/wat-als/99999/")
    assert response.status_code == 404
    assert "Er is geen gemeente met REFNIS-code '99999'" in _text(response)


def test_unknown_key_is_400_in_dutch(gent_free, client):
    response = client.get("/wat-als/44021/?sleutel=%3Cscript%3E")
    assert response.status_code == 400
    text = _text(response)
    assert "Onbekende verdeelsleutel" in text and "inwoners" in text
    assert "<script>" not in response.content.decode()


def test_centrumstad_in_an_igs_links_to_it(loaded, client):
    # The unchanged bundle: Gent is in Cultuur Zuid.
    response = client.get(f"/wat-als/44021/?peildatum={ON}")
    assert response.status_code == 200
    text = _text(response)
    assert "Gent is op 01/06/2026 lid van Cultuur Zuid" in text
    assert 'href="/igs/zuid/?peildatum=2026-06-01"' in response.content.decode()
    assert "optie-" not in response.content.decode()


def test_list_of_centrumsteden_with_status(gent_free, client):
    text = _text(client.get(f"/wat-als/?peildatum={ON}"))
    assert "Gent (Regio Gent) in geen IGS: Wat als Gent meedoet?" in text
    text = _text(client.get("/wat-als/?peildatum=2024-06-01"))  # still in Cultuur Zuid then
    assert "Gent (Regio Gent) doet al mee in Cultuur Zuid" in text


def _whatif_links(html: str) -> list[str]:
    section = re.search(r'<section aria-labelledby="wat-als">.*?</section>', html, re.S)
    if not section:
        return []
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', section.group(0))


def test_links_on_municipality_pages(gent_free, client):
    own = _whatif_links(client.get(f"/gemeenten/44021/?peildatum={ON}").content.decode())
    assert own == [
        (f"/wat-als/44021/?peildatum={ON}", "Wat als Gent meedoet? Alle opties naast elkaar")
    ]
    for neighbour in ("43005", "44019", "44084", "44087", "44088"):
        links = _whatif_links(
            client.get(f"/gemeenten/{neighbour}/?peildatum={ON}").content.decode()
        )
        assert links == [(f"/wat-als/44021/?peildatum={ON}", "Wat als buurstad Gent meedoet?")]
    # Nazareth-De Pinte and Voeren do not border Gent.
    for far in ("44086", "73109"):
        assert _whatif_links(client.get(f"/gemeenten/{far}/?peildatum={ON}").content.decode()) == []


def test_links_on_igs_pages(gent_free, client):
    for slug, name in (("noord", "Cultuur Noord"), ("zuid", "Cultuur Zuid")):
        links = _whatif_links(client.get(f"/igs/{slug}/?peildatum={ON}").content.decode())
        assert links == [
            (f"/wat-als/44021/?peildatum={ON}#optie-{slug}", f"Wat als Gent meedoet met {name}?")
        ]
    # Eeklo is in Cultuur Noord and Los Verband; in a scenario a municipality is in one group,
    # the first IGS by name (Cultuur Noord), so Los Verband is Voeren alone there: it does not
    # border Gent, and joining it is no option.
    assert _whatif_links(client.get(f"/igs/los/?peildatum={ON}").content.decode()) == []


def test_no_links_while_gent_is_in_an_igs(loaded, client):
    assert _whatif_links(client.get(f"/gemeenten/44021/?peildatum={ON}").content.decode()) == []
    assert _whatif_links(client.get(f"/igs/noord/?peildatum={ON}").content.decode()) == []


def test_says_plainly_what_the_time_limit_left_out(gent_free, client, monkeypatch):
    from samenspel.scenarios import views_whatif

    monkeypatch.setattr(views_whatif, "REQUEST_SECONDS", 1e-9)  # the page's time is up at once
    card = _card(client.get(f"/wat-als/44021/?peildatum={ON}"), "optie-noord")
    assert "win-win (naar inwonersaantal) niet berekend" in card
    assert "Win-wintoets niet berekend: de tijd voor alle berekeningen samen" in card
    # What needs no game is still there: inhabitants, subsidy, the split of 243.000 €.
    assert "360.000" in card and "182.250,00 € van 243.000,00 €" in card
    # Such a result is not kept: with time, the next visitor gets the check.
    monkeypatch.setattr(views_whatif, "REQUEST_SECONDS", 30.0)
    card = _card(client.get(f"/wat-als/44021/?peildatum={ON}"), "optie-noord")
    assert "win-win (naar inwonersaantal) ja" in card
