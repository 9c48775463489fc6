"""An IGS adds its own indicator and enters its partners' figures by hand, in headless Chromium
(CSP enforced), on a desktop (1280 px) and a phone (390 px) viewport; then the figures are on the
IGS's Monitor page and the indicator is on the catalogue page under its IGS.

Synthetic bundle (tests/fixtures/bundle.py): Cultuur Noord ("noord") has on 1 January 2024 three
partners fully inside it: Aalter, Eeklo and Evergem. Entered for 2024: Aalter 1.250, Eeklo 980,
Evergem 2.400 uitleenbeurten; the IGS average is (1.250 + 980 + 2.400) / 3 = 4.630 / 3 =
1.543,33…, shown with one decimal as 1.543,3. A first try with Eeklo -3 is refused for Eeklo
and saves nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from samenspel.monitor.models import Indicator, Measurement
from tests.people import user_with

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CODE = "NOORD_UITLEENBEURTEN_BIBLIOTHEEK"  # made from the IGS and the name ("in", "de" left out)


@pytest.fixture
def site(browser, live_server, transactional_db, bundle_dir, settings, tmp_path):
    from samenspel.atlas.loading import load_bundle
    from samenspel.monitor.loading import ensure_catalogue

    settings.VAR_DIR = tmp_path / "var"
    load_bundle(bundle_dir)
    ensure_catalogue()
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    context.set_default_timeout(15_000)
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"JavaScript-fout: {exc}"))
    pg.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and "status of 400" not in m.text  # the refused entry
            else None
        ),
    )
    pg.on(
        "response",
        lambda r: (
            problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 and not (r.status == 400 and "/monitor/invoer/" in r.url)
            else None
        ),
    )
    pg.problems = problems
    yield pg
    context.close()


def fits(pg) -> None:
    width = pg.evaluate("document.documentElement.scrollWidth")
    screen = pg.viewport_size["width"]
    assert width <= screen, f"{pg.url} is {width} px breed op een scherm van {screen} px"


def row(pg, name: str):
    return pg.locator(".invoer-rij", has=pg.get_by_label(name))


@pytest.mark.parametrize("width", [1280, 390])
def test_add_an_own_indicator_and_enter_the_partners_figures(page, site, django_user_model, width):
    page.set_viewport_size({"width": width, "height": 900})
    ARTIFACTS.mkdir(exist_ok=True)
    user_with("coordinator", ("igs_coordinator", "noord"), password="x-geheim-123")
    page.goto(f"{site}/aanmelden/?next=/monitor/igs/noord/eigen/")
    page.fill("input[name=username]", "coordinator")
    page.fill("input[name=password]", "x-geheim-123")
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_selector("h1:has-text('Eigen indicatoren')")
    assert "Cultuur Noord heeft nog geen eigen indicatoren." in page.inner_text("main")

    # the indicator: code left empty, own registration and per municipality by default
    page.get_by_label("Naam").fill("Uitleenbeurten in de bibliotheek")
    page.get_by_label("Definitie").fill("Aantal uitleningen van de openbare bibliotheek.")
    page.get_by_label("Eenheid").fill("uitleenbeurten")
    page.get_by_label("Enkel gehele getallen").check()
    fits(page)
    page.get_by_role("button", name="Voeg de indicator toe").click()
    page.wait_for_selector("h1:has-text('Cijfers invoeren')")
    assert f"({CODE}) is toegevoegd" in page.inner_text("main")
    ind = Indicator.objects.get(code=CODE)
    assert (ind.igs, ind.kind, ind.level, ind.whole_numbers) == (
        "noord",
        "own",
        "municipality",
        True,
    )

    page.select_option("#jaar", "2024")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_selector("legend:has-text('in 2024')")
    labels = page.locator(".invoer-rij label").all_inner_texts()
    assert [t.split()[0] for t in labels] == ["Aalter", "Eeklo", "Evergem"]

    page.get_by_label("Aalter").fill("1.250")
    page.get_by_label("Eeklo").fill("-3")
    page.get_by_label("Evergem").fill("2.400")
    page.get_by_role("button", name="Bewaar de cijfers").click()
    page.wait_for_selector("text=Er is niets bewaard")
    assert "Eeklo: een negatief getal (-3) kan niet" in row(page, "Eeklo").inner_text()
    assert Measurement.objects.filter(indicator=ind).count() == 0  # all or nothing
    page.screenshot(path=str(ARTIFACTS / f"eigen-invoer-fout-{width}.png"), full_page=True)

    page.get_by_label("Eeklo").fill("980")
    page.get_by_label("Opmerking").fill("uit het bibliotheeksysteem")
    page.get_by_role("button", name="Bewaar de cijfers").click()
    page.wait_for_selector("text=2024 voor Cultuur Noord: 3 toegevoegd.")
    # the person's name (tests/people.py: Coordinator), from the value's history
    assert "Nu: 1.250, manueel ingevoerd door Coordinator op" in row(page, "Aalter").inner_text()
    assert "Nu: 980, manueel ingevoerd door Coordinator" in row(page, "Eeklo").inner_text()
    assert page.get_by_label("Evergem").input_value() == "2.400"
    fits(page)
    page.screenshot(path=str(ARTIFACTS / f"eigen-invoer-{width}.png"), full_page=True)

    # the IGS's Monitor page shows them, with the average 4.630 / 3 = 1.543,3
    page.get_by_role(
        "link", name="Bekijk de cijfers op de Monitor-pagina van Cultuur Noord"
    ).click()
    table = page.locator("table:has(caption:has-text('Uitleenbeurten in de bibliotheek, 2024'))")
    cells = {
        r.locator("th").inner_text(): r.locator("td").nth(1).inner_text()
        for r in table.locator("tbody tr").all()
    }
    assert cells["Aalter"] == "1.250"
    assert cells["Eeklo"] == "980"
    assert cells["Evergem"] == "2.400"
    assert cells["Gemiddelde van de partners (IGS)"] == "1.543,3"
    fits(page)

    # the catalogue lists it under its IGS, with a link to the IGS's own indicators
    page.goto(f"{site}/monitor/")
    own = page.locator("section:has(#eigen)")
    assert "Cultuur Noord" in own.locator("h3").all_inner_texts()
    own.get_by_role("link", name="Uitleenbeurten in de bibliotheek").click()
    page.wait_for_selector(f"tr#{CODE}")
    assert page.locator(f"tr#{CODE} td.num").inner_text() == "3"  # three measurements
    fits(page)
    page.screenshot(path=str(ARTIFACTS / f"eigen-lijst-{width}.png"), full_page=True)
    assert not page.problems, "problemen in de browser:\n" + "\n".join(page.problems)
