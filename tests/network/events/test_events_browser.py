"""A network event in a real browser (headless Chromium, CSP enforced), on a desktop and a phone:
a coordinator of COMEET creates a published event, a second person registers with consent and
appears in the participant list, the .ics downloads and reads as the event, and axe-core finds no
serious violation on the list, the form and the event page. Screenshots go to test-artifacts/.
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

PASSWORD = "x-geheim-wachtwoord-123"


def _login(pg, base: str, username: str, next_url: str) -> None:
    pg.goto(f"{base}/aanmelden/?next={next_url}")
    pg.fill("input[name=username]", username)
    pg.fill("input[name=password]", PASSWORD)
    pg.locator("form:has(input[name=password]) button[type=submit]").click()
    pg.wait_for_load_state("networkidle")


def _logout(pg) -> None:
    pg.get_by_role("button", name="Afmelden").click()
    pg.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", [1280, 390])
def test_create_register_with_consent_and_download_the_ics(
    page,  # noqa: F811
    atlas_url,  # noqa: F811
    width,
):
    page.set_viewport_size({"width": width, "height": 900})
    user_with("sara", ("igs_coordinator", "comeet"), password=PASSWORD)
    user_with("wout", password=PASSWORD)
    ARTIFACTS_DIR.mkdir(exist_ok=True)

    # the coordinator writes and publishes an event
    _login(page, atlas_url, "sara", "/netwerk/ontmoetingen/")
    page.wait_for_selector("h1:has-text('Ontmoetingen')")
    axe(page)
    page.get_by_role("link", name="Nieuwe ontmoeting").click()
    page.wait_for_selector("h1:has-text('Nieuwe ontmoeting')")
    assert page.locator("#id_igs").input_value() == "comeet"  # their IGS organises
    axe(page)
    fits(page)
    page.locator("#id_titel").fill("Netwerkborrel cultuurdiensten Meetjesland")
    page.locator("#id_soort").select_option("informeel")
    page.locator("#id_beschrijving").fill("Bijpraten na de zomer; iedereen welkom, ook schepenen.")
    page.locator("#id_begin").fill("2027-09-16T17:00")
    page.locator("#id_einde").fill("2027-09-16T19:30")
    page.locator("#id_plaats").fill("Bibliotheek, Markt 1")
    page.locator("#id_gemeente").fill("Eeklo")
    page.locator("#id_plaatsen").fill("25")
    page.get_by_label("Gepubliceerd").check()
    page.get_by_role("button", name="Bewaar de ontmoeting").click()
    page.wait_for_selector(
        "text=De ontmoeting “Netwerkborrel cultuurdiensten Meetjesland” is bewaard."
    )
    event_url = page.url
    assert "COMEET" in page.locator("dl").inner_text()
    assert "donderdag 16/09/2027, 17:00 tot 19:30" in page.locator("dl").inner_text()
    _logout(page)

    # a second person registers and agrees to be listed
    _login(page, atlas_url, "wout", event_url.removeprefix(atlas_url))
    page.wait_for_selector("h1:has-text('Netwerkborrel cultuurdiensten Meetjesland')")
    page.get_by_label("Mijn naam mag in de lijst van deelnemers staan").check()
    page.get_by_role("button", name="Ik kom").click()
    page.wait_for_selector("text=Je bent ingeschreven voor “Netwerkborrel")
    participants = page.locator("ul.deelnemers")
    assert participants.inner_text().strip() == "Wout"
    assert "Deelnemers (1)" in page.locator("section.inschrijving").inner_text()
    assert page.get_by_role("button", name="Ik kom toch niet").is_visible()
    assert page.locator("section.organisator").count() == 0  # not the organiser
    axe(page)
    fits(page)
    page.screenshot(path=str(ARTIFACTS_DIR / f"ontmoeting-{width}.png"), full_page=True)

    # the calendar file: 16/9/2027 is summer time (UTC+2), so 17:00 is 15:00 UTC
    with page.expect_download() as info:
        page.get_by_role("link", name="In mijn agenda zetten (.ics)").click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    raw = open(download.path(), "rb").read()
    text = raw.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    lines = text.replace("\r\n ", "").split("\r\n")
    assert "SUMMARY:Netwerkborrel cultuurdiensten Meetjesland" in lines
    assert "DTSTART:20270916T150000Z" in lines
    assert "DTEND:20270916T173000Z" in lines
    assert "LOCATION:Bibliotheek\\, Markt 1\\, Eeklo" in lines
    assert any(x.startswith("DESCRIPTION:Bijpraten na de zomer\\; iedereen welkom") for x in lines)
    assert all(len(x.encode()) <= 75 for x in text.split("\r\n"))

    # the list shows it, the phone too
    page.goto(f"{atlas_url}/netwerk/ontmoetingen/")
    page.get_by_role("link", name="Netwerkborrel cultuurdiensten Meetjesland").wait_for()
    fits(page)
    axe(page)
    page.screenshot(path=str(ARTIFACTS_DIR / f"ontmoetingen-{width}.png"), full_page=True)
    page.wait_for_load_state("networkidle")
    assert_no_browser_problems(page)
