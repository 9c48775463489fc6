"""The council document in a real browser (headless Chromium, CSP enforced): open the printable
report of a comparison, propose a key with the form on it, open the council PDF from its link,
render every PDF page to PNG (``test-artifacts/raad/``, for people to look at) and check it; print
the report itself to A4 as Chromium does and check that too; on a desktop and a phone viewport.

On the real data bundle the comparison is Zuidwest (13 municipalities) with its win-win band;
without it, Cultuur Noord of the synthetic bundle (tests/fixtures/bundle.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pypdfium2 as pdfium
import pytest
from tests.e2e.conftest import atlas_url, browser, page  # noqa: F401 (fixtures)
from tests.e2e.test_atlas_browser import assert_no_browser_problems

pytestmark = pytest.mark.e2e

REPO_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_DIR / "test-artifacts" / "raad"
A4_LANDSCAPE = (841.89, 595.28)  # points
ZUIDWEST = [  # REFNIS codes of the 13 members of Zuidwest
    "33029",
    "34002",
    "34003",
    "34009",
    "34013",
    "34022",
    "34023",
    "34025",
    "34027",
    "34040",
    "34041",
    "34042",
    "34043",
]


@pytest.fixture(scope="module")
def bundle_dir(tmp_path_factory):
    """The real bundle when it is there (Zuidwest), else the synthetic one (Cultuur Noord)."""
    from django.conf import settings

    real = Path(settings.DATA_DIR)
    if (real / "flanders").is_dir():
        return real
    from tests.fixtures.bundle import write_bundle

    return write_bundle(tmp_path_factory.mktemp("bundel"))


def _case(bundle) -> dict:
    from django.conf import settings

    if Path(bundle) == Path(settings.DATA_DIR):
        # what each of the 13 pays today (invented: 8.000 € + 1.500 € per place in the list)
        today = "".join(f"&bijdrage_{code}={8_000 + 1_500 * i}" for i, code in enumerate(ZUIDWEST))
        return {
            "query": "igs=zuidwest&band=on&sleutel_1=inwoners&sleutel_2=vast-plus-inwoners"
            "&sleutel_3=draagkracht&sleutel_4=gelijk&jaarbudget=520.000" + today,
            "partners": 13,
            "names": ["Kortrijk", "Waregem", "Spiere-Helkijn", "Zwevegem"],
        }
    return {
        "query": "igs=noord&peildatum=2026-11-28&band=on&sleutel_1=inwoners&sleutel_2=gelijk"
        "&bijdrage_43005=20000&bijdrage_44019=30000&bijdrage_44084=25000",
        "partners": 3,
        "names": ["Eeklo", "Evergem", "Aalter"],
    }


def _text(pdf) -> str:
    return " ".join(
        " ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))
    )


def _check_a4(pdf) -> None:
    assert 1 <= len(pdf) <= 4, f"{len(pdf)} bladzijden"
    for i in range(len(pdf)):
        w, h = pdf[i].get_size()
        assert w == pytest.approx(A4_LANDSCAPE[0], abs=2) and h == pytest.approx(
            A4_LANDSCAPE[1], abs=2
        ), (w, h)


@pytest.mark.parametrize("width", [1280, 390])
def test_propose_a_key_and_open_the_council_pdf(page, atlas_url, bundle_dir, width):  # noqa: F811
    case = _case(bundle_dir)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{atlas_url}/verdeelsleutel/?{case['query']}&afdruk=1")
    page.wait_for_selector("text=Voorgestelde verdeelsleutel")
    # without a choice the first key is proposed
    assert "naar inwonersaantal" in page.locator(".voorstel-kop").inner_text()
    page.select_option("#voorstel", label="gelijke delen")
    page.get_by_role("button", name="Toon dit voorstel").click()
    page.wait_for_selector(".voorstel-kop:has-text('gelijke delen')")
    width_now = page.evaluate("document.documentElement.scrollWidth")
    assert width_now <= width, f"de pagina is {width_now} px breed op {width} px"

    # the council PDF, from the link on the page
    href = page.get_by_role("link", name="Download als PDF").get_attribute("href")
    assert "voorstel=" in href
    response = page.request.get(urljoin(page.url, href))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = pdfium.PdfDocument(response.body())
    _check_a4(pdf)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"*-{width}-blz*.png"):  # none left from a longer earlier run
        old.unlink()
    for i in range(len(pdf)):
        pdf[i].render(scale=2).to_pil().save(ARTIFACTS / f"raad-{width}-blz{i + 1}.png")
    text = _text(pdf)
    first = " ".join(pdf[0].get_textpage().get_text_range().split())
    assert "Voorgestelde verdeelsleutel: gelijke delen" in first
    for name in case["names"]:
        assert name in text
    assert f"Samen betalen de {case['partners']} gemeenten" in text
    for header in ("Gemeente", "Inwoners", "naar inwonersaantal", "gelijke delen (voorstel)"):
        assert header in text
    for header in ("Shapley-waarde", "nucleolus"):
        assert header in text
    # the win-win band, or why it is missing (a busy machine can hit the page's time limit)
    assert ("Win-win vanaf" in text and "Win-win tot" in text) or "tijdsgrens" in text
    assert "Vandaag" in text and "Verschil voorstel − vandaag" in text
    assert re.search(r"\d{1,3}(\.\d{3})*,\d{2} €", text)  # amounts in Belgian notation
    assert "Aannames en bronnen" in text and "pagina 1 van" in text

    # the printable report itself, printed to A4 by Chromium: the same columns, ≤ 4 pages
    headers = [" ".join(h.split()) for h in page.locator(".raadstabel thead th").all_inner_texts()]
    assert "gelijke delen (voorstel)" in headers and "Verschil voorstel − vandaag" in headers
    page.emulate_media(media="print")
    printed = pdfium.PdfDocument(page.pdf(prefer_css_page_size=True, print_background=True))
    _check_a4(printed)
    for i in range(len(printed)):
        printed[i].render(scale=2).to_pil().save(ARTIFACTS / f"afdruk-{width}-blz{i + 1}.png")
    text = _text(printed)
    for header in headers:
        assert header in text, header
    assert "Voorgestelde verdeelsleutel: gelijke delen" in text
    assert "Welke sleutel stel je voor?" not in text  # the form is not printed
    assert_no_browser_problems(page)
