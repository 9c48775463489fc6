"""The budget as it is in a real browser (headless Chromium, CSP enforced), on a desktop and a
phone viewport: pick Zuidwest by name, upload today's contributions from an XLSX made here, see
the cofinancing verdict and the change against today; the page never gets wider than the screen
and the chart's text stays at least 12 px.

Every partner pays 20.000 € today, so the partners bring n × 20.000 € together; with no amount
given the keys split that same total, so every key's total change is 0,00 €.
"""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook
from tests.e2e.conftest import atlas_url, browser, bundle_dir, page  # noqa: F401 (fixtures)
from tests.e2e.test_atlas_browser import AXE_JS, _describe, assert_no_browser_problems

from samenspel.core.numbers import format_eur

pytestmark = pytest.mark.e2e

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _fits(pg) -> None:
    width = pg.evaluate("document.documentElement.scrollWidth")
    screen = pg.viewport_size["width"]
    assert width <= screen, f"{pg.url} is {width} px breed op een scherm van {screen} px"


def _xlsx(names: list[str], amount: int) -> bytes:
    wb = Workbook()
    wb.active.append(["gemeente", "bijdrage"])
    for name in names:
        wb.active.append([name, amount])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("width", [1280, 390])
def test_zuidwest_with_todays_contributions_from_xlsx(page, atlas_url, tmp_path, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{atlas_url}/verdeelsleutel/?peildatum=2026-11-28")
    page.fill("#id_igs", "Zuidwest")
    page.get_by_role("option", name=re.compile("Zuidwest")).first.click()
    page.get_by_role("button", name="Vergelijk", exact=True).click()
    page.wait_for_selector("#vandaag")
    names = page.locator(".bijdragevelden label").all_inner_texts()
    assert len(names) >= 4 and "Kortrijk" in names

    page.set_input_files(
        "#bestand",
        files=[{"name": "bijdragen.xlsx", "mimeType": XLSX, "buffer": _xlsx(names, 20_000)}],
    )
    page.get_by_role("button", name="Lees het bestand").click()
    page.wait_for_selector(".verschiltabel")

    total = format_eur(len(names) * 20_000)  # e.g. 13 × 20.000 = 260.000,00 €
    verdict = page.locator(".cofinanciering-oordeel").inner_text()
    assert f"de gemeenten brengen {total} in" in verdict
    assert ("Cofinanciering voldaan" in verdict) != ("te weinig" in verdict)
    assert page.locator("#id_bijdrage_34022").input_value() == "20.000,00"  # Kortrijk
    table = page.locator(".verschiltabel")
    header = table.locator("thead").inner_text()
    assert "vandaag" in header and "Shapley-waarde" in header
    # every partner pays 20.000 today; per inhabitant Kortrijk (the largest) pays more
    kortrijk = table.locator("tbody tr", has_text="Kortrijk").inner_text()
    assert "20.000,00 €" in kortrijk and "+" in kortrijk
    footer = table.locator("tfoot").inner_text()
    assert total in footer and "0,00 €" in footer

    # the chart: HTML text of at least 12 px, also on a phone
    sizes = page.locator(".staafrij .reeks, .staafrij .bedrag").evaluate_all(
        "(els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize))"
    )
    assert sizes and min(sizes) >= 12, sizes
    _fits(page)
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe-core:\n{_describe(bad)}"
    page.screenshot(path=str(tmp_path / f"budget-{width}.png"), full_page=True)
    assert_no_browser_problems(page)
