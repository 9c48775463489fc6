"""Mijn vergelijkingen in a real browser (headless Chromium, CSP enforced), on a desktop and a
phone viewport: save a comparison with the longest name allowed (200 characters), see it as saved,
find it in the list, rename it, recompute it, delete it; the page never gets wider than the
screen and axe-core finds no serious accessibility problem."""

from __future__ import annotations

import pytest
from tests.e2e.conftest import atlas_url, browser, bundle_dir, page  # noqa: F401 (fixtures)
from tests.e2e.test_atlas_browser import AXE_JS, _describe, assert_no_browser_problems

pytestmark = pytest.mark.e2e

LONG = "Voorstel" + "x" * 192  # 200 characters, no space to break at


def _fits(pg) -> None:
    width = pg.evaluate("document.documentElement.scrollWidth")
    screen = pg.viewport_size["width"]
    assert width <= screen, f"{pg.url} is {width} px breed op een scherm van {screen} px"


def _axe(pg) -> None:
    pg.add_script_tag(path=str(AXE_JS))
    result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe-core op {pg.url}:\n{_describe(bad)}"


@pytest.mark.parametrize("width", [1280, 390])
def test_save_list_rename_recompute_delete(page, atlas_url, django_user_model, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    django_user_model.objects.create_user("schepen", password="x-geheim-123")
    page.goto(f"{atlas_url}/aanmelden/?next=/verdeelsleutel/mijn/")
    page.fill("input[name=username]", "schepen")
    page.fill("input[name=password]", "x-geheim-123")
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_selector("text=nog geen vergelijkingen bewaard")

    page.goto(
        f"{atlas_url}/verdeelsleutel/?igs=viertoren&peildatum=2026-11-28"
        "&sleutel_1=inwoners&sleutel_2=gelijk&bedrag=80000"
    )
    page.wait_for_load_state("networkidle")
    page.fill("#naam", LONG)
    page.get_by_role("button", name="Bewaar en deel").click()
    page.wait_for_selector("text=Herbereken op de gegevens van vandaag")
    # Viertoren has 4 partners: equal shares of 80.000 € are 20.000,00 € each
    assert "20.000,00 €" in page.locator("table").inner_text()
    _fits(page)
    _axe(page)

    page.goto(f"{atlas_url}/verdeelsleutel/mijn/")
    assert page.get_by_role("link", name=LONG).count() == 1
    _fits(page)
    _axe(page)
    page.locator("input[name=naam]").fill("Voorstel Viertoren")
    page.get_by_role("button", name="Hernoem").click()
    page.wait_for_selector("text=De vergelijking heet nu “Voorstel Viertoren”.")

    page.get_by_role("link", name="Voorstel Viertoren").click()
    page.get_by_role("link", name="Herbereken op de gegevens van vandaag").click()
    page.wait_for_selector("text=Niets veranderd")
    _fits(page)

    page.goto(f"{atlas_url}/verdeelsleutel/mijn/")
    page.get_by_role("button", name="Verwijder “Voorstel Viertoren”").click()
    page.wait_for_selector("text=nog geen vergelijkingen bewaard")
    assert_no_browser_problems(page)
