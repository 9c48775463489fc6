"""The Atlas in a real browser: the map, the reference date, navigation, downloads, accessibility.

Headless Chromium (Debian's /usr/bin/chromium) through Playwright's sync API, against
pytest-django's live_server with the real Flemish bundle loaded (see conftest.py). Screenshots go
to ``test-artifacts/`` (git-ignored) for people to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.e2e

REPO_DIR = Path(__file__).resolve().parents[2]
AXE_JS = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS_DIR = REPO_DIR / "test-artifacts"

MAP = "figure[data-kaart]"
PATHS = f"{MAP} path[data-refnis]"
TOTAL_MUNICIPALITIES = 285
TORHOUT, GISTEL = "31033", "35005"  # Ginter, which stopped at the end of 2025
ANTWERPEN = "11002"  # partly covered in 2024 (via Borsbeek), not from 2025 on
GENT, LOCHRISTI = "44021", "44087"
IGS_HEADER = (
    "IGS",
    "gemeenten (2025)",
    "inwoners",
    "centrumstad",
    "referentieregio's",
    "regels 2027",
    "subsidie 2027 (geraamd)",
    "subsidie als het aan de regels voldeed",
    "toegekend per jaar 2020–2026 (bron)",
)
AXE_PAGES = {
    "home": "/",
    "gemeente-lochristi": f"/gemeenten/{LOCHRISTI}/",
    "igs-comeet": "/igs/comeet/",
    "regio-gent": "/referentieregios/regio-gent/",
}
SCREENSHOTS = {
    "home": "/",
    "igs-comeet": "/igs/comeet/",
    "gemeente-lochristi": f"/gemeenten/{LOCHRISTI}/",
    "regio-gent": "/referentieregios/regio-gent/",
}

# A point inside ``el`` (relative to its bounding box) where a click really lands on ``el``:
# the centre of the bounding box may lie outside an irregular municipality.
POINT_ON_ELEMENT = """
(el) => {
  const r = el.getBoundingClientRect();
  const cx = r.left + r.width / 2, cy = r.top + r.height / 2, n = 16, points = [];
  for (let i = 1; i < n; i++) for (let j = 1; j < n; j++)
    points.push([r.left + (r.width * i) / n, r.top + (r.height * j) / n]);
  points.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
  for (const [x, y] of points) {
    if (document.elementFromPoint(x, y) === el) return { x: x - r.left, y: y - r.top };
  }
  return null;
}
"""


# ---------------------------------------------------------------------------- helpers


def open_page(page, url: str, *, with_map: bool = True):
    page.goto(url)
    if with_map:
        page.wait_for_selector(f'{MAP}[data-geladen="1"]', state="attached")
    return page


def change_reference_date(page, iso: str) -> None:
    """Pick another date in the form above the map (a ``change`` event, without 'Toon'):
    the map recolours in place."""
    page.fill("#peildatum", iso)  # Playwright dispatches 'input' and 'change'
    page.wait_for_selector(f'{MAP}[data-status-peildatum="{iso}"]', state="attached")
    page.wait_for_function(
        "(sel) => !document.querySelector(sel).hasAttribute('aria-busy')", arg=MAP
    )


def path_state(page, refnis: str) -> dict:
    return page.locator(f'{MAP} path[data-refnis="{refnis}"]').evaluate(
        """(el) => ({
            fill: el.getAttribute('fill') || '',
            computed: getComputedStyle(el).fill,
            status: el.dataset.status || '',
            label: el.getAttribute('aria-label') || '',
        })"""
    )


def pattern_colours(page, fill: str) -> list[str]:
    """The colours of the stripes/dots of a ``url(#id)`` fill."""
    m = re.fullmatch(r'url\("?#([^")]+)"?\)', fill)
    assert m, f"geen patroonvulling: {fill!r}"
    return page.evaluate(
        """(id) => Array.from(document.getElementById(id).querySelectorAll('[fill]'))
               .map((e) => e.getAttribute('fill').toUpperCase())""",
        m.group(1),
    )


def status_json(page, base: str, iso: str) -> dict:
    response = page.request.get(f"{base}/kaart/toestand.json?peildatum={iso}")
    assert response.ok, response.status
    return response.json()


def assert_no_browser_problems(page) -> None:
    assert not page.problems, "problemen in de browser:\n" + "\n".join(page.problems)


# ---------------------------------------------------------------------------- the map


def test_home_map_draws_all_municipalities(page, atlas_url):
    open_page(page, atlas_url + "/")
    fills = page.locator(PATHS).evaluate_all(
        "(els) => els.map((el) => [el.dataset.refnis, el.getAttribute('fill') || ''])"
    )
    assert len(fills) == TOTAL_MUNICIPALITIES
    assert len({refnis for refnis, _ in fills}) == TOTAL_MUNICIPALITIES
    empty = [refnis for refnis, fill in fills if not fill.strip() or fill == "none"]
    assert not empty, f"gemeenten zonder vulling: {empty[:10]}"
    # every pattern a fill points to exists, so nothing is drawn black or invisible
    missing = page.evaluate(
        """(sel) => Array.from(document.querySelectorAll(sel))
              .map((el) => el.getAttribute('fill'))
              .filter((f) => f.startsWith('url('))
              .map((f) => f.slice(5, -1).replace(/^#/, ''))
              .filter((id) => !document.getElementById(id))""",
        PATHS,
    )
    assert not missing, f"vulling verwijst naar onbestaande patronen: {sorted(set(missing))}"
    # the map is really drawn with a size, and a legend says what the colours mean
    box = page.locator(f"{MAP} svg").first.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 200, box
    assert "niet gedekt" in page.locator(f"{MAP} .kaart-legende").inner_text()
    assert_no_browser_problems(page)


def test_reference_date_recolours_the_map(page, atlas_url):
    ginter_2024 = {i["slug"]: i for i in status_json(page, atlas_url, "2024-06-01")["igs"]}[
        "ginter"
    ]
    open_page(page, atlas_url + "/?peildatum=2026-11-28")
    note = page.locator(f"{MAP} .kaart-melding")
    assert note.get_attribute("aria-live") == "polite"
    assert note.inner_text() == ""

    change_reference_date(page, "2024-06-01")
    for refnis in (TORHOUT, GISTEL):
        st = path_state(page, refnis)
        assert st["status"] == "volledig", (refnis, st)
        assert st["fill"].upper() == ginter_2024["kleur"].upper(), (refnis, st, ginter_2024)
        assert "-geen" not in st["fill"]
        assert "Ginter" in st["label"], st
    antwerpen = path_state(page, ANTWERPEN)
    assert antwerpen["status"] == "gedeeltelijk", antwerpen
    assert "#FFFFFF" in pattern_colours(page, antwerpen["fill"])  # hatched with white
    assert "01/06/2024" in page.locator(f"{MAP} .kaart-legende").inner_text()
    assert ginter_2024["naam"] in page.locator(f"{MAP} .kaart-legende").inner_text()
    assert parse_qs(urlsplit(page.url).query).get("peildatum") == ["2024-06-01"]
    # only the map changed: a visible note says so, the key figures keep their date
    assert note.is_visible()
    assert "De kaart toont nu 01/06/2024" in note.inner_text()
    assert "Toon" in note.inner_text()
    assert page.locator("#kerncijfers").inner_text() == "Kerncijfers op 28/11/2026"
    torhout_2024 = path_state(page, TORHOUT)

    change_reference_date(page, "2026-11-28")
    assert note.inner_text() == ""  # the map shows the page's date again
    for refnis in (TORHOUT, GISTEL):
        st = path_state(page, refnis)
        assert st["status"] == "geen", (refnis, st)
        assert re.fullmatch(r"url\(#[\w-]+-geen\)", st["fill"]), (refnis, st)
        assert st["computed"] != torhout_2024["computed"], (st, torhout_2024)
        assert "geen IGS" in st["label"], st
    assert path_state(page, ANTWERPEN)["status"] == "geen"
    # 'not covered' is light grey with dots, not a colour of an IGS
    dots = pattern_colours(page, path_state(page, TORHOUT)["fill"])
    assert ginter_2024["kleur"].upper() not in dots, dots
    assert ginter_2024["naam"] not in page.locator(f"{MAP} .kaart-legende").inner_text()
    assert_no_browser_problems(page)


def test_toon_reloads_the_whole_page_for_the_new_date(page, atlas_url):
    open_page(page, atlas_url + "/?peildatum=2026-11-28")
    change_reference_date(page, "2024-06-01")  # the map first, in place …
    page.locator("[data-peildatum-form] button[type=submit]").click()  # … then 'Toon'
    page.wait_for_url("**/?peildatum=2024-06-01")
    page.wait_for_selector(f'{MAP}[data-geladen="1"]', state="attached")
    assert page.locator("#kerncijfers").inner_text() == "Kerncijfers op 01/06/2024"
    assert page.locator(MAP).get_attribute("data-status-peildatum") == "2024-06-01"
    assert page.locator(f"{MAP} .kaart-melding").inner_text() == ""
    xlsx = page.locator(".tabel .downloads a", has_text="XLSX").first.get_attribute("href")
    assert parse_qs(urlsplit(xlsx).query).get("peildatum") == ["2024-06-01"], xlsx
    assert_no_browser_problems(page)


# ---------------------------------------------------------------------------- numbers, labels


def test_every_igs_has_its_number_in_the_legend_and_once_on_the_map(page, atlas_url):
    status = status_json(page, atlas_url, "2026-11-28")
    open_page(page, atlas_url + "/?peildatum=2026-11-28")
    legend = page.locator(f"{MAP} .kaart-legende li[data-igs]").evaluate_all(
        "(els) => els.map((li) => [li.dataset.igs, li.querySelector('.kaart-nummer').textContent])"
    )
    expected = [[i["slug"], str(n)] for n, i in enumerate(status["igs"], start=1)]
    assert legend == expected
    # one number per IGS, on a member, aria-hidden, and clicks go through to the map
    page.locator(f"{MAP} svg").first.scroll_into_view_if_needed()
    badges = page.locator(f"{MAP} .kaart-nummers").evaluate(
        """(g) => ({
            hidden: g.getAttribute('aria-hidden'),
            badges: Array.from(g.querySelectorAll('.kaart-nummer')).map((b) => {
                const r = b.querySelector('circle').getBoundingClientRect();
                const under = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                return [b.dataset.igs, b.textContent, under && under.dataset.refnis];
            }),
        })"""
    )
    assert badges["hidden"] == "true"
    assert sorted(b[:2] for b in badges["badges"]) == sorted(expected)
    for slug, _, refnis in badges["badges"]:
        assert refnis, f"het nummer van {slug} ligt niet boven een gemeente"
        assert slug in status["gemeenten"][refnis]["igs"], (slug, refnis)
    assert_no_browser_problems(page)


def test_names_on_a_focus_map_do_not_overlap(page, atlas_url):
    open_page(page, atlas_url + "/referentieregios/regio-gent/")
    labels = page.locator(f"{MAP} .kaart-labels text").evaluate_all(
        """(els) => els.map((t) => {
            const r = t.getBoundingClientRect();
            return [t.textContent, getComputedStyle(t).display !== 'none',
                    [r.left, r.top, r.right, r.bottom]];
        })"""
    )
    shown = [(name, box) for name, visible, box in labels if visible]
    names = {name for name, _ in shown}
    assert {"Gent", "Deinze", "Eeklo", "Lochristi"} <= names, names
    assert "Sint-Martens-Latem" not in names  # small, between Deinze and Nazareth-De Pinte
    for i, (a, ra) in enumerate(shown):
        for b, rb in shown[i + 1 :]:
            apart = ra[2] <= rb[0] or rb[2] <= ra[0] or ra[3] <= rb[1] or rb[3] <= ra[1]
            assert apart, f"{a} en {b} overlappen: {ra} {rb}"
    assert_no_browser_problems(page)


# ---------------------------------------------------------------------------- navigation


def test_clicking_a_municipality_opens_its_page(page, atlas_url):
    open_page(page, atlas_url + "/")
    date_on_map = page.locator(MAP).get_attribute("data-peildatum")
    gent = page.locator(f'{MAP} path[data-refnis="{GENT}"]')
    gent.scroll_into_view_if_needed()
    point = gent.evaluate(POINT_ON_ELEMENT)
    assert point, "geen punt gevonden waar een klik op Gent valt"
    gent.hover(position=point)
    tooltip = page.locator(f"{MAP} .kaart-tooltip")
    assert tooltip.is_visible() and "Gent" in tooltip.inner_text()
    gent.click(position=point)
    page.wait_for_url(f"**/gemeenten/{GENT}/?peildatum=*")
    assert urlsplit(page.url).path == f"/gemeenten/{GENT}/"
    # the municipality page opens on the date the map showed
    assert parse_qs(urlsplit(page.url).query).get("peildatum") == [date_on_map]
    # <h1>Gent <span lang="fr">(Gand)</span></h1>
    assert page.locator("h1").evaluate("(h) => h.firstChild.textContent.trim()") == "Gent"
    assert_no_browser_problems(page)


def test_keyboard_enter_on_a_municipality_opens_its_page(page, atlas_url):
    open_page(page, atlas_url + "/")
    # the map is reachable with Tab from the date form above it …
    page.locator("[data-peildatum-form] button[type=submit]").focus()
    refnis = None
    for _ in range(5):
        page.keyboard.press("Tab")
        refnis = page.evaluate(
            "() => document.activeElement.closest && "
            "document.activeElement.closest('path[data-refnis]')?.dataset.refnis || null"
        )
        if refnis:
            break
    assert refnis, "met Tab kom je vanuit het peildatumformulier niet op de kaart"
    # … and Enter on a focused municipality opens its page, on the date the map shows
    change_reference_date(page, "2024-06-01")
    lochristi = page.locator(f'{MAP} path[data-refnis="{LOCHRISTI}"]')
    assert lochristi.get_attribute("tabindex") == "0"
    assert lochristi.get_attribute("role") == "link"
    lochristi.focus()
    assert page.evaluate("() => document.activeElement.dataset.refnis") == LOCHRISTI
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/gemeenten/{LOCHRISTI}/?peildatum=2024-06-01")
    assert page.locator("h1").evaluate("(h) => h.firstChild.textContent.trim()") == "Lochristi"
    assert "IGS op 01/06/2024" in page.locator(".fiche").inner_text()
    assert_no_browser_problems(page)


# ---------------------------------------------------------------------------- downloads


@pytest.mark.parametrize(("iso", "rows"), [("2025-06-01", 19), ("2026-11-28", 19)])
def test_igs_table_downloads_as_xlsx(page, atlas_url, tmp_path, iso, rows):
    open_page(page, f"{atlas_url}/igs/?peildatum={iso}", with_map=False)
    link = page.locator(".tabel .downloads a", has_text="XLSX").first
    href = link.get_attribute("href")
    query = parse_qs(urlsplit(href).query)
    assert query.get("formaat") == ["xlsx"] and query.get("tabel") == ["igs"], (
        f"downloadlink van de IGS-tabel is fout: {href!r}"
    )
    assert query.get("peildatum") == [iso], href
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None, f"download mislukt ({href}): {download.failure()}"
    assert download.suggested_filename == "igs.xlsx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    sheet = load_workbook(target, read_only=True).active
    table = [r for r in sheet.iter_rows(values_only=True) if any(v not in (None, "") for v in r)]
    assert table[0] == IGS_HEADER
    assert len(table) - 1 == rows, [r[0] for r in table[1:]]
    verdict = {r[0]: r[5] for r in table[1:]}
    # Ginter stopped at the end of 2025: after that it is listed last, as ended, without a subsidy.
    assert (verdict["Ginter"] == "opgehouden op 31/12/2025") is (iso > "2026-01-01"), verdict
    for r in table[1:]:
        assert (r[6] in (None, "")) or r[5].startswith("komt in aanmerking"), r
    assert_no_browser_problems(page)


# ---------------------------------------------------------------------------- accessibility


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
        lines.append(
            f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(en)] "
            f"bv. {targets} — {v['helpUrl']}"
        )
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_no_serious_accessibility_violations(page, atlas_url, name):
    assert AXE_JS.exists(), f"{AXE_JS} ontbreekt: voer 'npm ci' uit in de hoofdmap"
    open_page(page, atlas_url + AXE_PAGES[name])
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe-core op {AXE_PAGES[name]}:\n{_describe(bad)}"
    assert_no_browser_problems(page)


# ---------------------------------------------------------------------------- screenshots


@pytest.mark.parametrize("name", list(SCREENSHOTS))
def test_screenshot(page, atlas_url, name):
    open_page(page, atlas_url + SCREENSHOTS[name])
    page.evaluate("() => document.fonts.ready")
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    target = ARTIFACTS_DIR / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    assert page.locator("h1").count() == 1
    assert not page.locator(f"{MAP} .kaart-fout").is_visible()
    assert_no_browser_problems(page)
