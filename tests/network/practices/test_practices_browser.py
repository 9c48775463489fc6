"""A practice in a real browser (headless Chromium, CSP enforced), at desktop and phone width:
a culture official writes a lesson about what did not work and submits it for review; a
moderator of the support organisation publishes it from the review queue; an anonymous visitor
finds it by a word of its text and by a theme facet. axe-core finds no serious violation on the
list and the practice's page; no page is wider than the screen. Screenshots go to
test-artifacts/.
"""

from __future__ import annotations

import re

import pytest

from tests.browser import axe, fits
from tests.e2e.conftest import atlas_url, browser, bundle_dir, page  # noqa: F401 (fixtures)
from tests.e2e.test_atlas_browser import (
    ARTIFACTS_DIR,
    assert_no_browser_problems,
)
from tests.people import user_with

pytestmark = pytest.mark.e2e

PASSWORD = "geheim-wachtwoord-123"
TITLE = "Een vaste koffieronde die stilviel"


def _login(pg, base: str, username: str, next_url: str) -> None:
    pg.goto(f"{base}/aanmelden/?next={next_url}")
    pg.fill("input[name=username]", username)
    pg.fill("input[name=password]", PASSWORD)
    pg.locator("form:has(input[name=password]) button[type=submit]").click()
    pg.wait_for_url(f"**{next_url}")


def _logout(pg) -> None:
    pg.get_by_role("button", name="Afmelden").click()
    pg.wait_for_load_state("networkidle")  # the home page's map data, not cut off


@pytest.mark.parametrize("width", [1280, 390])
def test_write_review_publish_and_find_a_practice(page, atlas_url, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    user_with("an", ("cultuurbeleidscoordinator", "44021"), password=PASSWORD)
    user_with("mod", ("steunpunt", "optil"), password=PASSWORD)
    ARTIFACTS_DIR.mkdir(exist_ok=True)

    # 1. a culture official of Gent writes what did not work
    _login(page, atlas_url, "an", "/netwerk/praktijken/nieuw/")
    page.locator("#id_titel").fill(TITLE)
    page.get_by_label("leerrijke ervaring (wat niet werkte)").check()
    page.get_by_label("Vertrouwen (ambtelijk en politiek)").check()
    page.locator("#id_samenvatting").fill(
        "Elke maand een informele koffieronde voor de cultuurambtenaren van de regio."
    )
    page.locator("#id_wat_niet_werkte").fill(
        "Na een half jaar kwam bijna niemand nog: de werkdruk was te hoog."
    )
    page.locator("#id_lessen").fill("Koppel het informele moment aan een vergadering.")
    places = page.get_by_role("combobox", name="Gemeenten")
    places.click()
    page.keyboard.type("Gent")
    page.locator(f"#{places.get_attribute('aria-controls')}").get_by_role(
        "option", name=re.compile(r"^Gent 44021")
    ).click()
    assert places.input_value().startswith("Gent")
    page.locator("#id_schaal").select_option("gemeenten")
    page.locator("#id_jaar").fill("2024")
    fits(page)
    axe(page)
    page.wait_for_load_state("networkidle")  # no suggestion request cut off by the submit
    page.get_by_role("button", name="Bewaar als concept").click()
    page.wait_for_selector(f"text=De praktijk “{TITLE}” is bewaard als concept.")
    assert "Gent" in page.locator("dl.praktijk-gegevens").inner_text()
    page.get_by_role("button", name="Indienen ter nazicht").click()
    page.wait_for_selector(f"text=De praktijk “{TITLE}” is ingediend ter nazicht.")
    fits(page)
    _logout(page)

    # 2. nobody else finds it yet
    page.goto(f"{atlas_url}/netwerk/praktijken/?q=koffieronde")
    page.wait_for_selector("h2:has-text('0 praktijken gevonden')")

    # 3. a moderator publishes it from the review queue
    _login(page, atlas_url, "mod", "/netwerk/praktijken/review/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_selector(f"h1:has-text('{TITLE}')")
    page.get_by_role("button", name="Publiceren").click()
    page.wait_for_selector(f"text=De praktijk “{TITLE}” is gepubliceerd.")
    assert "Er wachten geen praktijken op nazicht." in page.content()
    _logout(page)

    # 4. an anonymous visitor finds it by a word (accents and case do not matter) ...
    page.goto(f"{atlas_url}/netwerk/praktijken/")
    page.locator("#zoek-q").fill("KOFFIERÓNDE")
    page.get_by_role("button", name="Zoek").click()
    page.wait_for_selector("h2:has-text('1 praktijk gevonden')")
    page.get_by_role("link", name=TITLE).wait_for()
    fits(page)
    axe(page)
    page.screenshot(path=str(ARTIFACTS_DIR / f"praktijken-zoeken-{width}.png"), full_page=True)

    # ... and by a facet, without a search word
    page.goto(f"{atlas_url}/netwerk/praktijken/")
    page.locator(".facetten a", has_text="Vertrouwen (ambtelijk en politiek)").click()
    page.wait_for_selector("h2:has-text('1 praktijk gevonden')")
    assert "thema=vertrouwen" in page.url
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_selector(f"h1:has-text('{TITLE}')")
    text = page.locator("article").inner_text()
    assert "Na een half jaar kwam bijna niemand nog" in text
    assert "Beheer" not in text and "Geschiedenis" not in text
    fits(page)
    axe(page)
    page.screenshot(path=str(ARTIFACTS_DIR / f"praktijk-{width}.png"), full_page=True)
    assert_no_browser_problems(page)
