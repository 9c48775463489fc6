"""What a web server needs before it starts, checked in one place.

``problems()`` lists what is missing, each as one Dutch sentence. It is used by:

* the system check ``samenspel.E001`` (``runserver``, ``migrate``, ``check --deploy`` refuse),
* ``samenspel.config.wsgi`` (gunicorn refuses to load the application),
* ``python -m samenspel.config.startup`` (``scripts/serve.sh`` stops with one line, exit 2).

Only the production mode (``DEBUG`` off, outside the tests) has requirements.
"""

from __future__ import annotations

import sys

from django.core.exceptions import ImproperlyConfigured

MIN_SECRET_LENGTH = 50


def problems() -> list[str]:
    from django.conf import settings

    if getattr(settings, "SAMENSPEL_MODE", "production") != "production":
        return []
    found = []
    try:
        secret = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        secret = ""
    if not secret:
        found.append(
            "DJANGO_SECRET_KEY ontbreekt: zet een geheime sleutel van minstens "
            f"{MIN_SECRET_LENGTH} tekens (bv. python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'), of DJANGO_DEBUG=1 voor een lokale demo"
        )
    elif len(secret) < MIN_SECRET_LENGTH:
        found.append(
            f"DJANGO_SECRET_KEY is te kort ({len(secret)} tekens): "
            f"neem er minstens {MIN_SECRET_LENGTH}"
        )
    if not settings.ALLOWED_HOSTS:
        found.append(
            "DJANGO_ALLOWED_HOSTS ontbreekt: zet de hostnaam of -namen waaronder Samenspel "
            "bereikbaar is, gescheiden door komma's (bv. cultuur.example.be)"
        )
    return found


def message(found: list[str]) -> str:
    """One line: what is missing, and that the server does not start."""
    return "Samenspel start niet: " + "; ".join(found) + "."


def require() -> None:
    """Raise ImproperlyConfigured with one line when the server may not start."""
    found = problems()
    if found:
        raise ImproperlyConfigured(message(found))


def main() -> int:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.config.settings")
    django.setup()
    found = problems()
    if found:
        print(message(found), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
