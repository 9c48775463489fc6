"""A city-to-city initiative in a real browser (headless Chromium, CSP enforced), at desktop
and phone width, on the real data bundle: the coordinator of Zuidwest registers a cooperation
between the centrumsteden Kortrijk and Roeselare (Roeselare picked through the search
suggestions), adds the college's decision and publishes it; an anonymous visitor then finds it
with the "stad-tot-stad" filter, while a draft stays hidden. axe-core finds no serious
violation on the form, the page and the list; no page is wider than the screen. Screenshots go
to test-artifacts/.
"""

from __future__ import annotations

import pytest

from tests.browser import axe, fits
from tests.e2e.conftest import atlas_url, browser, bundle_dir, page  # noqa: F401 (fixtures)
from tests.e2e.test_atlas_browser import (
    ARTIFACTS_DIR,
    assert_no_browser_problems,
)
from tests.people import user_with

pytestmark = pytest.mark.e2e

TITLE = "Stedenband Kortrijk–Roeselare"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_coordinator_registers_and_publishes_a_city_to_city_initiative(
    page,  # noqa: F811
    atlas_url,  # noqa: F811
    settings,
    tmp_path,
    width,
):
    from samenspel.network.initiatives.models import Initiative

    settings.MEDIA_ROOT = tmp_path / "media"
    page.set_viewport_size({"width": width, "height": 900})
    user_with("sofie", ("igs_coordinator", "zuidwest"), password="x-geheim-123")
    # a draft of someone else, which the visitor must not see
    Initiative.objects.create(
        title="Geheim concept Gent–Aalst", kind="stad-tot-stad", municipalities=",44021,41002,"
    )

    page.goto(f"{atlas_url}/aanmelden/?next=/netwerk/initiatieven/nieuw/")
    page.fill("input[name=username]", "sofie")
    page.fill("input[name=password]", "x-geheim-123")
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_selector("h1:has-text('Een initiatief registreren')")
    page.wait_for_load_state("networkidle")
    axe(page)

    page.locator("#id_titel").fill(TITLE)
    page.locator("#id_soort").select_option("stad-tot-stad")
    page.locator("#id_status").select_option("lopend")
    page.locator("#id_samenvatting").fill("Twee centrumsteden delen een programmator.")
    page.locator("#id_doelen").fill(
        "Een podiumaanbod dat elkaar aanvult in plaats van beconcurreert."
    )
    partners = page.get_by_role("combobox", name="Partnergemeenten")
    partners.click()
    page.keyboard.type("Kortrijk, Roesel")
    page.locator(f"#{partners.get_attribute('aria-controls')}").get_by_role(
        "option", name="Roeselare"
    ).click()
    assert partners.input_value().startswith("Kortrijk, Roeselare")
    igs = page.get_by_role("combobox", name="Partner-IGS")
    igs.click()
    page.keyboard.type("Zuidw")
    page.locator(f"#{igs.get_attribute('aria-controls')}").get_by_role(
        "option", name="Zuidwest"
    ).click()
    assert igs.input_value().startswith("Zuidwest")
    page.locator("#id_begin").fill("2025-09-01")
    page.wait_for_load_state("networkidle")  # no suggestion request cut off by the submit
    page.get_by_role("button", name="Bewaar als concept").click()

    page.wait_for_selector(f"text=Het initiatief “{TITLE}” is geregistreerd als concept.")
    assert "concept, niet openbaar" in page.locator(".init-labels").inner_text()
    partner_list = page.locator(".init-partnerlijst").inner_text()
    assert "Kortrijk centrumstad" in partner_list and "Roeselare centrumstad" in partner_list
    assert "Zuidwest" in partner_list

    # the college's decision, in the timeline on its date
    page.get_by_role("link", name="Beslissing toevoegen").click()
    page.locator("#id_datum").fill("2025-06-16")
    page.locator("#id_orgaan").fill("college van burgemeester en schepenen Kortrijk")
    page.locator("#id_tekst").fill("Het college keurt de samenwerkingsovereenkomst goed.")
    page.locator("#id_link").fill("https://www.kortrijk.be/besluiten")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_selector("text=De beslissing is toegevoegd aan de tijdlijn.")
    timeline = page.locator("ol.tijdlijn").inner_text()
    assert "16/06/2025" in timeline and "college van burgemeester en schepenen Kortrijk" in timeline
    assert timeline.index("16/06/2025") < timeline.index("01/09/2025")  # decision, then begin

    page.get_by_role("button", name="Publiceren").click()
    page.wait_for_selector(f"text=“{TITLE}” is gepubliceerd: iedereen kan het zien.")
    assert "gepubliceerd op" in page.locator(".init-labels").inner_text()
    page.wait_for_load_state("networkidle")
    fits(page)
    axe(page)
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"initiatief-{width}.png"), full_page=True)
    detail_url = page.url

    # an anonymous visitor finds it through the "stad-tot-stad" filter
    page.context.clear_cookies()
    page.goto(f"{atlas_url}/netwerk/initiatieven/")
    page.get_by_role("link", name="Stad-tot-stad (tussen centrumsteden)").click()
    page.wait_for_url("**soort=stad-tot-stad**")
    cards = page.locator(".initiatieven")
    assert TITLE in cards.inner_text()
    assert "Geheim concept" not in page.content()
    assert (
        page.get_by_role("link", name="Stad-tot-stad (tussen centrumsteden)").get_attribute(
            "aria-current"
        )
        == "page"
    )
    page.get_by_text("Wat betekent “gepubliceerd”?").click()
    assert "concept" in page.locator(".init-uitleg").inner_text()
    page.wait_for_load_state("networkidle")
    fits(page)
    axe(page)
    page.screenshot(path=str(ARTIFACTS_DIR / f"initiatieven-{width}.png"), full_page=True)

    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(detail_url)
    assert (
        "college van burgemeester en schepenen Kortrijk" in page.locator("ol.tijdlijn").inner_text()
    )
    assert page.get_by_role("link", name="Wijzigen").count() == 0
    assert page.locator("details.geschiedenis").count() == 0  # history is for editors
    page.wait_for_load_state("networkidle")
    assert_no_browser_problems(page)
