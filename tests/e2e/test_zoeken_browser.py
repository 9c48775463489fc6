"""Find and start the Verdeelsleutel in a real browser, by keyboard only: the main menu, the
IGS search box (Zuidwest) and the municipality search box (Gent), with the Content Security
Policy enforced and axe-core checking the open combobox."""

from __future__ import annotations

import pytest
from tests.e2e.test_atlas_browser import (
    ARTIFACTS_DIR,
    AXE_JS,
    _describe,
    assert_no_browser_problems,
)
from tests.e2e.test_csp_browser import assert_clean

pytestmark = pytest.mark.e2e


@pytest.fixture
def zoek_page(csp_page):
    """A page that records CSP violations and headers (``csp_page`` in conftest.py)."""
    return csp_page


def test_pick_zuidwest_and_gent_by_keyboard(zoek_page, atlas_url):
    page = zoek_page
    page.goto(f"{atlas_url}/?peildatum=2026-11-28")
    # let the map finish loading: leaving while its topology is still on its way aborts that
    # request, which the browser reports as a problem (seen once on a busy machine)
    page.wait_for_load_state("networkidle")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Verdeelsleutel"
    ).click()
    page.wait_for_selector("h1:has-text('Verdeelsleutel')")

    igs = page.get_by_role("combobox", name="IGS")
    assert igs.get_attribute("aria-expanded") == "false"
    igs.focus()
    # wait for the answer to the whole term: on a busy machine a pause between two letters lets
    # the list for "zuid" appear first, and the later answer for "zuidw" would reset the choice
    with page.expect_response(lambda r: "q=zuidw" in r.url):
        page.keyboard.type("zuidw")
    listbox = page.locator(f"#{igs.get_attribute('aria-controls')}")
    listbox.get_by_role("option", name="Zuidwest").wait_for()
    page.wait_for_function(  # the list shown is the answer for "zuidw", not an earlier one
        """(id) => [...document.querySelectorAll('#' + id + ' [role=option]')]
                     .every((o) => o.textContent.toLowerCase().includes('zuidw'))""",
        arg=igs.get_attribute("aria-controls"),
    )
    assert igs.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    active = igs.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").inner_text().startswith("Zuidwest")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"

    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "zoekvak-zuidwest.png"))

    # axe-core on the open combobox
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe-core op het zoekvak:\n{_describe(bad)}"

    page.keyboard.press("Enter")  # takes the suggestion, does not submit the form
    assert igs.input_value() == "Zuidwest"
    assert igs.get_attribute("aria-expanded") == "false"
    assert page.url.rstrip("/").endswith("/verdeelsleutel")

    extra = page.get_by_role("combobox", name="Voeg gemeenten toe (namen of REFNIS-codes)")
    extra.focus()
    with page.expect_response(lambda r: "q=gent" in r.url):
        page.keyboard.type("gent")
    option = page.locator(f"#{extra.get_attribute('aria-controls')}").get_by_role("option")
    option.first.wait_for()
    assert option.first.inner_text() == "Gent 44021 · centrumstad"
    page.keyboard.press("Escape")  # closes the list, keeps the text
    assert extra.get_attribute("aria-expanded") == "false" and extra.input_value() == "gent"
    page.keyboard.press("ArrowDown")  # opens it again on the first suggestion
    page.keyboard.press("Enter")
    assert extra.input_value() == "Gent, "

    page.get_by_role("button", name="Vergelijk", exact=True).click()
    page.wait_for_selector("#winwin", timeout=60_000)
    assert "Zuidwest" in page.locator("h1").inner_text()
    table = page.locator("#tabel ~ .tabel table").inner_text()
    assert "Gent" in table and "Kortrijk" in table
    page.screenshot(path=str(ARTIFACTS_DIR / "verdeelsleutel-zuidwest-gent.png"), full_page=True)
    assert_clean(page)
    assert_no_browser_problems(page)


def test_without_javascript_names_still_work(browser, atlas_url):
    context = browser.new_context(java_script_enabled=False, locale="nl-BE")
    page = context.new_page()
    page.goto(f"{atlas_url}/verdeelsleutel/")
    page.fill("#id_igs", "Zuidwest")
    page.fill("#id_extra", "Gent")
    page.get_by_role("button", name="Vergelijk", exact=True).click()
    page.wait_for_selector("#winwin", timeout=60_000)
    assert "Gent" in page.locator("#tabel ~ .tabel table").inner_text()
    context.close()


def test_on_a_phone_a_tap_picks_a_suggestion(browser, atlas_url):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="nl-BE"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{atlas_url}/verdeelsleutel/")
    extra = page.get_by_role("combobox", name="Voeg gemeenten toe (namen of REFNIS-codes)")
    extra.tap()
    page.keyboard.type("kortr")
    option = page.locator(f"#{extra.get_attribute('aria-controls')}").get_by_role(
        "option", name="Kortrijk"
    )
    option.tap()
    assert extra.input_value() == "Kortrijk, "
    page.keyboard.type("gen")
    box = page.locator(f"#{extra.get_attribute('aria-controls')}")
    box.get_by_role("option").first.wait_for()
    # the list stays inside the 390 px screen
    bounds = box.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 390
    assert not errors
    context.close()
