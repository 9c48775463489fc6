"""The synthetic placer of the Monitor tests: a handful of real codes, invented boxes."""

import pytest
from shapely.geometry import box

from samenspel.monitor.places import Placer
from tests.browser import chromium

POSTAL = {
    "9180": ["44045"],  # Moerbeke, before 2025
    "2070": ["11056"],  # Zwijndrecht, before 2025
    "1804": ["23088", "23096"],  # Cargovil: Vilvoorde and Zemst
    "9000": ["44021"],
    "1000": ["21004"],
    "1040": ["21004", "21005"],
}
FUSIONS = {"44045": "46029", "46014": "46029", "11056": "46030", "46003": "46030"}
FLEMISH = {
    "46029": "Lokeren",
    "46030": "Beveren-Kruibeke-Zwijndrecht",
    "23088": "Vilvoorde",
    "23096": "Zemst",
    "44021": "Gent",
}
NAMES = {"44045": ["Moerbeke"], "11056": ["Zwijndrecht"], "21004": ["Brussel", "Bruxelles"]}
GEOMETRIES = {
    "44021": box(3.6, 51.0, 3.8, 51.1),
    "23088": box(4.38, 50.9, 4.46, 50.95),
    "23096": box(4.40, 50.95, 4.50, 51.0),
}


@pytest.fixture
def placer():
    return Placer(POSTAL, FLEMISH, names=NAMES, geometries=GEOMETRIES, fusions=FUSIONS)


@pytest.fixture
def api():
    """A fake Search API on a free local port: (base URL, handler class with .requests)."""
    from tests.monitor.fake_search import serve

    url, handler, stop = serve()
    yield url, handler
    stop()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for this folder's ``*_browser.py`` tests (:func:`tests.browser.chromium`),
    one per test module; those tests bring their own live server with the synthetic bundle."""
    with chromium() as started:
        yield started
