"""The Monitor page of an IGS in a real browser (headless Chromium, CSP enforced) on the real
bundle, at 1280 and 390 px: open Zuidwest, pick another indicator, and see its table, its bars
and its map; the page never gets wider than the screen. Skipped without the bundle."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import atlas_url, browser, bundle_dir, page  # noqa: F401 (fixtures)
from tests.e2e.test_atlas_browser import assert_no_browser_problems

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [1280, 390])
def test_zuidwest_pick_an_indicator_and_see_table_chart_and_map(
    page,  # noqa: F811
    atlas_url,  # noqa: F811
    bundle_dir,  # noqa: F811
    tmp_path,
    width,
):
    from samenspel.monitor.loading import load_indicators

    load_indicators(bundle_dir / "indicators")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{atlas_url}/monitor/igs/zuidwest/?jaar=2023")
    assert page.locator("h1").inner_text() == "Monitor: Zuidwest"
    page.select_option("#m-indicator", "GSM_CU_S_07")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**indicator=GSM_CU_S_07**")
    heading = page.locator("#indicator").inner_text()
    assert heading == "Tevredenheid over bibliotheekvoorzieningen (2023)"
    # the table: the 13 partners of Zuidwest on 1/1/2023 and the averages beside them
    caption = page.locator(".m-sectie table caption").first.inner_text()
    assert caption == "Tevredenheid over bibliotheekvoorzieningen, 2023"
    labels = page.locator(".m-sectie table tbody th").all_inner_texts()
    assert "Kortrijk" in labels and "Gemiddelde Vlaanderen" in labels
    partners = page.locator(".m-staaf.m-soort-partner").count()
    assert partners == 13
    # the map: one path per partner (heavy outline) plus the neighbours around them
    assert page.locator(".m-kaart-svg path.m-nadruk").count() == 13
    assert page.locator(".m-kaart-svg path.m-buur").count() >= 5
    # the metadata and caveat of the indicator beside the figures
    assert "Stadsmonitor-variant" in page.locator(".m-meta").inner_text()
    width_px = page.evaluate("document.documentElement.scrollWidth")
    assert width_px <= width, f"de pagina is {width_px} px breed op een scherm van {width} px"
    page.screenshot(path=str(tmp_path / f"monitor-zuidwest-{width}.png"), full_page=True)
    assert_no_browser_problems(page)
