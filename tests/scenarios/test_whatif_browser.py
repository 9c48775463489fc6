"""'Wat als … meedoet?' in a real browser on the real bundle (the issue's Done-when: "open
Aalst's 'Wat als … meedoet?' page"), on a desktop (1280 px) and a phone (390 px): from the list
of centrumsteden to Aalst's page, its options with their figures side by side (stacked on a
phone), another key chosen with the select, no horizontal scrolling, no serious accessibility
problem. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import atlas_url, browser, bundle_dir, page  # noqa: F401 (fixtures)
from tests.e2e.test_atlas_browser import (
    ARTIFACTS_DIR,
    AXE_JS,
    _describe,
    assert_no_browser_problems,
)

pytestmark = pytest.mark.e2e

AALST = "41002"
NUMBER = r"(\d{1,3}(?:\.\d{3})*)"
PERCENT = r"(\d{1,3},\d) %"


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def _figures(card) -> dict[str, str]:
    """The figures of one option card, label → value, as shown."""
    out = {}
    for row in card.locator("dl.cijfers > div").all():
        label = row.locator("dt").inner_text().strip()
        out[label] = " ".join(d.inner_text().strip() for d in row.locator("dd").all())
    return out


@pytest.mark.parametrize("width", [1280, 390])
def test_open_aalsts_what_if_page(page, atlas_url, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{atlas_url}/wat-als/")
    page.get_by_role("link", name="Wat als Aalst meedoet?").click()
    page.wait_for_url(re.compile(rf"/wat-als/{AALST}/"))
    assert page.locator("h1").inner_text() == "Wat als Aalst meedoet?"

    cards = page.locator("article.optie")
    assert cards.count() >= 3, "verwacht: minstens drie opties (IGS van de buren, nieuw IGS, …)"
    implied = []
    for card in cards.all():
        title = card.locator("h2").inner_text()
        figures = _figures(card)
        inhabitants = _number(re.fullmatch(NUMBER, figures["inwoners"]).group(1))
        share = re.match(PERCENT, figures["aandeel van Aalst in de inwoners"]).group(1)
        assert "komt" in figures["regels vanaf 2027"], title
        assert "€" in figures["Vlaamse subsidie"] or figures["Vlaamse subsidie"].startswith("geen")
        # Inhabitants × Aalst's share is Aalst's own population: the same on every card
        # (within the rounding of a share to 0,1 %).
        implied.append(inhabitants * float(share.replace(",", ".")) / 100)
        assert card.get_by_role("link", name="Verdeelsleutel voor deze groep").count() == 1
    assert max(implied) - min(implied) <= 0.0005 * max(
        _number(re.fullmatch(NUMBER, _figures(c)["inwoners"]).group(1)) for c in cards.all()
    ), implied

    boxes = [c.bounding_box() for c in cards.all()[:2]]
    if width == 1280:  # side by side
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 1 and boxes[1]["x"] > boxes[0]["x"]
    else:  # stacked
        assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"de pagina is {scroll} px breed op een scherm van {width} px"

    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"wat-als-aalst-{width}.png"), full_page=True)

    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, _describe(bad)

    # Another key: equal shares. Aalst's share of the contribution is then 1 / members.
    page.select_option("#sleutel", "gelijk")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url(re.compile(r"sleutel=gelijk"))
    for card in page.locator("article.optie").all():
        members = int(re.match(r"(\d+) gemeente", card.locator(".leden").inner_text()).group(1))
        figures = _figures(card)
        share = figures["aandeel van Aalst in de bijdrage"]
        if share.startswith("niet berekend"):
            continue
        shown = float(re.match(PERCENT, share).group(1).replace(",", "."))
        assert abs(shown - 100 / members) <= 0.05, (card.locator("h2").inner_text(), share)
    assert_no_browser_problems(page)

    if width == 1280:  # an option opens as a scenario on the scenario page
        first = page.locator("article.optie").first
        title = first.locator("h2").inner_text()
        first.get_by_role("link", name="Open als scenario").click()
        page.wait_for_url(re.compile(r"/scenarios/\?s="))
        assert title in page.locator("h1").inner_text()
