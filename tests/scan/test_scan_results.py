"""The results page and its downloads on hand-computed answers, and the anonymity threshold
through every page: a round with 2 responses shows no mean, no n and no open answer (also not in
the XLSX/CSV); with 3 it does; a partner with 2 stays hidden while the whole round is shown.

Every respondent answers through :func:`tests.scan.factories.answer`, whose answers make their
score on each dimension exactly the target (reverse-keyed statements answered ``6 - target``).
"""

from __future__ import annotations

import csv
import html
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samenspel.scan import items, services, suggestions
from samenspel.scan.forms import item_field_name
from samenspel.scan.models import Invitation, ScanRound
from samenspel.scan.views_results import OPEN_ROUND
from tests.people import user_with
from tests.scan.factories import GENT, MERELBEKE_MELLE, answer, make_group, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def coord(loaded):
    return user_with("zuidcoord", ("igs_coordinator", "zuid"))


@pytest.fixture
def scan_round(coord):
    return make_round(make_group("zuid", user=coord))


def _close_all(scan_round) -> None:
    """Close the round and the group's other rounds: only closed rounds show figures."""
    ScanRound.objects.filter(group_id=scan_round.group_id).update(closed=True)


def _results(client, scan_round, query: str = "", *, close: bool = True):
    if close:
        _close_all(scan_round)
    return client.get(reverse("scan_results", args=[scan_round.pk]) + query)


def _sheet(response) -> list[tuple]:
    ws = load_workbook(io.BytesIO(response.content)).active
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def _all_figures(client, scan_round) -> list[dict]:
    response = _results(
        client, scan_round, f"?formaat=xlsx&tabel=scan-ronde-{scan_round.pk}-cijfers"
    )
    assert response.status_code == 200
    rows = _sheet(response)
    short = {"gemiddelde (of: eerste groep)": "gemiddelde", "Cronbachs alfa": "alfa"}
    header = [short.get(h, h) for h in rows[0]]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]


# --------------------------------------------------------------------------------------------
# The threshold
# --------------------------------------------------------------------------------------------


def test_two_responses_show_nothing_on_any_page_or_download(client, coord, scan_round):
    answer(scan_round, refnis=GENT, targets=5, texts={"OV1": "Het geheim van Gent"})
    answer(scan_round, refnis=MERELBEKE_MELLE, targets=2, texts={"OV1": "Het geheim van Melle"})
    client.force_login(coord)
    page = _results(client, scan_round)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nog geen resultaten" in text
    assert "minstens 3 mensen" in text
    for absent in ("Per dimensie", "5,00", "3,50", "2,00", "n =", "geheim", "Verschillen"):
        assert absent not in text, absent
    assert "dimensions" not in page.context and "open_answers" not in page.context
    # the XLSX of all figures: no figure, only the explanation
    rows = _sheet(_results(client, scan_round, "?formaat=xlsx"))
    assert rows == [("soort",), ("Te weinig antwoorden (minder dan 3): geen cijfers",)]
    csv_rows = list(
        csv.reader(
            io.StringIO(_results(client, scan_round, "?formaat=csv").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert csv_rows == [["soort"], ["Te weinig antwoorden (minder dan 3): geen cijfers"]]
    # the other tables do not exist under the threshold
    for name in ("dimensies", "partners", "rollen", "verschillen", "stellingen"):
        query = f"?formaat=xlsx&tabel=scan-ronde-{scan_round.pk}-{name}"
        assert _results(client, scan_round, query).status_code == 404
    # the group and round pages show counts of people, never a figure or an answer
    for url in (
        reverse("scan_group", args=[scan_round.group.pk]),
        reverse("scan_round", args=[scan_round.pk]),
    ):
        other = client.get(url).content.decode()
        assert "geheim" not in other and "5,00" not in other and "3,50" not in other


def test_three_responses_show_hand_computed_figures(client, coord, scan_round):
    # Gent 5 and 2, Merelbeke-Melle 3 on every dimension: mean (5 + 2 + 3) / 3 = 3,33;
    # sd = sqrt(((5 - 10/3)² + (2 - 10/3)² + (3 - 10/3)²) / 2) = sqrt(14/3 / 2) = 1,53;
    # distribution of the scores 1..5: 0 · 1 · 1 · 0 · 1.
    answer(scan_round, refnis=GENT, targets=5, texts={"OV1": "Antwoord A"})
    answer(scan_round, refnis=GENT, targets=2, texts={"OV1": "Antwoord B"})
    answer(scan_round, refnis=MERELBEKE_MELLE, targets=3, texts={"OV1": "Antwoord C"})
    client.force_login(coord)
    page = _results(client, scan_round)
    text = page.content.decode()
    assert "3 mensen vulden de scan in" in text
    assert text.count("3,33") >= len(items.DIMENSIONS)
    assert "1,53" in text
    assert "0 · 1 · 1 · 0 · 1" in text
    for a in ("Antwoord A", "Antwoord B", "Antwoord C"):
        assert a in text
    # Gent has 2 respondents and Merelbeke-Melle 1: neither is shown apart
    assert page.context["partners"] == []
    assert "Gent (n" not in text and "n = 2" not in text
    assert "Niet apart getoond" in text and "Gent, Merelbeke-Melle" in text
    figures = _all_figures(client, scan_round)
    total = [r for r in figures if r["soort"] == "Alle antwoorden"]
    assert len(total) == len(items.DIMENSIONS)
    assert {(r["n"], r["gemiddelde"], r["standaardafwijking"]) for r in total} == {(3, 3.33, 1.53)}
    assert not [r for r in figures if r["soort"] in ("Per partner", "Centrumstad of niet")]
    assert all(r["n"] is None or r["n"] >= 3 for r in figures)


def test_a_partner_of_three_is_shown_and_the_centrumstad_gap_appears(client, coord, scan_round):
    # Gent (centrumstad): three officials at 4; Merelbeke-Melle: three schepenen at 2.
    # Whole round (4·3 + 2·3) / 6 = 3,00; centrumstad 4,00 against the other partners 2,00:
    # +2,00, and officials 4,00 against politicians 2,00: +2,00 (both ≥ 0,75: diverging).
    for _ in range(3):
        answer(scan_round, refnis=GENT, role="ambtenaar", targets=4)
        answer(scan_round, refnis=MERELBEKE_MELLE, role="schepen", targets=2)
    client.force_login(coord)
    page = _results(client, scan_round)
    text = html.unescape(page.content.decode())
    assert [(c["label"], c["n"]) for c in page.context["partners"]] == [
        ("Gent", 3),
        ("Merelbeke-Melle", 3),
    ]
    assert 'Gent <span class="sub">(n = 3)</span>' in text
    gaps = {g["kind"]: g for g in page.context["gaps"]}
    for kind in ("centrumstad", "rol"):
        rows = gaps[kind]["rows"]
        assert len(rows) == len(items.DIMENSIONS)
        assert {(r["first"], r["second"], r["difference"], r["diverging"]) for r in rows} == {
            (4.0, 2.0, 2.0, True)
        }
    assert "+2,00" in text and "uiteen\u00adlopend" in text  # a soft hyphen for phones
    assert gaps["ronde"]["why"] == "Dit is de eerste ronde."
    # diverging everywhere: the suggestions of "diverging" and links to practices
    first = suggestions.suggestions_for("vertrouwen", "diverging")[0]
    assert first.text in text
    assert 'href="/netwerk/praktijken/?thema=vertrouwen"' in text
    figures = _all_figures(client, scan_round)
    partner_rows = {(r["groep"], r["gemiddelde"]) for r in figures if r["soort"] == "Per partner"}
    assert partner_rows == {("Gent", 4.0), ("Merelbeke-Melle", 2.0)}
    gap_rows = [r for r in figures if r["soort"] == "Verschil in beleving"]
    assert {r["verschil"] for r in gap_rows} == {2.0}


def test_a_low_score_and_a_decline_since_the_last_round_come_with_suggestions(
    client, coord, scan_round
):
    later = make_round(scan_round.group, title="Ronde 2027")
    for _ in range(3):  # last round 4 everywhere; this round 4, except political goodwill 1
        answer(scan_round, refnis=GENT, targets=4)
        answer(later, refnis=GENT, targets={**dict.fromkeys(items.DIMENSIONS, 4), "goodwill": 1})
    client.force_login(coord)
    page = _results(client, later)
    text = html.unescape(page.content.decode())
    rows = {
        r["dimension"]: r
        for r in next(g for g in page.context["gaps"] if g["kind"] == "ronde")["rows"]
    }
    assert rows["goodwill"]["difference"] == -3.0  # 1,00 - 4,00
    assert rows["vertrouwen"]["difference"] == 0.0
    assert "−3,00" in text or "-3,00" in text
    attention = {a["dimension"]: a for a in page.context["attention"]}
    assert list(attention) == ["goodwill"]
    assert attention["goodwill"]["flags"] == ["lage score", "gedaald sinds de vorige ronde"]
    for s in suggestions.suggestions_for("goodwill", "low"):
        assert s.text in text
    assert 'href="/netwerk/praktijken/?thema=goodwill"' in text
    # the legend names the threshold the flag uses (stats.LOW_SCORE), in Belgian style
    assert "Rood: onder 3,0." in text and "Een score onder 3,0 is zwart" in text


def test_cronbachs_alpha_on_a_hand_worked_example_reaches_the_page(client, coord, scan_round):
    """Ten respondents answer the three statements of "Regionale identiteit" (ID1–ID3):

    ID1: 5 4 3 2 1 5 4 3 2 1   sum of squares about the mean 3,0: 20
    ID2: 5 4 3 2 2 4 5 2 3 1   mean 3,1: 16,9
    ID3: 4 4 2 3 1 5 4 3 2 2   mean 3,0: 14
    totals: 14 12 8 7 4 14 13 8 7 4, mean 9,1: 134,9
    alpha = 3/2 · (1 − (20 + 16,9 + 14) / 134,9) = 1,5 · (1 − 0,3773) = 0,934 → "0,93"
    (the divisor n − 1 cancels). Every other dimension is answered 3 by everyone: no spread,
    so no alpha there."""
    id1 = [5, 4, 3, 2, 1, 5, 4, 3, 2, 1]
    id2 = [5, 4, 3, 2, 2, 4, 5, 2, 3, 1]
    id3 = [4, 4, 2, 3, 1, 5, 4, 3, 2, 2]
    for a, b, c in zip(id1, id2, id3, strict=True):
        [(token, _l)] = services.create_links(scan_round, 1, [])
        values = {it.code: (3 if it.dimension != "identiteit" else None) for it in items.ITEMS}
        values.update({"ID1": a, "ID2": b, "ID3": c})
        services.submit(
            Invitation.objects.get(token_hash=services.hash_token(token)),
            role="ambtenaar",
            refnis=GENT,
            values=values,
            texts={},
        )
    client.force_login(coord)
    page = _results(client, scan_round)
    dims = {d["code"]: d for d in page.context["dimensions"]}
    assert round(dims["identiteit"]["alpha"].alpha, 3) == 0.934
    assert not dims["vertrouwen"]["alpha"].reported
    assert "0,93" in page.content.decode()
    # the mean of the dimension: the respondents' means (14 12 8 7 4 14 13 8 7 4) / 3,
    # averaged: 91 / 30 = 3,03
    assert dims["identiteit"]["mean"] == 3.03
    alpha_rows = [r for r in _all_figures(client, scan_round) if r["soort"] == "Cronbachs alfa"]
    assert [(r["dimensie"], r["n"], r["alfa"]) for r in alpha_rows] == [
        ("Regionale identiteit", 10, 0.93)
    ]


def test_the_answer_form_and_the_results_agree(client, coord, scan_round):
    """Three respondents through the real form: the page shows what they chose."""
    for value in ("5", "4", "3"):
        [(token, _l)] = services.create_links(scan_round, 1, [])
        data = {"rol": "ambtenaar", "gemeente": GENT}
        data.update({item_field_name(it.code): value for it in items.items_for("vertrouwen")})
        assert client.post(reverse("scan_answer", args=[token]), data).status_code == 200
    client.force_login(coord)
    dims = {d["code"]: d for d in _results(client, scan_round).context["dimensions"]}
    # vertrouwen (no reverse-keyed statement): (5 + 4 + 3) / 3 = 4,00, sd 1,00
    assert (dims["vertrouwen"]["mean"], dims["vertrouwen"]["sd"]) == (4.0, 1.0)
    # nobody answered the other dimensions: nothing to show there
    assert dims["goodwill"]["fig"] is None


def test_an_open_round_shows_no_figure_so_one_more_answer_cannot_be_read_off(
    client, coord, scan_round
):
    """Were an open round's figures shown, the coordinator could read them with 3 answers
    (5, 5, 5 on every dimension: mean 5,00) and again with 4 (mean 4,25): 4 × 4,25 − 15 = 2,
    the fourth person's answer. So nothing is shown until the round is closed."""
    for _ in range(3):
        answer(scan_round, refnis=GENT, targets=5, texts={"OV1": "Open en eerlijk"})
    client.force_login(coord)
    for _ in range(2):
        page = _results(client, scan_round, close=False)
        text = page.content.decode()
        assert page.status_code == 200
        assert "de ronde is open" in text and "afgesloten" in text
        for absent in ("Per dimensie", "5,00", "4,25", "Open en eerlijk", "vulden de scan in"):
            assert absent not in text, absent
        rows = _sheet(_results(client, scan_round, "?formaat=xlsx", close=False))
        assert rows == [("soort",), (OPEN_ROUND,)]
        answer(scan_round, refnis=GENT, targets=2)
    # closed, with the five answers 5, 5, 5, 2, 2: (15 + 4) / 5 = 3,80
    scan_round.closed = True
    scan_round.save()
    page = _results(client, scan_round, close=False)
    assert "5 mensen vulden de scan in" in page.content.decode()
    assert "3,80" in page.content.decode()


def test_the_previous_round_counts_in_the_gap_only_once_it_is_closed(client, coord, scan_round):
    later = make_round(scan_round.group, title="Ronde 2027")
    for _ in range(3):
        answer(scan_round, refnis=GENT, targets=4)
        answer(later, refnis=GENT, targets=2)
    later.closed = True
    later.save()
    client.force_login(coord)
    page = _results(client, later, close=False)
    section = next(g for g in page.context["gaps"] if g["kind"] == "ronde")
    assert section["rows"] == [] and "nog open" in section["why"]
    scan_round.closed = True
    scan_round.save()
    page = _results(client, later, close=False)
    section = next(g for g in page.context["gaps"] if g["kind"] == "ronde")
    assert {r["difference"] for r in section["rows"]} == {-2.0}  # 2,00 - 4,00


def test_a_group_hidden_to_protect_a_smaller_one_is_explained_without_counts(
    client, coord, scan_round
):
    # Gent: four officials and two schepenen. Showing the officials (4) next to the whole
    # round (6) would give the two schepenen's answers by subtraction, so the officials are
    # "afgeschermd" and the schepenen have "minder dan 3": no role is shown apart.
    for _ in range(4):
        answer(scan_round, refnis=GENT, role="ambtenaar", targets=4)
    for _ in range(2):
        answer(scan_round, refnis=GENT, role="schepen", targets=2)
    client.force_login(coord)
    page = _results(client, scan_round)
    assert page.context["roles"] == []
    text = html.unescape(page.content.decode())
    note = (
        "De groep ambtenaren wordt niet apart getoond, omdat je anders de antwoorden van minder "
        "dan 3 politici zou kunnen afleiden. Nodig in een volgende ronde minstens 3 politici "
        "uit; dan verschijnen beide."
    )
    assert page.context["role_notes"] == [note]
    assert note in text
    # no count of the hidden group (4) nor of the small one (2) in the explanation
    assert not any(ch in note for ch in "1245")


def test_a_partner_hidden_to_protect_a_smaller_partner_is_explained(client, coord, scan_round):
    # Gent 3, Merelbeke-Melle 2: Gent next to the whole round (5) would give Merelbeke-Melle's
    # two answers by subtraction, so Gent is "afgeschermd" too.
    for _ in range(3):
        answer(scan_round, refnis=GENT, role="ambtenaar", targets=4)
    for _ in range(2):
        answer(scan_round, refnis=MERELBEKE_MELLE, role="ambtenaar", targets=2)
    client.force_login(coord)
    page = _results(client, scan_round)
    assert page.context["partners"] == []
    assert page.context["partner_notes"] == [
        "Gent wordt niet apart getoond, omdat je anders de antwoorden van minder dan 3 mensen "
        "van Merelbeke-Melle zou kunnen afleiden. Nodig in een volgende ronde minstens 3 mensen "
        "van Merelbeke-Melle uit; dan verschijnen beide."
    ]


def test_a_closed_rounds_figures_are_computed_once_and_again_after_a_new_answer(
    client, coord, scan_round, monkeypatch
):
    """The anonymity check is the costly part of the results (seconds for 30+ partners); a
    closed round no longer changes, so its summary is computed once. Should an answer still be
    added (the answers are the key), it is computed anew: 3 answers of 3 and one of 5 give a
    mean of (3·3 + 5)/4 = 3,5 on every dimension."""
    from samenspel.scan import stats

    calls = []
    real = stats.summary
    monkeypatch.setattr(stats, "summary", lambda responses: calls.append(1) or real(responses))
    for _ in range(3):
        answer(scan_round, targets=3)
    client.force_login(coord)
    first = _results(client, scan_round)
    again = _results(client, scan_round)
    assert first.status_code == again.status_code == 200
    assert len(calls) == 1
    assert services.round_summary(scan_round, None).respondents == 3
    ScanRound.objects.filter(pk=scan_round.pk).update(closed=False)
    scan_round.refresh_from_db()
    answer(scan_round, targets=5)
    _results(client, scan_round)
    # without the atlas Gent is not known as centrumstad: other input, other key (2); then the
    # new answer (3)
    assert len(calls) == 3
    dims = services.round_summary(scan_round, None).total.dimensions
    assert {round(d.mean, 2) for d in dims.values()} == {3.5}
