"""The Samenwerkingsscan's pages for people with an account: who may see and do what, a new
scan for an IGS and for municipalities, rounds, personal links shown once, closing a round.

The synthetic bundle (tests/fixtures/bundle.py) has IGS noord (Eeklo, Evergem, Lochristi partly,
Aalter) and zuid (Gent, Merelbeke-Melle partly).
"""

from __future__ import annotations

import csv
import hashlib
import io

import pytest
from django.urls import reverse

from samenspel.scan.models import Invitation, ScanGroup, ScanRound
from tests.people import user_with
from tests.scan.factories import EEKLO, GENT, MERELBEKE_MELLE, answer, make_group, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def coord_zuid(loaded):
    return user_with("zuidcoord", ("igs_coordinator", "zuid"))


@pytest.fixture
def coord_noord(loaded):
    return user_with("noordcoord", ("igs_coordinator", "noord"))


def _text(response) -> str:
    return response.content.decode()


# --------------------------------------------------------------------------------------------
# Who may see what
# --------------------------------------------------------------------------------------------


def _pages(scan_round):
    """(method, url, data) of every page of a group and round that needs a permission."""
    g, r = scan_round.group.pk, scan_round.pk
    return [
        ("get", reverse("scan_group", args=[g]), None),
        ("post", reverse("scan_round_new", args=[g]), {"titel": "Ronde 2027"}),
        ("get", reverse("scan_round", args=[r]), None),
        ("post", reverse("scan_links_new", args=[r]), {"aantal": "3"}),
        ("post", reverse("scan_links_csv", args=[r]), {"link": "x" * 32}),
        ("post", reverse("scan_round_close", args=[r]), {}),
        ("get", reverse("scan_results", args=[r]), None),
        ("get", reverse("scan_results", args=[r]) + "?formaat=xlsx", None),
    ]


def test_a_coordinator_of_another_igs_gets_403_on_every_page(client, coord_zuid, coord_noord):
    scan_round = make_round(make_group("zuid", user=coord_zuid))
    for i in range(3):
        answer(scan_round, targets=4, texts={"OV1": f"geheim {i}"})
    client.force_login(coord_noord)
    for method, url, data in _pages(scan_round):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 403, url
        assert "Geen toegang" in _text(response), url
        assert "geheim" not in _text(response)
    scan_round.refresh_from_db()
    assert not scan_round.closed
    assert ScanRound.objects.count() == 1
    assert Invitation.objects.count() == 3  # the three used for the answers, no new ones


def test_a_visitor_without_account_is_sent_to_the_login_page(client, coord_zuid):
    scan_round = make_round(make_group("zuid", user=coord_zuid))
    for i in range(3):
        answer(scan_round, targets=4, texts={"OV1": f"geheim {i}"})
    for method, url, data in _pages(scan_round):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/aanmelden/"), url
    assert ScanRound.objects.count() == 1


def test_a_schepen_of_a_partner_sees_the_results_but_manages_nothing(client, coord_noord):
    scan_round = make_round(make_group("noord", user=coord_noord))
    for refnis in (EEKLO, EEKLO, EEKLO):
        answer(scan_round, refnis=refnis, targets=4)
    client.force_login(user_with("schepen", ("schepen", EEKLO)))
    assert client.get(reverse("scan_group", args=[scan_round.group.pk])).status_code == 200
    round_page = _text(client.get(reverse("scan_round", args=[scan_round.pk])))
    assert "Persoonlijke links maken" not in round_page
    assert "Sluit de ronde af" not in round_page
    refused = client.post(reverse("scan_links_new", args=[scan_round.pk]), {"aantal": "2"})
    assert refused.status_code == 403
    assert client.post(reverse("scan_round_close", args=[scan_round.pk])).status_code == 403
    assert Invitation.objects.count() == 3
    ScanRound.objects.filter(pk=scan_round.pk).update(closed=True)  # figures once closed
    page = client.get(reverse("scan_results", args=[scan_round.pk]))
    assert page.status_code == 200 and "4,00" in _text(page)


def test_the_start_page_lists_only_the_users_own_scans(client, coord_zuid, coord_noord):
    make_group("zuid", user=coord_zuid, name="Scan van Zuid")
    make_group("noord", user=coord_noord, name="Scan van Noord")
    client.force_login(coord_noord)
    text = _text(client.get(reverse("scan_home")))
    assert "Scan van Noord" in text
    assert "Scan van Zuid" not in text
    assert "Nieuwe scan" in text
    assert "minstens 3" in text


def test_the_start_page_explains_the_scan_to_everyone(client, loaded):
    text = _text(client.get(reverse("scan_home")))
    assert "Vertrouwen (ambtelijk en politiek)" in text
    assert "Aansluiting bij de referentieregio" in text
    assert "alleen voor groepen van minstens 3" in text
    assert "Meld je aan" in text


def test_a_user_without_role_may_not_start_a_scan(client, loaded):
    client.force_login(user_with("niemand"))
    response = client.get(reverse("scan_group_new"))
    assert response.status_code == 403
    assert "rol" in _text(response)


# --------------------------------------------------------------------------------------------
# A new scan
# --------------------------------------------------------------------------------------------


def test_a_coordinator_starts_a_scan_for_the_igs_with_its_members_of_today(client, coord_zuid):
    client.force_login(coord_zuid)
    response = client.post(reverse("scan_group_new"), {"soort": "igs", "igs": "zuid"})
    group = ScanGroup.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("scan_group", args=[group.pk])
    assert group.name == "Cultuur Zuid"
    assert group.igs == "zuid"
    # Gent and Merelbeke-Melle (Melle is still a member; Merelbeke left at the end of 2024)
    assert sorted(group.refnis_list) == [GENT, MERELBEKE_MELLE]
    assert group.created_by == coord_zuid
    page = _text(client.get(response["Location"]))
    assert "Gent" in page and "centrumstad" in page and "Merelbeke-Melle" in page
    assert "aangemaakt" in page  # the history


def _igs_offered(response) -> list[str]:
    return [slug for slug, _name in response.context["form"].fields["igs"].choices if slug]


def test_a_coordinator_may_not_start_a_scan_for_another_igs(client, coord_noord):
    client.force_login(coord_noord)
    # the choice offers only the IGS where the user has a role
    assert _igs_offered(client.get(reverse("scan_group_new"))) == ["noord"]
    response = client.post(reverse("scan_group_new"), {"soort": "igs", "igs": "zuid"})
    assert response.status_code == 400
    assert "Kies een IGS uit de lijst: de scan van een IGS start je als coördinator" in _text(
        response
    )
    assert not ScanGroup.objects.exists()


def test_the_igs_choice_follows_the_roles_of_the_user(client, loaded):
    # the scan of an IGS is its coordinator's (issue 11): the coordinator of noord is offered
    # noord only; a schepen of Eeklo (a member of noord) no IGS, only a group of municipalities
    client.force_login(user_with("coordnoord", ("igs_coordinator", "noord")))
    assert _igs_offered(client.get(reverse("scan_group_new"))) == ["noord"]
    client.force_login(user_with("schepen", ("schepen", EEKLO)))
    assert _igs_offered(client.get(reverse("scan_group_new"))) == []
    # support staff may start one for every active IGS
    client.force_login(user_with("optil", ("steunpunt", "optil")))
    offered = _igs_offered(client.get(reverse("scan_group_new")))
    assert {"noord", "zuid"} <= set(offered) and len(offered) >= 2


def test_the_start_page_puts_the_users_scans_first(client, coord_zuid):
    client.force_login(coord_zuid)
    text = _text(client.get(reverse("scan_home")))
    assert text.index("Waarom") < text.index("Jouw scans")  # no scan yet: explanation first
    make_group("zuid", user=coord_zuid, name="Scan van Zuid")
    text = _text(client.get(reverse("scan_home")))
    assert text.index("Jouw scans") < text.index("Scan van Zuid") < text.index("Waarom")


def test_municipalities_that_consider_cooperating_are_chosen_by_name(client, loaded):
    client.force_login(user_with("cbc", ("cultuurbeleidscoordinator", EEKLO)))
    response = client.post(
        reverse("scan_group_new"), {"soort": "gemeenten", "gemeenten": "Eeklo, Gent"}
    )
    assert response.status_code == 302
    group = ScanGroup.objects.get()
    assert group.igs == ""
    assert group.refnis_list == [EEKLO, GENT]
    assert group.name == "Verkenning Eeklo, Gent"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"soort": "igs"}, "Kies het IGS dat de scan afneemt."),
        ({"soort": "igs", "igs": "bestaat-niet"}, "Kies een IGS uit de lijst"),
        ({"soort": "gemeenten", "gemeenten": "Eeklo"}, "Geef minstens twee gemeenten."),
        ({"soort": "gemeenten", "gemeenten": "Eeklo, Atlantis"}, "geen gemeente “Atlantis”"),
        ({"soort": "gemeenten", "gemeenten": "Eeklo, 99999"}, "Onbekende REFNIS-code(s): 99999"),
        ({"soort": "raar"}, "Kies een IGS of gemeenten."),
        ({"soort": "igs", "igs": "zuid", "naam": "x" * 201}, "Hoogstens 200 tekens"),
    ],
)
def test_a_new_scan_with_bad_input_says_what_is_wrong(client, coord_zuid, data, message):
    client.force_login(coord_zuid)
    response = client.post(reverse("scan_group_new"), data)
    assert response.status_code == 400
    assert message in _text(response)
    assert not ScanGroup.objects.exists()


# --------------------------------------------------------------------------------------------
# Rounds and links
# --------------------------------------------------------------------------------------------


def test_links_are_shown_once_stored_as_hashes_and_counted_afterwards(client, coord_zuid):
    group = make_group("zuid", user=coord_zuid)
    client.force_login(coord_zuid)
    response = client.post(reverse("scan_round_new", args=[group.pk]), {"titel": "Ronde 2027"})
    scan_round = ScanRound.objects.get()
    assert response["Location"] == reverse("scan_round", args=[scan_round.pk])
    response = client.post(
        reverse("scan_links_new", args=[scan_round.pk]),
        {"aantal": "3", "etiketten": "schepen Gent\nambtenaar Melle"},
    )
    assert response.status_code == 302
    first = client.get(reverse("scan_round", args=[scan_round.pk]))
    assert first["Cache-Control"] == "no-store"
    links = first.context["fresh"]
    assert len(links) == 3
    tokens = [t for t, _label, _url in links]
    assert [label for _t, label, _url in links] == ["schepen Gent", "ambtenaar Melle", ""]
    for token, _label, url in links:
        assert url == f"http://testserver/scan/antwoord/{token}/"
        assert url in _text(first)
    stored = set(Invitation.objects.values_list("token_hash", flat=True))
    assert stored == {hashlib.sha256(t.encode()).hexdigest() for t in tokens}
    # the CSV of the links, from the tokens posted back
    download = client.post(reverse("scan_links_csv", args=[scan_round.pk]), {"link": tokens})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["nr", "etiket", "link"]
    assert rows[1] == ["1", "schepen Gent", f"http://testserver/scan/antwoord/{tokens[0]}/"]
    assert len(rows) == 4
    # shown once: the next visit only counts
    answer(scan_round)
    again = client.get(reverse("scan_round", args=[scan_round.pk]))
    assert again.context["fresh"] == []
    assert not any(t in _text(again) for t in tokens)
    assert "4 uitgenodigd, 1 geantwoord" in _text(again)
    assert "schepen Gent" not in _text(again)


def test_the_csv_of_links_refuses_tokens_of_another_round(client, coord_zuid):
    group = make_group("zuid", user=coord_zuid)
    mine, other = make_round(group), make_round(group, title="Andere")
    client.force_login(coord_zuid)
    client.post(reverse("scan_links_new", args=[other.pk]), {"aantal": "1"})
    token = client.get(reverse("scan_round", args=[other.pk])).context["fresh"][0][0]
    response = client.post(reverse("scan_links_csv", args=[mine.pk]), {"link": [token]})
    assert response.status_code == 400
    assert token not in _text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"aantal": "0"}, "Minstens 1 link."),
        ({"aantal": "201"}, "Hoogstens 200 links per keer."),
        ({"aantal": "-1"}, "Minstens 1 link."),
        ({"aantal": "twee"}, "Geef een geheel getal, bv. 12."),
        ({"aantal": "9" * 5000}, "Hoogstens 200 links per keer."),
        ({"aantal": "1", "etiketten": "a\nb"}, "2 etiketten voor 1 links"),
        ({"aantal": "1", "etiketten": "jan@gemeente.be"}, "geen e-mailadressen"),
        ({"aantal": "1", "etiketten": "x" * 101}, "Regel 1: hoogstens 100 tekens"),
    ],
)
def test_bad_link_requests_make_no_link(client, coord_zuid, data, message):
    scan_round = make_round(make_group("zuid", user=coord_zuid))
    client.force_login(coord_zuid)
    response = client.post(reverse("scan_links_new", args=[scan_round.pk]), data)
    assert response.status_code == 400
    assert message in _text(response)
    assert not Invitation.objects.exists()


def test_a_bad_round_says_what_is_wrong(client, coord_zuid):
    group = make_group("zuid", user=coord_zuid)
    client.force_login(coord_zuid)
    response = client.post(
        reverse("scan_round_new", args=[group.pk]), {"titel": "", "sluit_op": "2001-01-01"}
    )
    assert response.status_code == 400
    assert "Vul dit veld in." in _text(response)
    assert "ligt in het verleden" in _text(response)
    assert not ScanRound.objects.exists()


def test_a_closed_round_takes_no_links_and_no_answers(client, coord_zuid):
    scan_round = make_round(make_group("zuid", user=coord_zuid))
    client.force_login(coord_zuid)
    client.post(reverse("scan_links_new", args=[scan_round.pk]), {"aantal": "1"})
    token = client.get(reverse("scan_round", args=[scan_round.pk])).context["fresh"][0][0]
    # without ticking "Ik begrijp dat er daarna niemand meer kan antwoorden" nothing closes
    unconfirmed = client.post(reverse("scan_round_close", args=[scan_round.pk]))
    assert unconfirmed.status_code == 400
    assert "De ronde is niet afgesloten: vink eerst aan" in _text(unconfirmed)
    scan_round.refresh_from_db()
    assert not scan_round.closed
    close = reverse("scan_round_close", args=[scan_round.pk])
    response = client.post(close, {"bevestig": "ja"})
    assert response.status_code == 302
    scan_round.refresh_from_db()
    assert scan_round.closed
    client.post(reverse("scan_links_new", args=[scan_round.pk]), {"aantal": "5"})
    assert Invitation.objects.count() == 1
    page = client.get(reverse("scan_answer", args=[token]))
    assert page.status_code == 410
    assert "Deze ronde is afgesloten" in _text(page)
    # the round's history shows the closing, with who did it
    history = _text(client.get(reverse("scan_round", args=[scan_round.pk])))
    assert "Afgesloten" in history and "Zuidcoord" in history


def test_the_igs_block_links_the_scan_for_those_who_may_see_it(rf, coord_zuid, coord_noord):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    group = make_group("zuid", user=coord_zuid, name="Scan van Zuid")
    make_round(group, title="Ronde 2026")
    template = Template('{% load scan %}{% scan_block igs="zuid" %}')

    def render(user):
        request = rf.get("/igs/zuid/")
        request.user = user
        return template.render(Context({"request": request}))

    mine = render(coord_zuid)
    assert "Scan van Zuid" in mine and "Ronde 2026" in mine
    assert "/scan/nieuw/?igs=zuid" in mine
    other = render(coord_noord)
    assert "Scan van Zuid" not in other
    anonymous = render(AnonymousUser())
    assert "Scan van Zuid" not in anonymous and "samenwerkingsscan" in anonymous


def test_a_round_holds_at_most_2000_links(client, coord_zuid, monkeypatch):
    from samenspel.scan import views

    monkeypatch.setattr(views, "MAX_LINKS_PER_ROUND", 5)
    scan_round = make_round(make_group("zuid", user=coord_zuid))
    client.force_login(coord_zuid)
    assert (
        client.post(reverse("scan_links_new", args=[scan_round.pk]), {"aantal": "4"}).status_code
        == 302
    )
    response = client.post(reverse("scan_links_new", args=[scan_round.pk]), {"aantal": "2"})
    assert response.status_code == 400
    assert "Een ronde heeft hoogstens 5 links; er zijn er al 4." in _text(response)
    assert Invitation.objects.count() == 4


def test_support_staff_see_every_scan_and_its_results(client, coord_zuid, coord_noord):
    zuid = make_round(make_group("zuid", user=coord_zuid, name="Scan van Zuid"))
    make_group("noord", user=coord_noord, name="Scan van Noord")
    for _ in range(3):
        answer(zuid, targets=2)
    client.force_login(user_with("optil", ("steunpunt", "optil")))
    home = _text(client.get(reverse("scan_home")))
    assert "Scan van Zuid" in home and "Scan van Noord" in home
    ScanRound.objects.filter(pk=zuid.pk).update(closed=True)  # figures once closed
    results = client.get(reverse("scan_results", args=[zuid.pk]))
    assert results.status_code == 200 and "2,00" in _text(results)


def test_the_igs_page_carries_the_scan_block(client, coord_zuid, coord_noord):
    group = make_group("zuid", user=coord_zuid, name="Scan van Zuid")
    make_round(group, title="Ronde 2026")
    client.force_login(coord_zuid)
    page = _text(client.get(reverse("partnership_detail", args=["zuid"])))
    assert "Scan van Zuid" in page and "Ronde 2026" in page
    client.force_login(coord_noord)
    assert "Scan van Zuid" not in _text(client.get(reverse("partnership_detail", args=["zuid"])))


def test_a_creator_whose_role_ended_no_longer_manages_or_sees_the_scan(client, loaded):
    """The owner rule does not outlive the role: a cultuurbeleidscoördinator of Eeklo starts a
    scan for a group of municipalities with Eeklo; once the role ends, the group page is a 403."""
    import datetime

    from samenspel.accounts.models import Role

    cbc = user_with("cbc", ("cultuurbeleidscoordinator", EEKLO))
    group = ScanGroup.objects.create(
        name="Verkenning Eeklo-Gent", igs="", municipalities=f",{EEKLO},{GENT},", created_by=cbc
    )
    client.force_login(cbc)
    assert client.get(reverse("scan_group", args=[group.pk])).status_code == 200
    Role.objects.filter(person__user=cbc).update(
        valid_to=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert client.get(reverse("scan_group", args=[group.pk])).status_code == 403


def test_the_start_page_lists_only_scans_the_user_may_open(client, loaded):
    """The list and the permission say the same: once the creator's role has ended, the
    group (now a 403) is no longer listed on /scan/ either."""
    import datetime

    from samenspel.accounts.models import Role

    cbc = user_with("cbc", ("cultuurbeleidscoordinator", EEKLO))
    ScanGroup.objects.create(
        name="Verkenning Eeklo-Gent", igs="", municipalities=f",{EEKLO},{GENT},", created_by=cbc
    )
    client.force_login(cbc)
    assert "Verkenning Eeklo-Gent" in _text(client.get(reverse("scan_home")))
    Role.objects.filter(person__user=cbc).update(
        valid_to=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert "Verkenning Eeklo-Gent" not in _text(client.get(reverse("scan_home")))


def test_the_igs_page_offers_to_start_its_scan_only_to_who_may(client, coord_noord):
    """ "Start een scan voor dit IGS" is for the IGS's coordinator (scan.start_group); a schepen
    of a member municipality may start scans for groups of municipalities, not the IGS's own,
    so the IGS page does not offer it to them (the form would refuse the IGS)."""
    url = reverse("partnership_detail", args=["noord"])
    client.force_login(coord_noord)
    assert "Start een scan voor dit IGS" in _text(client.get(url))
    client.force_login(user_with("schepen", ("schepen", EEKLO)))
    assert "Start een scan voor dit IGS" not in _text(client.get(url))
