"""Headless Chromium for the browser tests (Playwright, sync API), shared by the conftests that
offer a ``browser`` fixture (tests/e2e with the real bundle, tests/monitor with the synthetic one).

While the browser runs, Playwright's sync API keeps an asyncio event loop running in the main
thread and Django's ORM would refuse to run there (``SynchronousOnlyOperation``), so
``DJANGO_ALLOW_ASYNC_UNSAFE`` is set for that time and restored afterwards. Use it per test
module (``scope="module"``): stopping Playwright at the end of the module keeps every later,
non-browser test in a normal thread.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium() -> Iterator:
    """A started headless Chromium (Debian's, at :data:`CHROMIUM`); the test fails with a Dutch
    message when it is not installed."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} ontbreekt: de browsertests hebben Debian's Chromium nodig "
            "(apt-get install chromium, of bash scripts/setup.sh --test)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    finally:
        pw.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def fits(pg) -> None:
    """The page is no wider than the window (nothing to scroll sideways)."""
    width = pg.evaluate("document.documentElement.scrollWidth")
    screen = pg.viewport_size["width"]
    assert width <= screen, f"{pg.url} is {width} px breed op een scherm van {screen} px"


def axe(pg) -> None:
    """axe-core finds no serious or critical violation on the page."""
    from tests.e2e.test_atlas_browser import AXE_JS, _describe

    assert AXE_JS.exists(), f"{AXE_JS} ontbreekt: voer 'npm ci' uit in de hoofdmap"
    pg.add_script_tag(path=str(AXE_JS))
    result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe-core op {pg.url}:\n{_describe(bad)}"
