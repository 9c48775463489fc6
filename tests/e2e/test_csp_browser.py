"""The Content Security Policy in a real browser: every page is served with it (no
'unsafe-inline'), and with it enforced the map draws, the chart shows, the forms work and the
print button prints, without a single CSP violation reported by Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

MAP = "figure[data-kaart]"


def assert_clean(page):
    violations = page.evaluate("window.__csp")
    assert not violations, "CSP-overtredingen:\n" + "\n".join(violations)
    console = [p for p in page.problems if "Content Security Policy" in p or "Refused" in p]
    assert not console, "\n".join(console)
    assert page.csp_headers and all(
        h and "script-src 'self'" in h and "unsafe-inline" not in h for h in page.csp_headers
    ), page.csp_headers


def test_map_pages_work_under_the_policy(csp_page, atlas_url):
    page = csp_page
    for url in ("/", "/igs/comeet/", "/gemeenten/44087/", "/referentieregios/regio-gent/"):
        page.goto(atlas_url + url + "?peildatum=2026-11-28")
        page.wait_for_selector(f'{MAP}[data-geladen="1"]', state="attached")
        assert page.locator(f"{MAP} path[data-refnis]").count() > 0, url
    # the tooltip is positioned from script (CSSOM, allowed): hover a municipality
    page.goto(atlas_url + "/?peildatum=2026-11-28")
    page.wait_for_selector(f'{MAP}[data-geladen="1"]', state="attached")
    page.locator(f'{MAP} path[data-refnis="44021"]').hover()
    assert_clean(page)


def test_chart_form_and_print_button_work_under_the_policy(csp_page, atlas_url):
    page = csp_page
    page.goto(f"{atlas_url}/igs/viertoren/?peildatum=2026-11-28")
    page.get_by_role("button", name="Vergelijk verdeelsleutels voor Viertoren").click()
    page.wait_for_selector("h1:has-text('Verdeelsleutel voor Viertoren')")
    page.fill("#id_bedrag", "80000")
    page.get_by_role("button", name="Vergelijk", exact=True).click()
    page.wait_for_selector("#winwin")
    bar = page.locator(".staafgrafiek svg.staaf").first
    box = bar.bounding_box()
    # sized by the style sheet (no style attribute): the width of its row, 14 px high
    assert box and box["width"] > 200
    assert box["height"] == pytest.approx(14, abs=1)
    # the legend swatches carry the series colours without a style attribute, at swatch size
    swatches = page.locator(".legende svg.staal")
    assert swatches.count() >= 3
    fills = [s.locator("rect").evaluate("e => getComputedStyle(e).fill") for s in swatches.all()]
    assert len(set(fills)) == swatches.count(), fills
    assert all(s.bounding_box()["width"] < 30 for s in swatches.all())
    page.get_by_role("link", name="Afdrukbaar verslag voor de gemeenteraad").click()
    page.get_by_role("button", name="Afdrukken").click()
    assert page.evaluate("window.__afgedrukt") == 1
    assert_clean(page)


def test_login_form_and_error_page_under_the_policy(csp_page, atlas_url, django_user_model):
    django_user_model.objects.create_user("schepen", password="juist-wachtwoord-2026")
    page = csp_page
    page.goto(atlas_url + "/aanmelden/")
    page.fill("#id_username", "schepen")
    page.fill("#id_password", "juist-wachtwoord-2026")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_selector("text=Afmelden")
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_selector("text=Aanmelden")
    response = page.goto(atlas_url + "/bestaat-niet/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Deze pagina bestaat niet (fout 404)"
    assert page.locator("header.site").is_visible()
    page.problems[:] = [p for p in page.problems if "404" not in p]
    assert_clean(page)


def test_admin_works_under_the_policy(csp_page, atlas_url, django_user_model):
    """Staff correct reference data in Django's admin: its pages must pass the policy too."""
    django_user_model.objects.create_superuser("beheerder", password="juist-wachtwoord-2026")
    page = csp_page
    page.goto(atlas_url + "/beheer/")
    page.fill("#id_username", "beheerder")
    page.fill("#id_password", "juist-wachtwoord-2026")
    page.locator("input[type=submit]").click()
    page.goto(atlas_url + "/beheer/territory/municipality/?q=Gent")
    page.locator("#result_list tbody th a").first.click()
    page.wait_for_selector("form#municipality_form")
    page.goto(atlas_url + "/beheer/partnerships/partnership/")
    page.locator("#result_list tbody th a").first.click()  # an IGS with its members inline
    page.wait_for_selector("form#partnership_form")
    assert_clean(page)
