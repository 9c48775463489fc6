"""The Samenwerkingsscan in a real browser (headless Chromium, CSP enforced), on the real bundle.

The coordinator of IGS Zuidwest (centrumstad Kortrijk) logs in, starts a scan for the IGS, opens
a round and makes six personal links. Three respondents answer in fresh browser contexts
without an account (one the schepen of Kortrijk, one on a phone): the results appear for the
round as a whole, the perception gaps say why they cannot be shown yet (each side needs 3).
Three more answer (two more schepenen of Kortrijk, an official of Menen): now the centrumstad
is compared with the other partners. axe-core finds no serious violation on the answer page and
the results page at 1280 and 390 px, and no page is wider than a phone.

Worked out: answering the same point on every statement, a dimension without reverse-keyed
statements (vertrouwen) scores that point. Kortrijk answers 5 (three times); Kuurne 2,
Harelbeke 3, Menen 2: the other partners average (2 + 3 + 2) / 3 = 2,33, so the centrumstad
scores 5,00 − 2,33 = +2,67 higher on trust.
"""

from __future__ import annotations

import pytest

from tests.browser import fits
from tests.e2e.conftest import atlas_url, browser, bundle_dir, page  # noqa: F401 (fixtures)
from tests.e2e.test_atlas_browser import (
    ARTIFACTS_DIR,
    AXE_JS,
    _describe,
    assert_no_browser_problems,
)

pytestmark = pytest.mark.e2e

#: True once every table window that scrolls is a keyboard stop (site.js, after a resize).
SCROLLERS_MEASURED = """() => [...document.querySelectorAll('.tabel-venster')].every(
  (r) => !r.clientWidth || r.scrollWidth <= r.clientWidth + 1 || r.hasAttribute('tabindex'))"""


def _axe(pg) -> None:
    assert AXE_JS.exists(), f"{AXE_JS} ontbreekt: voer 'npm ci' uit in de hoofdmap"
    # through the DevTools protocol (the pages' CSP refuses inline scripts), as in e2e/conftest
    pg.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe-core op {pg.url}:\n{_describe(bad)}"


def _respond(browser, link, *, role, municipality, point, width=1280, check=False):  # noqa: F811
    """One respondent in a fresh context (no cookies, no login) answers every statement;
    ``check``: axe-core and a screenshot of the answer page first."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-BE")
    try:
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.goto(link)
        pg.wait_for_selector("h1:has-text('Samenwerkingsscan')")
        fits(pg)
        pg.get_by_label(role).check()
        pg.get_by_label("Je gemeente", exact=True).select_option(label=municipality)
        choices = pg.locator(f"fieldset.stelling input[value='{point}']")
        assert choices.count() == 42
        for i in range(choices.count()):
            choices.nth(i).check()
        pg.get_by_label("Wat loopt er vandaag goed").fill(f"Ons gezamenlijk festival ({point})")
        if check:
            ARTIFACTS_DIR.mkdir(exist_ok=True)
            _axe(pg)
            pg.screenshot(path=str(ARTIFACTS_DIR / f"scan-antwoord-{width}.png"), full_page=True)
        pg.get_by_role("button", name="Verstuur mijn antwoorden").click()
        pg.wait_for_selector("h1:has-text('Bedankt voor je antwoorden')")
        # the same link again: said politely, nothing stored twice
        pg.goto(link)
        pg.wait_for_selector("h1:has-text('Met deze link is al geantwoord')")
        assert not errors, errors
    finally:
        context.close()


def test_a_coordinator_runs_a_scan_and_sees_results_and_perception_gaps(
    page,  # noqa: F811
    atlas_url,  # noqa: F811
    browser,  # noqa: F811
):
    from tests.people import user_with

    user_with("coordinator", ("igs_coordinator", "zuidwest"), password="x-geheim-123")
    page.goto(f"{atlas_url}/aanmelden/?next=/scan/")
    page.fill("input[name=username]", "coordinator")
    page.fill("input[name=password]", "x-geheim-123")
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_selector("h1:has-text('Samenwerkingsscan')")

    _axe(page)
    page.get_by_role("link", name="Nieuwe scan").click()
    _axe(page)
    page.get_by_label("Gemeenten die een samenwerking overwegen").check()
    assert page.get_by_label("Gemeenten", exact=True).is_visible()
    assert not page.get_by_label("IGS", exact=True).is_visible()  # scan.js shows one field
    page.get_by_label("Een bestaand IGS").check()
    assert not page.get_by_label("Gemeenten", exact=True).is_visible()
    page.get_by_label("IGS", exact=True).select_option(label="Zuidwest")
    page.get_by_role("button", name="Maak de scan").click()
    page.wait_for_selector("text=De scan “Zuidwest” is aangemaakt.")
    page.get_by_text("De partners").click()
    assert "Kortrijk centrumstad" in page.locator(".scan-partners").inner_text()
    _axe(page)

    page.get_by_label("Titel van de ronde").fill("Ronde 2026")
    page.get_by_role("button", name="Open de ronde").click()
    page.wait_for_selector("h1:has-text('Ronde 2026')")
    round_url = page.url
    page.get_by_label("Aantal persoonlijke links").fill("6")
    page.get_by_role("button", name="Maak de links").click()
    page.wait_for_selector("text=Deze links zie je alleen nu.")
    _axe(page)
    links = page.locator(".scan-links code").all_inner_texts()
    assert len(links) == 6 and all("/scan/antwoord/" in link for link in links)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download de links (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert len(open(download.value.path(), encoding="utf-8-sig").read().splitlines()) == 7
    # a form that answers with a download ends its navigation as "aborted": not a problem
    page.problems[:] = [p for p in page.problems if "links.csv net::ERR_ABORTED" not in p]

    official = "Cultuurambtenaar of cultuurbeleidscoördinator"
    schepen = "Schepen of burgemeester"
    _respond(browser, links[0], role=schepen, municipality="Kortrijk", point=5, check=True)
    _respond(browser, links[1], role=official, municipality="Kuurne", point=2, width=390,
             check=True)  # fmt: skip
    _respond(browser, links[2], role=official, municipality="Harelbeke", point=3)

    # three answers so far, and the round still open
    page.goto(round_url)
    assert "6 uitgenodigd, 3 geantwoord" in page.locator(".scan-samenvatting").inner_text()
    assert page.locator(".scan-links").count() == 0  # the links were shown once
    # an open round shows no figures (one more answer could be read off them)
    page.get_by_role("link", name="Naar de resultaten").click()
    page.wait_for_selector("text=Nog geen resultaten: de ronde is open")
    assert page.locator(".scan-staven").count() == 0

    _respond(browser, links[3], role=schepen, municipality="Kortrijk", point=5)
    _respond(browser, links[4], role=schepen, municipality="Kortrijk", point=5)
    _respond(browser, links[5], role=official, municipality="Menen", point=2)

    # closed: the results of the six, with the perception gaps
    page.goto(round_url)
    page.get_by_label("Ik begrijp dat er daarna niemand meer kan antwoorden").check()
    page.get_by_role("button", name="Sluit de ronde af").click()
    page.wait_for_selector("text=is afgesloten")
    page.get_by_role("link", name="Naar de resultaten").click()
    page.wait_for_selector("text=6 mensen vulden de scan in.")
    centre = page.locator("section.scan-kloof", has_text="Centrumstad tegenover").inner_text()
    centre = centre.replace("\u00ad", "")  # soft hyphens that let a phone break a word
    assert "+2,67" in centre and "uiteenlopend" in centre
    roles = page.locator("section.scan-kloof", has_text="Ambtenaren tegenover").inner_text()
    assert "-2,67" in roles or "−2,67" in roles  # officials 2,33 against politicians 5,00
    assert "Kortrijk" in page.locator("#per-partner + .tabel").inner_text()
    assert page.locator(".scan-aandacht").count() >= 1
    assert page.locator(".scan-aandacht a[href^='/netwerk/praktijken/?thema=']").count() >= 1
    assert "Ons gezamenlijk festival (5)" in page.locator(".scan-open").inner_text()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_function(SCROLLERS_MEASURED)  # site.js measures the tables after a resize
        fits(page)
        _axe(page)
        page.screenshot(path=str(ARTIFACTS_DIR / f"scan-resultaten-{width}.png"), full_page=True)
    assert_no_browser_problems(page)
