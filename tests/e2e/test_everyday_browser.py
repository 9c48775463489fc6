"""Everyday use of the Atlas in a real browser, on a phone (390 px, touch) and a desktop.

* A first tap on a municipality shows its name and IGS (the address does not change); a second
  tap on the same municipality opens its page. Keyboard and mouse keep opening directly.
* The 13 centrumsteden are named on the map of Flanders (and in its legend on a phone).
* The referentieregio list has a map: 15 regions, coloured, named and linked.
* The municipality list filters while typing; no page is wider than the phone.

Screenshots go to ``test-artifacts/`` (git-ignored) for people to look at.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.e2e

ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
MAP = "figure[data-kaart]"
PHONE = {"width": 390, "height": 844}
AALTER = "44084"  # a member of COMEET, on the COMEET map
CENTRUMSTEDEN = {
    "Aalst",
    "Antwerpen",
    "Brugge",
    "Genk",
    "Gent",
    "Hasselt",
    "Kortrijk",
    "Leuven",
    "Mechelen",
    "Oostende",
    "Roeselare",
    "Sint-Niklaas",
    "Turnhout",
}
# A point inside the element where a tap really lands on it (the centre of the bounding box may
# lie outside an irregular municipality).
POINT_ON_ELEMENT = """
(el) => {
  const r = el.getBoundingClientRect();
  for (let i = 1; i < 16; i++) for (let j = 1; j < 16; j++) {
    const x = r.left + (r.width * i) / 16, y = r.top + (r.height * j) / 16;
    if (document.elementFromPoint(x, y) === el) return { x, y };
  }
  return null;
}
"""
# Words of an element whose letters lie on more than one line.
BROKEN_WORDS = """
(el) => {
  const broken = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const re = /\\S+/g;
    for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}
"""
VISIBLE_LABELS = """
(els) => els.filter((t) => getComputedStyle(t).display !== 'none').map((t) => {
  const r = t.getBoundingClientRect();
  return [t.textContent, [r.left, r.top, r.right, r.bottom]];
})
"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2, locale="nl-BE"
    )
    context.set_default_timeout(15_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors
    yield pg
    context.close()


def open_map(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f'{MAP}[data-geladen="1"]', state="attached")


def assert_apart(labels) -> None:
    for i, (a, ra) in enumerate(labels):
        for b, rb in labels[i + 1 :]:
            apart = ra[2] <= rb[0] or rb[2] <= ra[0] or ra[3] <= rb[1] or rb[3] <= ra[1]
            assert apart, f"{a} en {b} overlappen: {ra} {rb}"


def test_first_tap_shows_the_name_second_tap_opens(phone, atlas_url):
    open_map(phone, atlas_url + "/igs/comeet/?peildatum=2026-11-28")
    aalter = phone.locator(f'{MAP} path[data-refnis="{AALTER}"]')
    aalter.scroll_into_view_if_needed()
    point = aalter.evaluate(POINT_ON_ELEMENT)
    assert point, "geen punt gevonden waar een tik op Aalter valt"
    before = phone.url

    phone.touchscreen.tap(point["x"], point["y"])
    tooltip = phone.locator(f"{MAP} .kaart-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert "Aalter" in text and "COMEET" in text, text
    phone.wait_for_timeout(600)  # longer than the 250 ms after which a mouse tooltip hides
    assert tooltip.is_visible()
    assert phone.url == before  # the first tap did not navigate
    link = tooltip.get_by_role("link", name="Open Aalter →")
    assert urlsplit(link.get_attribute("href")).path == f"/gemeenten/{AALTER}/"
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS_DIR / "kaart-tik-390.png"))

    phone.touchscreen.tap(point["x"], point["y"])
    phone.wait_for_url(f"**/gemeenten/{AALTER}/?peildatum=2026-11-28")
    assert phone.locator("h1").evaluate("(h) => h.firstChild.textContent.trim()") == "Aalter"
    assert not phone.errors


def test_a_tap_on_another_municipality_moves_the_name(phone, atlas_url):
    open_map(phone, atlas_url + "/referentieregios/regio-gent/?peildatum=2026-11-28")
    shown = []
    for refnis in ("44021", "44084"):  # Gent, then Aalter: neither tap navigates
        path = phone.locator(f'{MAP} path[data-refnis="{refnis}"]')
        path.scroll_into_view_if_needed()
        point = path.evaluate(POINT_ON_ELEMENT)
        phone.touchscreen.tap(point["x"], point["y"])
        phone.wait_for_timeout(300)
        shown.append(phone.locator(f"{MAP} .kaart-tooltip strong").inner_text())
    assert shown == ["Gent", "Aalter"]
    assert urlsplit(phone.url).path == "/referentieregios/regio-gent/"


def test_mouse_and_keyboard_still_open_at_once(page, atlas_url):
    open_map(page, atlas_url + "/igs/comeet/?peildatum=2026-11-28")
    aalter = page.locator(f'{MAP} path[data-refnis="{AALTER}"]')
    aalter.focus()
    tooltip = page.locator(f"{MAP} .kaart-tooltip")
    assert tooltip.is_visible() and "Aalter" in tooltip.inner_text()
    assert tooltip.get_attribute("role") == "tooltip"  # no link in a focus tooltip
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/gemeenten/{AALTER}/?peildatum=2026-11-28")


def test_centrumsteden_are_named_on_the_map_of_flanders(page, atlas_url):
    open_map(page, atlas_url + "/?peildatum=2026-11-28")
    page.locator(MAP).scroll_into_view_if_needed()
    labels = page.locator(f"{MAP} .kaart-labels text.kaart-stad").evaluate_all(VISIBLE_LABELS)
    assert {name for name, _ in labels} == CENTRUMSTEDEN  # all 13 at 1280 px
    assert_apart(labels)
    # and never on top of an IGS number
    numbers = page.locator(f"{MAP} .kaart-nummer circle").evaluate_all(
        "(els) => els.map((c) => { const r = c.getBoundingClientRect();"
        " return ['nummer', [r.left, r.top, r.right, r.bottom]]; })"
    )
    assert_apart(labels + numbers)
    page.locator(MAP).screenshot(path=str(ARTIFACTS_DIR / "kaart-vlaanderen-1280.png"))


def test_on_a_phone_the_legend_names_every_centrumstad(phone, atlas_url):
    open_map(phone, atlas_url + "/?peildatum=2026-11-28")
    legend = phone.locator(f"{MAP} .kaart-legende").inner_text()
    missing = [name for name in CENTRUMSTEDEN if name not in legend]
    assert not missing, missing
    labels = phone.locator(f"{MAP} .kaart-labels text.kaart-stad").evaluate_all(VISIBLE_LABELS)
    assert labels, "geen enkele centrumstad bij naam op de kaart"
    assert_apart(labels)
    phone.locator(MAP).screenshot(path=str(ARTIFACTS_DIR / "kaart-vlaanderen-390.png"))


def test_region_list_has_a_map_of_the_15_regions(page, atlas_url):
    open_map(page, atlas_url + "/referentieregios/?peildatum=2026-11-28")
    legend = page.locator(f"{MAP} .kaart-legende li[data-regio] a")
    assert legend.count() == 15
    names = page.locator(f"{MAP} .kaart-labels text.kaart-regio-naam").evaluate_all(VISIBLE_LABELS)
    assert len(names) == 15, [n for n, _ in names]
    assert_apart(names)
    # every municipality in the plain colour of its region (no IGS pattern)
    colours = page.locator(f"{MAP} path[data-refnis]").evaluate_all(
        "(els) => els.map((el) => el.getAttribute('fill'))"
    )
    assert all(c.startswith("#") for c in colours)
    page.locator(MAP).screenshot(path=str(ARTIFACTS_DIR / "kaart-regios-1280.png"))
    # a click on a municipality opens its region (Gent lies in Regio Gent)
    gent = page.locator(f'{MAP} path[data-refnis="44021"]')
    gent.scroll_into_view_if_needed()
    point = gent.evaluate(POINT_ON_ELEMENT)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/referentieregios/regio-gent/?peildatum=2026-11-28")


def test_municipality_list_filters_while_typing(phone, atlas_url):
    phone.goto(atlas_url + "/gemeenten/?peildatum=2026-11-28")
    phone.evaluate("window.__zelfdePagina = true")
    # 285 municipalities, 50 a page: the page is no longer 12.485 px tall
    assert phone.locator("[data-aantal]").get_attribute("data-aantal") == "285"
    assert phone.locator("#gemeenten-resultaten tbody tr").count() == 50
    phone.get_by_role("searchbox", name="Zoek een gemeente").fill("zele")
    phone.wait_for_selector("[data-aantal='3']")
    rows = phone.locator("#gemeenten-resultaten tbody tr td:nth-child(2)").all_inner_texts()
    # "zele" is in Herzele, Oosterzele and Zele (and in no former municipality)
    assert rows == ["Herzele", "Oosterzele", "Zele"]
    assert phone.evaluate("window.__zelfdePagina") is True  # filtered without a reload
    assert "q=zele" in phone.url
    # a filter on top: only the centrumsteden → none of the three
    phone.get_by_label("enkel centrumsteden").check()
    phone.wait_for_selector("[data-aantal='0']")
    assert (
        "Geen gemeente gevonden voor ‘zele’ met deze filters"
        in phone.locator("#gemeenten-resultaten").inner_text()
    )
    phone.screenshot(path=str(ARTIFACTS_DIR / "gemeenten-filter-390.png"), full_page=True)
    assert not phone.errors


@pytest.mark.parametrize(
    "path", ["/", "/igs/", "/gemeenten/", "/referentieregios/", "/gemeenten/44021/"]
)
def test_no_page_is_wider_than_the_phone(phone, atlas_url, path):
    phone.goto(atlas_url + path + "?peildatum=2026-11-28")
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # the heading fits: no word of it is broken over two lines (at 1,9rem "cultuursamenwerking"
    # on the home page did not fit in 342 px and was cut as "cultuursamenwerki / ng")
    assert phone.locator("h1").evaluate(BROKEN_WORDS) == []
    # every wide table scrolls in its own window and says so
    for table in phone.locator(".tabel.schuift").all():
        if table.is_visible():
            assert table.locator(".schuif-hint").is_visible()
    name = path.strip("/").replace("/", "-") or "home"
    phone.screenshot(path=str(ARTIFACTS_DIR / f"telefoon-{name}-390.png"), full_page=True)
    assert not phone.errors


def test_wide_table_on_a_phone_shows_the_hint_and_scrolls(phone, atlas_url):
    phone.goto(atlas_url + "/igs/?peildatum=2026-11-28")
    table = phone.locator(".tabel").first
    assert "schuift" in table.get_attribute("class")
    assert (
        table.locator(".schuif-hint").inner_text() == "Schuif de tabel opzij voor meer kolommen →"
    )
    window = table.locator(".tabel-venster")
    scroll = window.evaluate("(w) => [w.scrollWidth, w.clientWidth]")
    assert scroll[0] > scroll[1]
    window.evaluate("(w) => { w.scrollLeft = 10000; }")
    assert window.evaluate("(w) => w.scrollLeft") == scroll[0] - scroll[1]


def test_tables_that_become_cards_keep_the_phone_width(phone, atlas_url):
    # The groups of a scenario (table.kaarten) become one card per group on a phone. Inside the
    # sideways-scrolling window of every table a card must still fit: nothing is cut off at the
    # right edge (it was: the window made the card table as wide as its longest line, and the
    # member names ran out of sight).
    phone.goto(atlas_url + "/scenarios/?maak=huidig&peildatum=2026-11-28")
    phone.wait_for_load_state("networkidle")
    cards = phone.locator("table.kaarten").first
    assert cards.is_visible()
    window = cards.locator("xpath=ancestor::div[contains(@class,'tabel-venster')]")
    width = window.evaluate("(w) => [w.scrollWidth, w.clientWidth]")
    assert width[0] <= width[1] + 1
