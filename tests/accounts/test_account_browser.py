"""Mijn gegevens in a real browser (headless Chromium, CSP enforced), at desktop and phone width:
a cultuurbeleidscoördinator logs in, gives consent to show her contact details, downloads her
data, deletes it, and can no longer log in. axe-core finds no serious violation on the pages.
Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json

import pytest

from tests.browser import axe, fits
from tests.e2e.conftest import atlas_url, browser, bundle_dir, page  # noqa: F401 (fixtures)
from tests.e2e.test_atlas_browser import (
    ARTIFACTS_DIR,
    assert_no_browser_problems,
)
from tests.people import user_with

pytestmark = pytest.mark.e2e

PASSWORD = "x-geheim-wachtwoord-123"


def _login(pg, base: str, next_url: str) -> None:
    pg.goto(f"{base}/aanmelden/?next={next_url}")
    pg.fill("input[name=username]", "lies")
    pg.fill("input[name=password]", PASSWORD)
    pg.locator("form:has(input[name=password]) button[type=submit]").click()


@pytest.mark.parametrize("width", [1280, 390])
def test_consent_download_and_delete_my_data(
    page,  # noqa: F811
    atlas_url,  # noqa: F811
    django_user_model,
    width,
):
    from samenspel.accounts.models import Person, Role

    page.set_viewport_size({"width": width, "height": 900})
    user_with("lies", ("cultuurbeleidscoordinator", "43005"), password=PASSWORD)
    _login(page, atlas_url, "/account/")
    page.wait_for_selector("h1:has-text('Mijn gegevens')")
    assert "cultuurbeleidscoördinator van Eeklo" in page.locator("ul.account-rollen").inner_text()
    axe(page)
    fits(page)

    # Profile and consent to show the contact details.
    page.get_by_label("Naam").fill("Lies Van Damme")
    page.get_by_label("E-mailadres").fill("lies@eeklo.example")
    page.get_by_label("Telefoon").fill("09 218 30 00")
    page.get_by_label("Mijn contactgegevens tonen aan aangemelde gebruikers").check()
    page.get_by_role("button", name="Bewaar mijn gegevens").click()
    page.wait_for_selector("text=Je gegevens zijn bewaard.")
    assert page.get_by_label("Mijn contactgegevens tonen aan aangemelde gebruikers").is_checked()
    assert not page.get_by_label("Mij vermelden in Wie is wie").is_checked()
    assert "Gegeven op" in page.locator("fieldset.toestemming").inner_text()
    page.locator("details.geschiedenis summary").click()
    assert "Lies Van Damme" in page.locator("details.geschiedenis").inner_text()
    axe(page)
    fits(page)
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"account-{width}.png"), full_page=True)

    # Download: a JSON file with the person, the consent and the role.
    with page.expect_download() as info:
        page.get_by_role("link", name="Download al mijn gegevens (JSON)").click()
    download = info.value
    assert download.suggested_filename.startswith("samenspel-mijn-gegevens-")
    data = json.loads(open(download.path(), encoding="utf-8").read())
    assert data["persoon"]["naam"] == "Lies Van Damme"
    assert data["persoon"]["telefoon"] == "09 218 30 00"
    assert data["persoon"]["toestemming_contactgegevens_sinds"]
    assert data["persoon"]["toestemming_wie_is_wie_sinds"] is None
    assert [r["rol"] for r in data["rollen"]] == ["cultuurbeleidscoördinator van Eeklo"]

    # Deletion: a wrong word deletes nothing; VERWIJDER deletes everything.
    page.get_by_role("link", name="Verwijder mijn gegevens en mijn account").click()
    page.wait_for_selector("h1:has-text('Mijn gegevens verwijderen')")
    axe(page)
    fits(page)
    page.screenshot(path=str(ARTIFACTS_DIR / f"account-verwijderen-{width}.png"), full_page=True)
    page.get_by_label("Typ VERWIJDER om te bevestigen").fill("ja")
    page.get_by_role("button", name="Verwijder mijn gegevens").click()
    page.wait_for_selector("text=Typ het woord VERWIJDER in het bevestigingsveld")
    assert Person.objects.filter(name="Lies Van Damme").exists()
    page.get_by_label("Typ VERWIJDER om te bevestigen").fill("VERWIJDER")
    page.get_by_role("button", name="Verwijder mijn gegevens").click()
    page.wait_for_selector("h1:has-text('Je gegevens zijn verwijderd')")
    assert page.get_by_role("link", name="Aanmelden").is_visible() or width < 600
    axe(page)
    assert not django_user_model.objects.filter(username="lies").exists()
    assert not Person.objects.filter(name="Lies Van Damme").exists()
    assert not Person.history.filter(name="Lies Van Damme").exists()
    assert not Role.objects.filter(refnis="43005").exists()

    # The account is gone: logging in fails with the login form's own message.
    _login(page, atlas_url, "/account/")
    page.wait_for_selector("form:has(input[name=password])")
    assert "/aanmelden/" in page.url
    assert page.locator(".errorlist, .fout, [role=alert]").count() >= 1
    # The refused confirmation answered 400 on purpose (the response and its console line);
    # nothing else may have gone wrong.
    page.problems[:] = [
        p for p in page.problems if not ("400" in p and p.rstrip(")").endswith("/verwijderen/"))
    ]
    assert_no_browser_problems(page)


@pytest.mark.parametrize("width", [1280, 390])
def test_coordinator_adds_and_ends_a_role_on_the_people_page(
    page,  # noqa: F811
    atlas_url,  # noqa: F811
    width,
):
    from samenspel.accounts.models import Role

    page.set_viewport_size({"width": width, "height": 900})
    user_with("lies", ("igs_coordinator", "comeet"), password=PASSWORD)
    _login(page, atlas_url, "/igs/comeet/")
    page.wait_for_selector("h1:has-text('COMEET')")
    page.wait_for_load_state("networkidle")  # the map's requests finish before we leave
    page.get_by_role("link", name="Bekijk wie er voor COMEET").click()
    page.wait_for_selector("h1:has-text('Mensen van COMEET')")
    axe(page)

    page.get_by_role("combobox", name="Rol").select_option("medewerker")
    page.get_by_label("Of een nieuwe persoon: naam").fill("Fien Maes")
    page.get_by_label("Functie van de nieuwe persoon").fill("projectmedewerker erfgoed")
    page.get_by_role("button", name="Voeg de rol toe").click()
    page.wait_for_selector("text=De rol is toegevoegd.")
    card = page.locator("li.persoon", has_text="Fien Maes")
    assert "medewerker van COMEET" in card.inner_text()
    assert "Contactgegevens niet gedeeld." in card.inner_text()
    axe(page)
    fits(page)
    page.screenshot(path=str(ARTIFACTS_DIR / f"mensen-{width}.png"), full_page=True)

    card.get_by_label("Ja, beëindig deze rol").check()
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        card.get_by_role("button", name="Beëindig de rol van Fien Maes").click()
    page.wait_for_load_state()
    # a refusal re-renders the form: then the test says what the page said
    assert answer.value.status == 302, page.locator("main").inner_text()
    page.wait_for_selector("text=de rol loopt nog tot en met vandaag")
    # Left empty: the role ends today, and counts until the end of the day ("tot en met").
    ended = Role.objects.get(person__name="Fien Maes").valid_to
    assert ended is not None
    card = page.locator("li.persoon", has_text="Fien Maes")
    assert f"tot en met {ended:%d/%m/%Y}" in card.inner_text()
    page.locator("details.geschiedenis summary").click()
    history = page.locator("details.geschiedenis").inner_text()
    assert "Fien Maes: medewerker van COMEET" in history and "door Lies" in history
    axe(page)
    fits(page)
    assert_no_browser_problems(page)
