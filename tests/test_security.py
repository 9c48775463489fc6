"""Security as a visitor meets it: headers on every page, Dutch error pages without internals,
no write without a login and a CSRF token, login throttling, password rules, the health
endpoint, and a request log without personal data."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.utils import OperationalError
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path

TEMPLATES = Path(__file__).resolve().parent.parent / "src" / "samenspel" / "templates"
INTERNALS = ("Traceback", "urlpatterns", "URLconf", "DEBUG = True", "Django", "site-packages")


def boom(request):
    raise RuntimeError("geheime interne fout in /srv/samenspel/src")


# a URL configuration for the 500 test: the real one plus a view that crashes
urlpatterns = [path("kapot/", boom), path("", include("samenspel.config.urls"))]


# ---------------------------------------------------------------- headers


def test_every_page_carries_the_security_headers(loaded, client):
    for url in ("/", "/igs/", "/gemeenten/", "/verdeelsleutel/", "/aanmelden/"):
        r = client.get(url)
        assert r.status_code == 200, url
        csp = r["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert r["X-Content-Type-Options"] == "nosniff"
        assert r["Referrer-Policy"] == "same-origin"
        assert r["X-Frame-Options"] == "DENY"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style>-blok"),
    (re.compile(r"\sstyle\s*=", re.I), "style-attribuut"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…-attribuut (inline JavaScript)"),
    (re.compile(r"javascript:", re.I), "javascript:-link"),
]


def test_no_template_has_inline_script_or_style():
    """The CSP forbids them: the browser would refuse them without a word to the user."""
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for m in pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{template.relative_to(TEMPLATES)}:{line}: {what}")
    assert not found, "\n".join(found)


# ---------------------------------------------------------------- error pages


def assert_dutch_page(r, status: int, heading: str):
    html = r.content.decode()
    assert r.status_code == status
    assert f"<h1>{heading}</h1>" in html
    assert '<header class="site">' in html and 'href="/igs/"' in html  # the site's layout
    for word in INTERNALS:
        assert word not in html, word


def test_404_page_in_dutch(loaded, client):
    r = client.get("/gemeenten/99999/")
    assert_dutch_page(r, 404, "Deze pagina bestaat niet (fout 404)")


def test_400_page_in_dutch_for_an_unknown_host(loaded, client):
    r = client.get("/", HTTP_HOST="aanvaller.example")
    assert_dutch_page(r, 400, "Deze vraag kan Samenspel niet lezen (fout 400)")


def test_403_page_in_dutch_for_a_form_without_csrf_token(loaded):
    r = Client(enforce_csrf_checks=True).post("/aanmelden/", {"username": "a", "password": "b"})
    assert_dutch_page(r, 403, "Dit formulier kon niet worden verwerkt (fout 403)")


def test_403_page_in_dutch_for_a_forbidden_page(loaded, client, django_user_model):
    user = django_user_model.objects.create_user("lezer", password="x-geheim-123", is_staff=True)
    client.force_login(user)  # staff, but without the right to see municipalities
    r = client.get("/beheer/territory/municipality/")
    assert_dutch_page(r, 403, "Geen toegang (fout 403)")


@override_settings(ROOT_URLCONF=__name__)
def test_500_page_in_dutch_without_the_error(loaded, client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        r = client.get("/kapot/")
    assert_dutch_page(r, 500, "Er ging iets mis in Samenspel (fout 500)")
    html = r.content.decode()
    assert "RuntimeError" not in html and "/srv/samenspel" not in html
    # the operator finds it in the log
    assert any("geheime interne fout" in str(rec.exc_info[1]) for rec in caplog.records)


# ---------------------------------------------------------------- writing needs login + CSRF


def all_routes(patterns=None, prefix=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith("beheer/"):
                continue  # the admin has its own login and CSRF (Django's)
            yield from all_routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.name


SAMPLE = {
    "<slug:slug>": "viertoren",
    "<str:slug>": "viertoren",
    "<str:code>": "ACT_AANTAL",
    "<str:refnis>": "44021",
    "<uuid:pk>": "00000000-0000-0000-0000-000000000000",
    "<int:pk>": "1",
    "<int:jaar>": "2024",
    "<str:token>": "onbekende-link",
    "<str:what>": "beslissing",
    "<int:item_pk>": "1",
}


def concrete(route: str) -> str:
    for k, v in SAMPLE.items():
        route = route.replace(k, v)
    assert "<" not in route, f"geen voorbeeldwaarde voor {route}"
    return "/" + route


def test_no_route_accepts_a_post_without_csrf_token(loaded):
    client = Client(enforce_csrf_checks=True)
    routes = list(all_routes())
    assert ("verdeelsleutel/bewaar/", "funding_save") in routes
    for route, name in routes:
        r = client.post(concrete(route), {"naam": "x", "query": "gemeenten=44021"})
        assert r.status_code == 403, f"{name}: POST zonder CSRF-token gaf {r.status_code}"


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m.__module__.startswith("samenspel.")
    }


def test_with_a_token_only_saving_writes_and_it_needs_a_login(loaded):
    """Read pages may answer a POST like a GET, but only login, logout and saving a
    comparison act on it, and saving sends an anonymous visitor to the login page."""
    client = Client(enforce_csrf_checks=True)
    client.get("/aanmelden/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    before = row_counts()
    for route, name in all_routes():
        data = {"csrfmiddlewaretoken": token, "naam": "x", "query": "gemeenten=44021"}
        r = client.post(concrete(route), data)
        if name == "funding_save":
            assert r.status_code == 302
            assert r["Location"].startswith("/aanmelden/?next=")
        assert row_counts() == before, name


# ---------------------------------------------------------------- accounts


def test_login_is_blocked_after_five_failures_even_with_the_right_password(
    loaded, client, django_user_model
):
    django_user_model.objects.create_user("schepen", password="juist-wachtwoord-2026")
    for attempt in range(4):
        r = client.post("/aanmelden/", {"username": "schepen", "password": f"fout-{attempt}"})
        assert r.status_code == 200, attempt  # the form again, with its error
    r = client.post("/aanmelden/", {"username": "schepen", "password": "fout-5"})
    assert r.status_code == 429  # the fifth failure blocks
    r = client.post("/aanmelden/", {"username": "schepen", "password": "juist-wachtwoord-2026"})
    assert r.status_code == 429
    html = r.content.decode()
    assert "<h1>Aanmelden is tijdelijk geblokkeerd</h1>" in html
    assert "5 keer een verkeerd wachtwoord" in html and "na een uur" in html
    assert "_auth_user_id" not in client.session


def test_login_works_below_the_limit(loaded, client, django_user_model):
    django_user_model.objects.create_user("schepen", password="juist-wachtwoord-2026")
    for attempt in range(4):
        client.post("/aanmelden/", {"username": "schepen", "password": f"fout-{attempt}"})
    r = client.post("/aanmelden/", {"username": "schepen", "password": "juist-wachtwoord-2026"})
    assert r.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.parametrize(
    "password, reason",
    [
        ("kort7!", "te kort"),  # 6 < 8 characters
        ("wachtwoord", "te algemeen"),  # on Django's list of 20,000 common passwords
        ("8402735196", "alleen uit cijfers"),
        ("schepen.gent", "te veel op de gebruikersnaam"),
    ],
)
def test_weak_passwords_are_refused(db, django_user_model, password, reason):
    user = django_user_model(username="schepen.gent", email="schepen@gent.be")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_good_password_passes(db, django_user_model):
    user = django_user_model(username="schepen.gent")
    validate_password("Kraanrei-Lieve-2027", user)  # no exception


# ---------------------------------------------------------------- health


def test_health_names_the_active_data_load(loaded, client):
    r = client.get("/gezondheid/")
    assert r.status_code == 200
    body = json.loads(r.content)
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["gegevens"]["geladen"] is True
    assert body["gegevens"]["bundel"] == "bundle"  # the folder's name, not the full path
    assert "/" not in body["gegevens"]["bundel"]
    assert r["Cache-Control"].startswith("max-age=0")


def test_health_without_data(db, client):
    body = json.loads(client.get("/gezondheid/").content)
    assert body["gegevens"] == {"geladen": False, "uitleg": "nog geen gegevensbundel geladen"}


def test_health_is_503_when_the_database_does_not_answer(db, client, monkeypatch):
    class Down:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("samenspel.config.views.connection", Down())
    r = client.get("/gezondheid/")
    assert r.status_code == 503
    assert json.loads(r.content)["database"] == "antwoordt niet (OperationalError)"


# ---------------------------------------------------------------- request log


def test_one_log_line_per_request_without_personal_data(loaded, client, caplog, django_user_model):
    user = django_user_model.objects.create_user("an.peeters", password="x-geheim-123")
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="samenspel.requests"):
        client.get("/gemeenten/?zoek=An+Peeters")
        client.get("/bestaat-niet/")
    lines = [r.getMessage() for r in caplog.records if r.name == "samenspel.requests"]
    assert len(lines) == 2
    assert re.fullmatch(r"GET /gemeenten/ 200 \d+,\d ms", lines[0])
    assert re.fullmatch(r"GET /bestaat-niet/ 404 \d+,\d ms", lines[1])
    assert not any("peeters" in line.lower() or "127.0.0.1" in line for line in lines)


def test_a_body_above_the_limit_is_refused_before_it_is_read(loaded, client, settings):
    # 1 MB limit: a POST that announces 1 MB + 1 byte gets a Dutch 413 even without a CSRF token
    # (the CSRF check would read the body first); exactly 1 MB passes on to the view (403 CSRF).
    settings.SAMENSPEL_MAX_REQUEST_BYTES = 2**20
    big = client.generic(
        "POST", "/verdeelsleutel/bijdragen/", b"x" * (2**20 + 1), "application/octet-stream"
    )
    assert big.status_code == 413
    assert "groter dan 1 MB" in big.content.decode()
    from django.test import Client

    fits = Client(enforce_csrf_checks=True).generic(
        "POST", "/verdeelsleutel/bijdragen/", b"x" * 2**20, "application/octet-stream"
    )
    assert fits.status_code == 403


def test_a_method_a_page_does_not_take_gets_a_dutch_405_page(loaded, client, django_user_model):
    """A PUT on a page, or a GET on the address of a button (closing a scan round), used to get
    Django's empty 405; now a Dutch page, with the status and the Allow header kept."""
    r = client.put("/netwerk/")
    assert_dutch_page(r, 405, "Deze pagina werkt niet zo (fout 405)")
    assert "PUT" in r.content.decode()
    assert "GET" in r["Allow"]
    client.force_login(django_user_model.objects.create_user("lid", password="x-geheim-123"))
    r = client.get("/scan/ronde/1/afsluiten/")
    assert r.status_code == 405 and r["Allow"] == "POST"
    assert "Er is niets veranderd." in r.content.decode()


def test_a_browser_asking_for_english_still_gets_dutch_form_messages(loaded, client):
    """Django's own form errors (here: a required field) reach an English browser in Dutch."""
    r = client.post("/aanmelden/", {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="en")
    html = r.content.decode()
    assert "Dit veld is verplicht." in html and "This field is required." not in html


@pytest.mark.parametrize(
    "url",
    [
        "/monitor/invoer/?indicator=ACT_AANTAL%00&igs=zuid&jaar=2024",
        "/netwerk/praktijken/?q=cultuur%00",
        "/netwerk/kaart/?gemeente=44021%00",
        "/gemeenten/?zoek=%00",
    ],
)
def test_a_nul_character_in_a_query_gets_the_dutch_400_page(loaded, client, url):
    """PostgreSQL cannot hold NUL in text: a NUL in a query parameter gave a 500 there."""
    assert_dutch_page(client.get(url), 400, "Deze vraag kan Samenspel niet lezen (fout 400)")
