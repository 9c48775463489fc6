"""The waiting page of a background job in headless Chromium, with the CSP enforced: it shows
the progress, polls /taken/<id>/ with samenspel/taak.js and reloads into the result.

Viertoren (De Panne, Koksijde, Nieuwpoort, Veurne), equal shares of 80.000 € = 20.000,00 € each
(as in tests/e2e/test_verdeelsleutel_browser.py); with SAMENSPEL_JOB_THRESHOLD = 2 the worker
computes it. PostgreSQL only: on SQLite the live server shares the test's in-memory connection,
and the worker (run here, in the test's thread) would use it at the same time as the server.
"""

from __future__ import annotations

import signal

import pytest
from django.core.management import call_command
from django.db import connection
from tests.e2e.conftest import atlas_url, browser, bundle_dir, page  # noqa: F401
from tests.e2e.test_atlas_browser import assert_no_browser_problems

pytestmark = pytest.mark.e2e

URL = "/verdeelsleutel/?igs=viertoren&peildatum=2026-11-28&sleutel_1=gelijk&bedrag=80000"


def test_waiting_page_polls_and_reloads_into_the_result(page, atlas_url, settings):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("alleen op PostgreSQL (zie de moduledocumentatie)")
    settings.SAMENSPEL_JOB_THRESHOLD = 2
    response = page.goto(atlas_url + URL)
    assert response.status == 202
    assert page.locator("progress[data-taak-balk]").count() == 1
    assert "Deze groep telt 4 gemeenten" in page.inner_text("main")
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for s, h in handlers.items():
            signal.signal(s, h)
    page.wait_for_selector("#winwin", timeout=30_000)  # taak.js saw 'klaar' and reloaded
    assert "20.000,00 €" in page.locator("#tabel ~ .tabel table").inner_text()
    assert_no_browser_problems(page)
