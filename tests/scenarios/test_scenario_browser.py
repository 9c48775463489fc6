"""The scenario page in a real browser (headless Chromium, CSP enforced) on the real bundle, on a
desktop and a phone viewport: compute a full-coverage plan for a referentieregio from the form,
see the map and the table, move a municipality and see the evaluation change.

What is checked against what (no number of the bundle is assumed): the map colours exactly the
municipalities the page says are covered; the proven bound equals the number of groups in the
table; after a move the target group's inhabitants rise by exactly the moved municipality's
inhabitants (read from the per-municipality table), and the group it left loses as many.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import atlas_url, browser, bundle_dir, page  # noqa: F401 (fixtures)
from tests.e2e.test_atlas_browser import AXE_JS, _describe, assert_no_browser_problems

pytestmark = pytest.mark.e2e


def _number(text: str) -> int:
    """'129.196' (Belgian notation, maybe followed by a second line) → 129196."""
    return int(text.strip().splitlines()[0].replace(".", "").strip())


def _inhabitants(pg) -> dict[str, int]:
    """Group number → inhabitants, from the groups table."""
    cells = pg.locator("tr[data-groep]").evaluate_all(
        "(rows) => rows.map((r) => [r.dataset.groep,"
        " r.querySelector('td[data-label=Inwoners]').innerText])"
    )
    return {nr: _number(text) for nr, text in cells}


def _fits(pg) -> None:
    width = pg.evaluate("document.documentElement.scrollWidth")
    screen = pg.viewport_size["width"]
    assert width <= screen, f"{pg.url} is {width} px breed op een scherm van {screen} px"


def _axe(pg) -> None:
    if not AXE_JS.exists():
        return
    pg.add_script_tag(path=str(AXE_JS))
    result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe-core op {pg.url}:\n{_describe(bad)}"


@pytest.mark.parametrize("width", [1280, 390])
def test_plan_for_a_region_then_move_a_municipality(page, atlas_url, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{atlas_url}/scenarios/")
    _fits(page)
    _axe(page)
    page.select_option("#id_regio", label="Regio Gent")
    page.fill("#id_drempel", "85.000")
    page.get_by_role("button", name="Bereken").click()
    page.wait_for_selector("figure.scenario-kaart[data-geladen]")

    # the bound: "p = N, en N is het maximum" with as many groups in the table
    bound = page.locator(".grens-zin").inner_text()
    m = re.search(r"p = (\d+), en (\d+) is het maximum", bound)
    assert m and m.group(1) == m.group(2), bound
    before = _inhabitants(page)
    assert len(before) == int(m.group(1))

    # the map colours exactly the covered municipalities, one colour per group
    covered = page.locator("figure.scenario-kaart path[data-status=volledig]").count()
    shown = page.locator("dl.kerncijfers div:has(dt:text('Gemeenten in een groep')) dd")
    assert covered == int(shown.inner_text().split()[0]) > 0
    _fits(page)
    _axe(page)

    # move the first municipality offered to the first group it may go to
    option = page.locator("#verplaats option").first
    refnis, name = option.get_attribute("value"), option.inner_text().split(" (nu ")[0]
    page.select_option("#verplaats", refnis)
    target = page.locator("#naar").input_value()
    page.locator("details.scenario-gemeenten summary").click()
    row = page.locator("details.scenario-gemeenten tbody tr").filter(
        has=page.locator("th", has_text=re.compile(f"^{re.escape(name)}$"))
    )
    population = _number(row.locator("td").nth(1).inner_text())
    source = next(
        nr
        for nr, text in page.locator("tr[data-groep]").evaluate_all(
            "(rows) => rows.map((r) => [r.dataset.groep, r.querySelector('td.leden').innerText])"
        )
        if name in [part.replace("(c)", "").strip() for part in text.split(",")]
    )
    page.get_by_role("button", name="Verplaats en herbereken").click()
    page.wait_for_selector("text=Wat de verplaatsing verandert")
    page.wait_for_selector("figure.scenario-kaart[data-geladen]")
    assert f"{name}: van " in page.locator(".scenario-wijziging").inner_text()
    after = _inhabitants(page)
    if len(after) == len(before):  # the group it left still exists
        assert after[source] == before[source] - population
        assert after[target] == before[target] + population
    else:  # it was alone: its group disappeared, and the numbering after it moved up
        assert sum(after.values()) == sum(before.values())
    assert page.locator("tr[data-groep] mark", has_text=name).count() == 1
    _fits(page)

    # the print button is the site-wide one of site.js (data-actie="afdrukken"): one click, one
    # print dialog (stubbed here)
    page.evaluate("() => { window.__afgedrukt = 0; window.print = () => window.__afgedrukt++; }")
    page.get_by_role("button", name="Afdrukken").click()
    assert page.evaluate("window.__afgedrukt") == 1

    # side by side with today's IGS
    page.get_by_role("link", name="Vergelijk met andere scenario's").click()
    page.get_by_role("button", name="Voeg de huidige IGS toe").click()
    page.wait_for_function("document.querySelectorAll('.vergelijking thead th').length === 3")
    _fits(page)
    _axe(page)
    assert_no_browser_problems(page)
