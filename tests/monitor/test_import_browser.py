"""Importing a measurement file through /monitor/inlezen/ in headless Chromium (CSP enforced) and
seeing the balance of the IGS change: the issue's "a browser test imports a file through the page
and sees the IGS's balance change".

Synthetic bundle (tests/fixtures/bundle.py), 2024: Cultuur Zuid = Gent (centrumstad, 270.000
inhabitants) and Merelbeke-Melle (42.000), 312.000 together.

* first file: 270 and 42 activities → Gent has 270/312 of the activities and 270/312 of the
  inhabitants: dominance index 1,000;
* second file: 300 and 12 → 300/312 ÷ 270/312 = 300/270 = 1,111 (Gent 96,2 % of the
  activities, 86,5 % of the inhabitants).

The worker runs in the test's thread while the browser shows a blank page (on SQLite the live
server shares the test's in-memory connection; the waiting page's polling must not run at the
same time), then the browser opens the result page again.
"""

from __future__ import annotations

import os
import re
import signal

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from tests.people import user_with

pytestmark = pytest.mark.e2e


@pytest.fixture
def site(browser, live_server, transactional_db, bundle_dir, settings, tmp_path):
    from samenspel.atlas.loading import load_bundle

    settings.VAR_DIR = tmp_path / "var"
    load_bundle(bundle_dir)
    return live_server.url


def run_worker() -> None:
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for s, h in handlers.items():
            signal.signal(s, h)


def import_file(page, site, name: str, content: str) -> str:
    """Upload through the form, let the worker read it, and show the result page."""
    page.goto(site + "/monitor/inlezen/")
    page.set_input_files(
        "#bestand-metingen",
        files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode()}],
    )
    page.get_by_role("button", name="Lees de metingen in").click()
    page.wait_for_selector("progress[data-taak-balk]")  # the waiting page of the job
    url = page.url
    assert re.search(r"/monitor/inlezen/[0-9a-f-]{36}/$", url)
    page.goto("about:blank")
    run_worker()
    page.goto(url)
    page.wait_for_selector("#bericht")
    return url


def test_import_through_the_page_changes_the_balance(browser, site, django_user_model):
    user_with("coordinator", ("igs_coordinator", "zuid"), password="x-geheim-123")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.text else None,
    )
    try:
        page.goto(site + "/monitor/inlezen/")  # → the login page
        assert "/aanmelden/" in page.url
        page.fill("input[name=username]", "coordinator")
        page.fill("input[name=password]", "x-geheim-123")
        page.locator("form:has(input[name=password]) button[type=submit]").click()
        page.wait_for_selector("#bestand-metingen")

        import_file(
            page, site, "gelijk.csv", "refnis;jaar;ACT_AANTAL\n44021;2024;270\n44088;2024;42\n"
        )
        assert page.inner_text("[data-dominantie-na]") == "1,000"

        url = import_file(
            page, site, "act.csv", "refnis;jaar;ACT_AANTAL\n44021;2024;300\n44088;2024;12\n"
        )
        assert page.inner_text("#bericht") == "act.csv: 2 metingen ingelezen (ACT_AANTAL)."
        assert page.inner_text("[data-dominantie-voor]") == "1,000"
        assert page.inner_text("[data-dominantie-na]") == "1,111"
        partners = page.locator("section.evenwicht table").inner_text()
        assert "Gent (centrumstad)" in partners and "96,2 %" in partners and "86,5 %" in partners
        width = page.evaluate("document.documentElement.scrollWidth")
        page.set_viewport_size({"width": 390, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.goto(site + "/monitor/inlezen/")  # the form too (it lists the two imports)
        assert page.locator("table tbody tr").count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.goto(url)
        shots = os.environ.get("SAMENSPEL_SCREENSHOTS")
        if shots:
            page.screenshot(path=f"{shots}/import-resultaat-390.png", full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.screenshot(path=f"{shots}/import-resultaat-1280.png", full_page=True)
            page.goto(site + "/monitor/inlezen/")
            page.screenshot(path=f"{shots}/import-1280.png", full_page=True)
        assert width <= 1280

        # the IGS page of the Monitor, when it is there, shows the same index (2 decimals)
        try:
            igs_url = reverse("monitor_igs", args=["zuid"])
        except NoReverseMatch:
            igs_url = None
        if igs_url:
            page.goto(site + igs_url + "?jaar=2024")
            assert "Dominantie-index: 1,11" in page.inner_text("#evenwicht ~ dl, main")
        assert not errors, errors
    finally:
        context.close()
