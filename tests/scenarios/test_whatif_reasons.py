"""The what-if card leaves out the rules' sentences that cannot be judged for a group that does
not exist yet (its budget is unknown), by what the rules say about them (``Finding.ok is
None``), not by the wording of the sentence."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from samenspel.partnerships import rules
from samenspel.partnerships.rules import Finding
from tests.fixtures.bundle import edit_csv

ON = "2026-06-01"
MEMBERS = "cultuur/igs-leden-2020-2025.csv"


@pytest.fixture
def gent_free(db, bundle_dir):
    """Gent in no IGS on 1/6/2026 (as in test_whatif_web.py)."""
    from samenspel.atlas.loading import load_bundle

    edit_csv(bundle_dir / MEMBERS, 6, "valid_to", "2024-12-31")
    edit_csv(bundle_dir / MEMBERS, 8, "valid_to", "")
    return load_bundle(bundle_dir)


def _card(response, anchor: str) -> str:
    page = response.content.decode()
    match = re.search(rf'<article[^>]*id="{anchor}".*?</article>', page, re.S)
    assert match, f"geen optie {anchor} op de pagina"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))))


def test_group_result_names_the_reasons_that_cannot_be_judged(gent_free):
    from samenspel.atlas.services import get_atlas
    from samenspel.scenarios import services
    from samenspel.scenarios.evaluate import evaluate

    atlas, on = get_atlas(), date.fromisoformat(ON)
    result = evaluate(services.current_scenario(atlas, on, "2027"), services.context(atlas, on))
    noord = next(g for g in result.groups if g.continues == "noord")
    # Cultuur Noord: 90.000 inhabitants, 0,90 € × 90.000 = 81.000 € < 100.000 € floor, so the
    # subsidy is 100.000 € and the municipalities must bring 75 % of it: 75.000,00 €; their
    # budget is not known, so that condition is open.
    open_ = "de gemeenten moeten samen minstens 75.000,00 € inbrengen; hun bijdrage is niet gekend"
    assert noord.unjudged == (open_,)
    assert open_ in noord.reasons


def test_the_card_leaves_out_an_open_condition_whatever_its_wording(gent_free, client, monkeypatch):
    # The rules reword the cofinancing sentence: the card must still leave it out.
    def reworded(self, f, subsidy, need):
        return Finding(self.code, None, "cofinanciering: bijdrage van de gemeenten onbekend")

    monkeypatch.setattr(rules.Cofinancing, "check", reworded)
    card = _card(client.get(f"/wat-als/44021/?peildatum={ON}&sleutel=gelijk"), "optie-noord")
    assert "komt in aanmerking" in card
    assert "onbekend" not in card
    # the judged reasons stay: Gent + Cultuur Noord = 360.000 inhabitants in one referentieregio
    assert "Ligt in één referentieregio: Regio Gent" in card
