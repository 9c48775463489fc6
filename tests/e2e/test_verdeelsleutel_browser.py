"""The Verdeelsleutel in a real browser: choose keys on an IGS page, compare, download XLSX."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from tests.e2e.test_atlas_browser import (
    ARTIFACTS_DIR,
    AXE_JS,
    _describe,
    assert_no_browser_problems,
)

pytestmark = pytest.mark.e2e


def test_choose_keys_compare_and_download(page, atlas_url, tmp_path):
    page.goto(f"{atlas_url}/igs/viertoren/?peildatum=2026-11-28")
    page.get_by_role("button", name="Vergelijk verdeelsleutels voor Viertoren").click()
    page.wait_for_selector("h1:has-text('Verdeelsleutel voor Viertoren')")
    # keep per inhabitant, replace the others by equal shares and nothing
    page.select_option("#id_sleutel_2", "gelijk")
    page.select_option("#id_sleutel_3", "")
    page.select_option("#id_sleutel_4", "")
    page.fill("#id_bedrag", "80000")
    page.get_by_role("button", name="Vergelijk", exact=True).click()
    page.wait_for_selector("#winwin")
    # Viertoren: De Panne, Koksijde, Nieuwpoort, Veurne; equal shares of 80.000 € = 20.000 €
    headings = page.locator("section.oordeel h3").all_inner_texts()
    assert len(headings) == 2
    assert headings[0].startswith("Naar inwonersaantal:")
    assert headings[1].startswith("Gelijke delen:")
    assert page.locator("table", has_text="gelijke delen: bedrag").count() == 1
    assert "20.000,00 €" in page.locator("#tabel ~ .tabel table").inner_text()
    bars = page.locator(".staafgrafiek svg.staaf rect")  # one small SVG per bar
    assert bars.count() == 4 * 4  # 4 municipalities × 4 series

    with page.expect_download() as info:
        page.get_by_role("link", name="Download als Excel (XLSX)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "vergelijking.xlsx"
    rows = list(load_workbook(target, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][0] == "gemeente" and "gelijke delen: bedrag" in rows[0]
    col = rows[0].index("gelijke delen: bedrag")
    assert [r[col] for r in rows[1:]] == [20_000] * 4
    per_inhabitant = rows[0].index("naar inwonersaantal: bedrag")
    assert sum(r[per_inhabitant] for r in rows[1:]) == pytest.approx(80_000)

    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe-core op de verdeelsleutel:\n{_describe(bad)}"
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "verdeelsleutel-viertoren.png"), full_page=True)
    assert_no_browser_problems(page)
