"""Saved comparisons ("Mijn vergelijkingen") on the synthetic bundle.

Cultuur Noord on 2026-11-28: Eeklo 20.000, Evergem 40.000 and Aalter 30.000 = 90.000 inhabitants;
the default amount is 75 % of max(0,90 × 90.000 = 81.000, 100.000) = 75.000 € (see
test_funding_web.py). Per inhabitant: Evergem 75.000 × 40/90 = 33.333,33 €, Eeklo 16.666,67 €
(the spare cent), Aalter 25.000,00 €; equal shares: 25.000,00 € each.
"""

import pytest

from samenspel.funding.models import SavedComparison
from samenspel.territory.models import Figure

QUERY = "igs=noord&peildatum=2026-11-28&sleutel_1=inwoners&sleutel_2=gelijk"


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("schepen", password="x-geheim-123")


@pytest.fixture
def other(django_user_model):
    return django_user_model.objects.create_user("buur", password="x-geheim-456")


def _save(client, name="Voorstel", query=QUERY):
    return client.post("/verdeelsleutel/bewaar/", {"naam": name, "query": query})


def test_owner_lists_renames_and_deletes(loaded, client, owner):
    client.force_login(owner)
    _save(client, "Voorstel A")
    saved = SavedComparison.objects.get()
    html = client.get("/verdeelsleutel/mijn/").content.decode()
    assert "Mijn vergelijkingen" in html and "Voorstel A" in html
    assert f"/verdeelsleutel/v/{saved.pk}/" in html

    r = client.post(f"/verdeelsleutel/v/{saved.pk}/hernoem/", {"naam": "  Voorstel B  "})
    assert r.status_code == 302 and r["Location"] == "/verdeelsleutel/mijn/"
    saved.refresh_from_db()
    assert saved.name == "Voorstel B"  # the spaces around it are dropped

    r = client.post(f"/verdeelsleutel/v/{saved.pk}/verwijder/")
    assert r.status_code == 302
    assert not SavedComparison.objects.exists()
    assert "nog geen vergelijkingen bewaard" in client.get("/verdeelsleutel/mijn/").content.decode()


def test_the_list_shows_only_your_own(loaded, client, owner, other):
    client.force_login(other)
    _save(client, "Van de buur")
    client.force_login(owner)
    _save(client, "Van de schepen")
    html = client.get("/verdeelsleutel/mijn/").content.decode()
    assert "Van de schepen" in html and "Van de buur" not in html


def test_another_user_gets_404_on_rename_and_delete(loaded, client, owner, other):
    client.force_login(owner)
    _save(client)
    saved = SavedComparison.objects.get()
    client.force_login(other)
    r = client.post(f"/verdeelsleutel/v/{saved.pk}/hernoem/", {"naam": "Gekaapt"})
    assert r.status_code == 404
    r = client.post(f"/verdeelsleutel/v/{saved.pk}/verwijder/")
    assert r.status_code == 404
    saved.refresh_from_db()
    assert saved.name == "Voorstel"


def test_anonymous_is_sent_to_login(loaded, client, owner):
    client.force_login(owner)
    _save(client)
    saved = SavedComparison.objects.get()
    client.logout()
    for r in (
        client.get("/verdeelsleutel/mijn/"),
        client.post(f"/verdeelsleutel/v/{saved.pk}/hernoem/", {"naam": "X"}),
        client.post(f"/verdeelsleutel/v/{saved.pk}/verwijder/"),
    ):
        assert r.status_code == 302 and r["Location"].startswith("/aanmelden/")
    assert SavedComparison.objects.get().name == "Voorstel"


def test_rename_and_delete_need_a_post(loaded, client, owner):
    client.force_login(owner)
    _save(client)
    saved = SavedComparison.objects.get()
    assert client.get(f"/verdeelsleutel/v/{saved.pk}/verwijder/").status_code == 405
    assert SavedComparison.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "Geef de vergelijking een naam (alleen spaties telt niet)."),
        ("x" * 5000, "De naam is te lang: ten hoogste 200 tekens, deze telt er 5000."),
    ],
)
def test_a_bad_name_gets_a_dutch_form_error(loaded, client, owner, name, message):
    client.force_login(owner)
    r = _save(client, name)
    assert r.status_code == 400
    html = r.content.decode()
    assert message in html
    assert "x" * 201 not in html  # the long name is not put back on the page
    assert not SavedComparison.objects.exists()
    _save(client)
    saved = SavedComparison.objects.get()
    r = client.post(f"/verdeelsleutel/v/{saved.pk}/hernoem/", {"naam": name})
    assert r.status_code == 400 and message in r.content.decode()
    saved.refresh_from_db()
    assert saved.name == "Voorstel"


def test_a_name_of_200_characters_is_kept(loaded, client, owner):
    client.force_login(owner)
    _save(client, "n" * 200)
    assert SavedComparison.objects.get().name == "n" * 200


def test_bad_settings_are_refused_when_saved(loaded, client, owner):
    client.force_login(owner)
    r = _save(client, query="igs=noord&gewichten=inwoners%3Dveel&sleutel_1=mix")
    assert r.status_code == 400
    assert "Gewichten van de mix: &#x27;veel&#x27; is geen getal" in r.content.decode()
    r = _save(client, query="gemeenten=43005,99999&sleutel_1=inwoners")
    assert r.status_code == 400
    assert "Onbekende REFNIS-code(s): 99999" in r.content.decode()
    r = _save(client, query="")
    assert r.status_code == 400 and "geen instellingen" in r.content.decode()
    assert not SavedComparison.objects.exists()


def test_presentation_parameters_are_not_stored(loaded, client, owner):
    client.force_login(owner)
    _save(client, query=QUERY + "&formaat=xlsx&tabel=vergelijking&afdruk=1")
    saved = SavedComparison.objects.get()
    for param in ("formaat", "tabel", "afdruk"):
        assert param not in saved.query
    client.logout()
    r = client.get(f"/verdeelsleutel/v/{saved.pk}/?formaat=xlsx&tabel=vergelijking")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in r


def test_snapshot_stays_and_recompute_shows_the_change(loaded, client, owner):
    client.force_login(owner)
    _save(client)
    saved = SavedComparison.objects.get()
    assert saved.data_version is not None
    series = {s["name"]: s["amounts"] for s in saved.snapshot["series"]}
    assert series["naar inwonersaantal"] == {
        "43005": "16666.67",
        "44019": "33333.33",
        "44084": "25000.00",
    }
    # Evergem grows from 40.000 to 60.000 inhabitants: 110.000 in all, 0,90 × 110.000 = 99.000 <
    # 100.000, so the amount stays 75.000 €. Per inhabitant: Evergem 75.000 × 60/110 =
    # 40.909,0909… → 40.909,09; Eeklo × 20/110 = 13.636,3636… → 13.636,36; Aalter × 30/110 =
    # 20.454,5454… → 20.454,54 plus the spare cent (largest remainder) = 20.454,55.
    Figure.objects.filter(municipality_id="44019", indicator_id="population").update(value=60_000)

    html = client.get(f"/verdeelsleutel/v/{saved.pk}/").content.decode()
    assert "33.333,33 €" in html and "16.666,67 €" in html  # the snapshot, as saved
    assert "40.909,09 €" not in html
    assert "Herbereken op de gegevens van vandaag" in html

    html = client.get(f"/verdeelsleutel/v/{saved.pk}/herbereken/").content.decode()
    assert "Er is iets veranderd" in html
    # one bulk update of reference data bumps the data version by one
    assert f"met gegevensversie {saved.data_version};" in html
    assert f"vandaag gegevensversie {saved.data_version + 1}" in html
    assert "40.000 → 60.000" in html
    # old → new (difference): Evergem +7.575,76; Eeklo −3.030,31; Aalter −4.545,45
    assert "33.333,33 € → 40.909,09 € (7.575,76 €)" in html
    assert "16.666,67 € → 13.636,36 € (-3.030,31 €)" in html
    assert "25.000,00 € → 20.454,55 € (-4.545,45 €)" in html
    # equal shares did not change: 75.000 / 3 = 25.000,00 € each, shown once
    saved.refresh_from_db()
    assert series == {s["name"]: s["amounts"] for s in saved.snapshot["series"]}


def test_recompute_without_change_says_so(loaded, client, owner):
    client.force_login(owner)
    _save(client)
    saved = SavedComparison.objects.get()
    client.logout()  # read-only for anyone with the link
    html = client.get(f"/verdeelsleutel/v/{saved.pk}/herbereken/").content.decode()
    assert "Niets veranderd" in html


def test_staff_see_every_comparison_in_the_admin(loaded, client, owner, other, admin_user):
    client.force_login(owner)
    _save(client, "Van de schepen")
    client.force_login(other)
    _save(client, "Van de buur")
    client.force_login(admin_user)
    html = client.get("/beheer/funding/savedcomparison/").content.decode()
    assert "Van de schepen" in html and "Van de buur" in html


def test_large_group_is_saved_once_the_worker_computed_it(
    transactional_db, loaded, client, owner, settings
):
    """With SAMENSPEL_JOB_THRESHOLD = 2 the 3 partners of noord are a "large" group: the worker
    computes it. Saving before it is done is refused with a message; afterwards the snapshot
    holds the worker's numbers (Evergem 33.333,33 €, Eeklo 16.666,67 € per inhabitant)."""
    import signal

    from django.core.management import call_command

    settings.SAMENSPEL_JOB_THRESHOLD = 2
    client.force_login(owner)
    assert client.get("/verdeelsleutel/?" + QUERY).status_code == 202  # queued
    r = _save(client)
    assert r.status_code == 400 and "wordt nog berekend" in r.content.decode()
    assert not SavedComparison.objects.exists()

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for s, h in handlers.items():
            signal.signal(s, h)
    r = _save(client)
    saved = SavedComparison.objects.get()
    assert r["Location"] == f"/verdeelsleutel/v/{saved.pk}/"
    series = {s["name"]: s["amounts"] for s in saved.snapshot["series"]}
    assert series["naar inwonersaantal"]["44019"] == "33333.33"
    html = client.get(f"/verdeelsleutel/v/{saved.pk}/herbereken/").content.decode()
    assert "Niets veranderd" in html


def test_the_save_form_points_to_mijn_vergelijkingen(loaded, client, owner):
    client.force_login(owner)
    html = client.get("/verdeelsleutel/?" + QUERY).content.decode()
    assert 'href="/verdeelsleutel/mijn/">Mijn vergelijkingen</a>' in html


def test_a_comparison_saved_before_snapshots_never_becomes_a_download(loaded, client, owner):
    """Rows saved by the old code have no snapshot and may hold ``formaat=xlsx``: the shared link
    shows them as a page, computed on today's data (Evergem 33.333,33 € per inhabitant)."""
    saved = SavedComparison.objects.create(
        name="Oud", query=QUERY + "&formaat=xlsx&tabel=vergelijking", created_by=owner
    )
    r = client.get(f"/verdeelsleutel/v/{saved.pk}/")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")
    html = r.content.decode()
    assert "Bewaarde vergelijking “Oud”" in html and "33.333,33 €" in html


def test_my_comparisons_are_in_the_header_for_a_logged_in_user(loaded, client, django_user_model):
    assert "Mijn vergelijkingen" not in client.get("/").content.decode()
    user = django_user_model.objects.create_user("schepen-menu", password="x-geheim-123")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert '<a href="/verdeelsleutel/mijn/">Mijn vergelijkingen</a>' in html


def test_history_is_shown_to_the_owner_not_to_the_link(loaded, client, owner, other):
    """Saved, then renamed: two versions, shown to the owner; whoever only has the link sees
    the comparison but not who changed it."""
    client.force_login(owner)
    _save(client, "Voorstel A")
    saved = SavedComparison.objects.get()
    client.post(f"/verdeelsleutel/v/{saved.pk}/hernoem/", {"naam": "Voorstel B"})
    assert [(h.history_type, h.name) for h in saved.history.order_by("history_id")] == [
        ("+", "Voorstel A"),
        ("~", "Voorstel B"),
    ]
    html = client.get(f"/verdeelsleutel/v/{saved.pk}/").content.decode()
    assert "Geschiedenis" in html and "Voorstel A" in html  # old → new name
    client.force_login(other)
    html = client.get(f"/verdeelsleutel/v/{saved.pk}/").content.decode()
    assert "Voorstel B" in html and "Geschiedenis" not in html


def test_deleting_ones_data_keeps_a_shared_comparison_without_its_author(loaded, client, owner):
    from samenspel.accounts import personal_data

    client.force_login(owner)
    _save(client, "Voor de raad")
    saved = SavedComparison.objects.get()
    provider = {p.name: p for p in personal_data.providers()}["verdeelsleutel"]
    (item,) = provider.export(owner)
    assert item["naam"] == "Voor de raad" and item["link"] == f"/verdeelsleutel/v/{saved.pk}/"
    assert provider.anonymise(owner) == 1
    owner.delete()
    client.logout()
    saved.refresh_from_db()
    assert saved.created_by is None
    assert set(saved.history.values_list("created_by_id", flat=True)) == {None}
    # the link others were given still works
    assert "Voor de raad" in client.get(f"/verdeelsleutel/v/{saved.pk}/").content.decode()
