"""The Netwerk pages in a real browser (headless Chromium, CSP enforced) at desktop and phone
width, on the real data bundle: the landing page, Wie is wie (search by place; a person without
consent never shows; contact only with consent), the network view (overview, a region, and the
counterparts of Kortrijk picked in the form) and the block on an IGS page. Every page fits the
screen, axe-core finds no serious or critical violation, and the browser reports no error.
Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.browser import axe, fits
from tests.e2e.conftest import atlas_url, browser, bundle_dir, page  # noqa: F401 (fixtures)
from tests.e2e.test_atlas_browser import (
    ARTIFACTS_DIR,
    assert_no_browser_problems,
)

pytestmark = pytest.mark.e2e


def _check(pg, name: str, width: int) -> None:
    pg.wait_for_load_state("networkidle")
    fits(pg)
    axe(pg)
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS_DIR / f"netwerk-{name}-{width}.png"), full_page=True)


def _people():
    from samenspel.accounts.models import Person, Role
    from samenspel.network.events.models import Event, Registration
    from samenspel.network.initiatives.models import Initiative

    now = timezone.now()

    def make(name, role, place, listed=True, contact=False):
        p = Person.objects.create(
            name=name,
            email=f"{name.split()[0].lower()}@voorbeeld.be",
            phone="056 00 00 00",
            consent_listed_at=now if listed else None,
            consent_contact_at=now if contact else None,
        )
        if place.isdigit():
            Role.objects.create(person=p, role=role, refnis=place)
        else:
            Role.objects.create(person=p, role=role, igs=place)
        return p

    bram = make("Bram Kortrijk", "cultuurbeleidscoordinator", "34022", contact=True)
    clara = make("Clara Roeselare", "cultuurbeleidscoordinator", "36015")
    make("Gert Menen", "cultuurbeleidscoordinator", "34027")
    make("An Zuidwest", "igs_coordinator", "zuidwest", contact=True)
    vera = make("Vera Verborgen", "schepen", "34022", listed=False)
    Initiative.objects.create(
        title="Stedennetwerk West",
        kind="stad-tot-stad",
        status="lopend",
        municipalities=",34022,36015,31005,",
        published=True,
        published_at=now,
    )
    start = now - datetime.timedelta(days=7)
    past = Event.objects.create(
        title="Netwerkdag West",
        start=start,
        end=start + datetime.timedelta(hours=3),
        location="Kortrijk",
        refnis="34022",
        published=True,
    )
    for p in (bram, clara, vera):
        Registration.objects.create(event=past, person=p, consent_listed=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_network_pages(page, atlas_url, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    _people()

    page.goto(f"{atlas_url}/netwerk/")
    page.wait_for_selector("h1:has-text('Netwerk')")
    assert "Stedennetwerk West" in page.locator("#initiatieven").locator("..").inner_text()
    _check(page, "start", width)

    page.get_by_role("link", name="Naar Wie is wie").click()
    page.wait_for_selector("h1:has-text('Wie is wie')")
    body = page.locator("main").inner_text()
    # anonymous: names of who agreed to be listed, never an e-mail address (sign in for those)
    assert "Bram Kortrijk" in body and "bram@voorbeeld.be" not in body
    assert "om e-mailadressen en telefoonnummers te zien" in body
    assert "Clara Roeselare" in body and "clara@voorbeeld.be" not in body
    assert "Vera Verborgen" not in body
    _check(page, "wie-is-wie", width)
    page.get_by_label("Zoek op naam of plaats").fill("roeselare")
    page.get_by_role("button", name="Zoek", exact=True).click()
    page.wait_for_selector("text=1 persoon gevonden")
    body = page.locator("main").inner_text()
    assert "Clara Roeselare" in body and "Bram Kortrijk" not in body
    _check(page, "wie-is-wie-zoeken", width)

    page.goto(f"{atlas_url}/netwerk/kaart/")
    page.wait_for_selector("h2:has-text('Per referentieregio')")
    assert page.locator(".n-tekening-raam svg circle").count() == 285
    if width == 390:  # the drawing keeps a readable size and scrolls sideways, with the hint
        raam = page.locator(".n-tekening-raam .tabel-venster")
        assert raam.evaluate("e => e.scrollWidth > e.clientWidth + 100")
        assert page.get_by_text("Schuif de tekening opzij").is_visible()
    assert "Bram Kortrijk en Clara Roeselare" in page.locator("#ontmoet").locator("..").inner_text()
    assert "Vera" not in page.locator("main").inner_text()
    _check(page, "kaart", width)

    page.get_by_label("Gemeente", exact=True).select_option("34022")
    page.get_by_label("Rol", exact=True).select_option("cultuurbeleidscoordinator")
    page.get_by_role("button", name="Vind tegenhangers").click()
    page.wait_for_selector("h2:has-text('Je tegenhangers')")
    tegen = page.locator("#tegenhangers").locator("..").inner_text()
    assert "Gert Menen" in tegen  # same role, same referentieregio (Zuid-West-Vlaanderen)
    assert "Clara Roeselare" not in tegen  # Roeselare lies in Midwest
    reach = page.locator("#centrumsteden").locator("..").inner_text()
    assert "Roeselare" in reach and "Brugge" in reach  # partners in Stedennetwerk West
    _check(page, "tegenhangers", width)

    page.get_by_role("link", name="Zuid-West-Vlaanderen").first.click()
    page.wait_for_selector("h1:has-text('Zuid-West-Vlaanderen')")
    _check(page, "regio", width)

    page.goto(f"{atlas_url}/igs/zuidwest/")
    block = page.locator("section.n-blok")
    block.wait_for()
    assert "Wie is wie in" in block.inner_text()
    block.scroll_into_view_if_needed()
    fits(page)
    assert_no_browser_problems(page)
