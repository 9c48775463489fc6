"""Fixtures for the browser tests: headless Chromium (Playwright, sync API) against live_server.

* ``browser``: one Chromium per test module (:func:`tests.browser.chromium`). Not per session on
  purpose: Playwright's sync API keeps an asyncio event loop running in the main thread for as
  long as it is started, and Django's ORM then refuses to run there (``SynchronousOnlyOperation``).
  Stopping Playwright at the end of this module keeps every later, non-browser test in a normal
  thread. While the browser runs, ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set so that loading the data
  and flushing the test database still work; it is restored afterwards.
* ``atlas_url``: the live server with the real data bundle (``settings.DATA_DIR``) loaded.
  ``live_server`` forces ``transactional_db``, whose teardown flushes every table after each
  test, so the bundle cannot survive from one test to the next: it is loaded per test (about
  0.6 s). That is also what keeps it correct on both SQLite (in-memory database shared with the
  server thread) and PostgreSQL (the server thread has its own connection and sees only
  committed rows; ``load_bundle`` commits its own transaction).
* ``page``: a fresh browser context per test (no shared cookies or storage), downloads allowed,
  JavaScript errors and failed requests collected in ``page.problems``. The Content Security
  Policy is enforced as in production; ``page.add_script_tag(path=...)`` (axe-core) goes
  through the DevTools protocol because the policy refuses inline scripts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.browser import chromium

VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def bundle_dir():
    """The real data bundle; the browser tests are skipped when it is not there."""
    from django.conf import settings

    path = Path(settings.DATA_DIR)
    if not (path / "flanders").is_dir():
        pytest.skip(
            f"geen gegevensbundel in {path} (map 'flanders' ontbreekt): "
            "zet SAMENSPEL_DATA_DIR op een bundel zoals ../shared/data"
        )
    return path


@pytest.fixture(scope="module")
def browser(bundle_dir):
    with chromium() as started:
        yield started


@pytest.fixture
def atlas_url(browser, bundle_dir, live_server, transactional_db):
    """Base URL of the live server, with the real bundle loaded into the test database."""
    from samenspel.atlas.loading import load_bundle

    load_bundle(bundle_dir)
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="nl-BE")
    context.set_default_timeout(15_000)
    pg = context.new_page()
    problems: list[str] = []

    def on_console(msg):
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            problems.append(f"console: {msg.text} ({msg.location.get('url', '')})")

    def on_response(response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            problems.append(f"HTTP {response.status}: {response.url}")

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: problems.append(f"JavaScript-fout: {exc}"))

    # A fetch still on its way when the page moves on (a click on a link before the map's
    # topology has arrived) is aborted by the browser, often before the new page's navigation
    # event: that is not a problem of the page. A broken endpoint answers with an error status,
    # which on_response reports; any other failed request is reported too.
    def on_failed(req):
        if "ERR_ABORTED" in (req.failure or "") and req.resource_type in ("fetch", "xhr"):
            return
        problems.append(f"mislukt: {req.url} {req.failure}")

    pg.on("requestfailed", on_failed)
    pg.on("response", on_response)
    pg.problems = problems
    pg.add_script_tag = _add_script_tag_under_csp(pg)
    yield pg
    context.close()


def _add_script_tag_under_csp(pg):
    """The pages forbid inline scripts (CSP ``script-src 'self'``), so Playwright's
    ``add_script_tag(path=...)``, which inserts the file as an inline ``<script>``, is refused.
    A test tool such as axe-core is run through the DevTools protocol instead, which the
    policy of the page does not govern; the page's own scripts stay under the policy."""
    original = pg.add_script_tag

    def add_script_tag(*, path=None, **kwargs):
        if path is None:
            return original(**kwargs)
        pg.evaluate(Path(path).read_text(encoding="utf-8") + "\n;undefined")
        return None

    return add_script_tag


# Collects every violation the browser reports (also those it would not print to the console).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI || "inline"} (${where})`);
});
window.__afgedrukt = 0;
window.print = () => { window.__afgedrukt += 1; };
"""


@pytest.fixture
def csp_page(page):
    page.add_init_script(RECORD_VIOLATIONS)
    headers = []
    page.on(
        "response",
        lambda r: (
            headers.append(r.headers.get("content-security-policy"))
            if r.request.resource_type == "document"
            else None
        ),
    )
    page.csp_headers = headers
    return page
