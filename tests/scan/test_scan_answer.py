"""The answer page ``/scan/antwoord/<token>/``: no account, one submission per link, every bad
value refused in Dutch with nothing stored, and nothing that ties an answer to a person."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samenspel.scan import items, services
from samenspel.scan.forms import item_field_name, open_field_name
from samenspel.scan.models import Answer, Invitation, OpenAnswer, ScanResponse
from tests.people import user_with
from tests.scan.factories import GENT, MERELBEKE_MELLE, make_group, make_round, values_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(loaded):
    """(round, token) of a fresh personal link for a round of IGS zuid."""
    scan_round = make_round(make_group("zuid"))
    [(token, _label)] = services.create_links(scan_round, 1, ["schepen Gent"])
    return scan_round, token


def _form(targets=4, **extra) -> dict:
    data = {"rol": "schepen", "gemeente": GENT}
    for code, value in values_for(targets).items():
        data[item_field_name(code)] = str(value)
    data.update(extra)
    return data


def _text(response) -> str:
    return response.content.decode()


def test_a_respondent_answers_once_without_an_account(client, link):
    scan_round, token = link
    url = reverse("scan_answer", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "same-origin"
    text = _text(page)
    # each open question states its limit, read from the form field (2.000 in Belgian style)
    assert text.count("Hoogstens 2.000 tekens.") == text.count('class="veld breed')
    assert "Hoogstens 2.000 tekens." in text
    assert "Scan zuid" in text and "Ronde 2026" in text
    assert "Gent" in text and "Merelbeke-Melle" in text and "Een andere gemeente" in text
    assert text.count('<fieldset class="stelling') == len(items.ITEMS)
    assert "minstens 3" in text
    # one statement left open, one "weet niet": both stored as no answer
    data = _form(4, **{open_field_name("OV1"): "  De streekfeesten.  "})
    first, second = items.ITEMS[0].code, items.ITEMS[1].code
    del data[item_field_name(first)]
    data[item_field_name(second)] = "x"
    done = client.post(url, data)
    assert done.status_code == 200
    assert "Bedankt voor je antwoorden" in _text(done)
    response = ScanResponse.objects.get()
    assert (response.round, response.refnis, response.role) == (scan_round, GENT, "schepen")
    stored = dict(Answer.objects.values_list("item_code", "value"))
    assert len(stored) == len(items.ITEMS)
    assert stored[first] is None and stored[second] is None
    third = items.ITEMS[2]
    assert stored[third.code] == (2 if third.reverse else 4)
    assert list(OpenAnswer.objects.values_list("question_code", "text")) == [
        ("OV1", "De streekfeesten.")
    ]
    assert Invitation.objects.get().used_at is not None
    # the same link again: a polite Dutch page, and nothing stored twice
    again = client.get(url)
    assert again.status_code == 200
    assert "Met deze link is al geantwoord" in _text(again)
    twice = client.post(url, _form(1))
    assert twice.status_code == 409
    assert "al geantwoord" in _text(twice)
    assert ScanResponse.objects.count() == 1
    assert Answer.objects.filter(value=1).count() == 0


def test_a_second_submission_racing_the_first_is_refused(link):
    scan_round, token = link
    invitation = services.invitation_for(token)
    kwargs = {"role": "schepen", "refnis": GENT, "values": values_for(3), "texts": {}}
    services.submit(invitation, **kwargs)
    with pytest.raises(services.AlreadyAnswered):
        services.submit(invitation, **kwargs)  # the stale object still says "unused"
    assert ScanResponse.objects.count() == 1


@pytest.mark.parametrize(
    "token",
    [
        "bestaatnietmaariswellangenoeg1234",  # the right shape, no such link
        "kort",
        "a" * 5000,
        "../../beheer",
        "%27%20OR%201%3D1",
    ],
)
def test_an_unknown_link_is_a_dutch_404(client, link, token):
    response = client.get(f"/scan/antwoord/{token}/")
    assert response.status_code == 404
    assert "Deze link kennen we niet" in _text(response) or "bestaat niet" in _text(response)
    post = client.post(f"/scan/antwoord/{token}/", _form())
    assert post.status_code == 404
    assert not ScanResponse.objects.exists()


@pytest.mark.parametrize("bad", ["6", "-1", "0", "drie", "9" * 5000, "3.5", ""])
def test_a_value_outside_1_to_5_is_a_dutch_form_error_and_nothing_is_stored(client, link, bad):
    _round, token = link
    statement = items.ITEMS[5]
    data = _form(3, **{item_field_name(statement.code): bad})
    response = client.post(reverse("scan_answer", args=[token]), data)
    if bad == "":  # an empty value is "no answer", which is allowed
        assert response.status_code == 200
        assert Answer.objects.get(item_code=statement.code).value is None
        return
    assert response.status_code == 400
    text = _text(response)
    assert "Je antwoorden zijn nog niet verstuurd" in text
    assert "een antwoord van 1 tot 5 of “weet niet”" in text
    assert statement.text[:40] in text
    assert not ScanResponse.objects.exists() and not Answer.objects.exists()
    assert Invitation.objects.get().used_at is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rol", "burgemeester-koning", "Kies een rol uit de lijst."),
        ("rol", "", "Kies je rol."),
        ("gemeente", "", "Kies je gemeente."),
        ("gemeente", "43005", "Kies een gemeente uit de lijst"),  # Eeklo is no partner of zuid
        (open_field_name("OV2"), "x" * 2001, "hoogstens 2.000 tekens (nu 2001)"),
    ],
)
def test_bad_role_municipality_or_open_answer_is_refused(client, link, field, value, message):
    _round, token = link
    response = client.post(reverse("scan_answer", args=[token]), _form(3, **{field: value}))
    assert response.status_code == 400
    assert message in _text(response)
    assert not ScanResponse.objects.exists()


def test_another_municipality_is_stored_without_a_code(client, link):
    _round, token = link
    response = client.post(reverse("scan_answer", args=[token]), _form(3, gemeente="andere"))
    assert response.status_code == 200
    assert ScanResponse.objects.get().refnis == ""


def test_a_body_larger_than_the_form_can_hold_is_refused(client, link):
    _round, token = link
    data = _form(3, **{open_field_name("OV1"): "é" * 60_000})
    response = client.post(reverse("scan_answer", args=[token]), data)
    assert response.status_code == 413
    assert "groter dan 96 kB" in _text(response)
    assert not ScanResponse.objects.exists()


def test_an_answer_is_tied_to_no_account_even_when_someone_is_logged_in(client, link):
    """A coordinator who answers through a link while logged in leaves no trace of the account:
    responses keep no history (which would record the user) and have no field for a user."""
    scan_round, token = link
    client.force_login(user_with("coordinator", ("igs_coordinator", "zuid")))
    client.post(reverse("scan_answer", args=[token]), _form(3, gemeente=MERELBEKE_MELLE))
    response = ScanResponse.objects.get()
    for model in (ScanResponse, Answer, OpenAnswer):
        assert not hasattr(model, "history")
        related = {f.related_model for f in model._meta.get_fields() if f.is_relation}
        assert not any(getattr(m, "USERNAME_FIELD", None) for m in related if m)
    assert response.refnis == MERELBEKE_MELLE


def test_nothing_stored_ties_an_answer_to_its_link_or_label(client, link):
    """The coordinator labelled the link "schepen Gent" and keeps the CSV of links; whoever
    also reads the database must not be able to find which answer came through which link:
    no reference from the answer to the link, no shared moment, and the label is gone once
    the link is used (it only served the list of links right after they were made)."""
    scan_round, token = link
    [(other, _label)] = services.create_links(scan_round, 1, ["raadslid Melle"])
    assert client.post(reverse("scan_answer", args=[token]), _form(4)).status_code == 200
    used = Invitation.objects.get(token_hash=services.hash_token(token))
    assert used.used_at is not None and used.label == ""
    assert Invitation.objects.get(token_hash=services.hash_token(other)).label == "raadslid Melle"
    response_fields = {f.name for f in ScanResponse._meta.concrete_fields}
    assert not any(
        f.is_relation and f.related_model is Invitation for f in ScanResponse._meta.get_fields()
    )
    stored = ScanResponse.objects.values(*response_fields).get()
    moments = {v for v in stored.values() if hasattr(v, "tzinfo")}
    assert used.used_at not in moments


def test_a_nul_character_in_an_open_answer_is_refused_in_dutch_for_an_english_browser(client, link):
    _round, token = link
    data = _form(4, **{open_field_name("OV1"): "De streek\x00feesten"})
    response = client.post(reverse("scan_answer", args=[token]), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Gebruik geen nul-tekens" in _text(response)
    assert "Null characters" not in _text(response)
    assert not ScanResponse.objects.exists()
