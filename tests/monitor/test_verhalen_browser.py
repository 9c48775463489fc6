"""A story with a photo, written in a real browser (headless Chromium, CSP enforced) on a desktop
and a phone viewport: log in, write the story for COMEET with a partner picked through the
search suggestions, upload a photo, then see it on the story page, on the list of stories and in
the IGS's yearly report; no page gets wider than the screen. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.e2e.conftest import atlas_url, browser, bundle_dir, page  # noqa: F401 (fixtures)
from tests.e2e.test_atlas_browser import (
    ARTIFACTS_DIR,
    AXE_JS,
    _describe,
    assert_no_browser_problems,
)
from tests.people import user_with

pytestmark = pytest.mark.e2e


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 110, 190)).save(buf, "PNG")
    return buf.getvalue()


def _fits(pg) -> None:
    width = pg.evaluate("document.documentElement.scrollWidth")
    screen = pg.viewport_size["width"]
    assert width <= screen, f"{pg.url} is {width} px breed op een scherm van {screen} px"


def _axe(pg) -> None:
    pg.add_script_tag(path=str(AXE_JS))
    result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe-core op {pg.url}:\n{_describe(bad)}"


def _photo_loaded(pg, selector: str) -> None:
    img = pg.locator(selector).first
    img.wait_for()
    img.scroll_into_view_if_needed()
    pg.wait_for_function("(el) => el.complete && el.naturalWidth === 320", arg=img.element_handle())


@pytest.mark.parametrize("width", [1280, 390])
def test_write_a_story_with_a_photo_and_find_it_in_the_report(
    page,  # noqa: F811
    atlas_url,  # noqa: F811
    django_user_model,
    settings,
    tmp_path,
    width,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page.set_viewport_size({"width": width, "height": 900})
    user_with("coordinator", ("igs_coordinator", "comeet"), password="x-geheim-123")
    page.goto(f"{atlas_url}/aanmelden/?next=/monitor/verhalen/")
    page.fill("input[name=username]", "coordinator")
    page.fill("input[name=password]", "x-geheim-123")
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_selector("h1:has-text('Verhalen')")

    # from the report's link: the IGS and the year are filled in
    page.wait_for_load_state("networkidle")
    page.goto(f"{atlas_url}/monitor/verhalen/nieuw/?igs=comeet&jaar=2024")
    assert (
        page.get_by_role("combobox", name="IGS").input_value()
        == "COMEET (Cultuuroverleg Meetjesland)"
    )
    assert page.locator("#id_van").input_value() == "2024"
    _axe(page)
    page.locator("#id_titel").fill("Het Meetjeslands voorleesfestival")
    page.locator("#id_tekst").fill(
        "Twaalf bibliotheken lazen op één zondag voor, ook in de kleinste deelgemeenten."
    )
    page.locator("#id_verteller").fill("Sara De Smet")
    page.locator("#id_rol").fill("cultuurbeleidscoördinator")
    partners = page.get_by_role("combobox", name="Partners (gemeenten)")
    partners.click()
    page.keyboard.type("Eekl")
    page.locator(f"#{partners.get_attribute('aria-controls')}").get_by_role(
        "option", name="Eeklo"
    ).click()
    assert partners.input_value().startswith("Eeklo")
    page.locator("#id_bijlage").set_input_files(
        {"name": "voorlezen.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.locator("#id_beschrijving").fill("Kinderen op kussens in de bibliotheek")
    page.get_by_role("button", name="Bewaar het verhaal").click()

    page.wait_for_selector("text=Het verhaal “Het Meetjeslands voorleesfestival” is bewaard.")
    _photo_loaded(page, "img[alt='Kinderen op kussens in de bibliotheek']")
    assert "COMEET (Cultuuroverleg Meetjesland)" in page.locator("dl").inner_text()
    assert "Eeklo" in page.locator("dl").inner_text()
    _fits(page)

    page.wait_for_load_state("networkidle")  # no favicon request cut off by the next page
    page.goto(f"{atlas_url}/monitor/verhalen/?igs=comeet")
    page.get_by_role("link", name="Het Meetjeslands voorleesfestival").wait_for()
    _photo_loaded(page, ".verhaal img")
    _fits(page)
    _axe(page)
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"verhalen-{width}.png"), full_page=True)

    page.wait_for_load_state("networkidle")
    page.goto(f"{atlas_url}/monitor/igs/comeet/rapport/2024/")
    page.wait_for_selector("h1:has-text('Jaarverslag 2024 van COMEET')")
    stories = page.locator("section.rapport-verhalen")
    assert "Het Meetjeslands voorleesfestival" in stories.inner_text()
    assert "Verteld door Sara De Smet, cultuurbeleidscoördinator · 2024 · Eeklo" in (
        stories.inner_text()
    )
    _photo_loaded(page, ".rapport-verhalen img")
    _fits(page)
    _axe(page)
    stories.screenshot(path=str(ARTIFACTS_DIR / f"rapport-verhalen-{width}.png"))
    assert_no_browser_problems(page)
