"""Synthetic UiTdatabank events in the real JSON-LD shape (see shared/data/uitdatabank), small
enough to count by hand."""

from __future__ import annotations

import json
from pathlib import Path

IO = "https://io.uitdatabank.be"
VIRTUAL = "00000000-0000-0000-0000-000000000000"


def uid(n: int) -> str:
    return f"{n:08d}-1111-4111-8111-111111111111"


def place(n: int, postal_code: str, locality: str, *, country="BE", geo=None, name=None) -> dict:
    loc = {
        "@id": f"{IO}/places/{uid(n)}",
        "mainLanguage": "nl",
        "name": {"nl": name or f"Zaal {n}"},
        "address": {
            "nl": {
                "addressCountry": country,
                "addressLocality": locality,
                "postalCode": postal_code,
                "streetAddress": "Kerkstraat 1",
            }
        },
        "calendarType": "permanent",
        "terms": [
            {"id": "OyaPaf64AEmEAYXHeLMAtA", "label": "Zaal of expohal", "domain": "eventtype"}
        ],
    }
    if geo:
        loc["geo"] = {"latitude": geo[0], "longitude": geo[1]}
    return loc


def virtual_place() -> dict:
    return {"@id": f"{IO}/places/{VIRTUAL}", "name": {"nl": "Online"}}


def organizer(n: int, postal_code: str, locality: str) -> dict:
    return {
        "@id": f"{IO}/organizers/{uid(n)}",
        "mainLanguage": "nl",
        "name": {"nl": f"Organisator {n}"},
        "address": {
            "nl": {
                "addressCountry": "BE",
                "addressLocality": locality,
                "postalCode": postal_code,
                "streetAddress": "Markt 1",
            }
        },
    }


def event(
    n: int,
    *,
    calendar="single",
    start="2025-03-14T20:00:00+01:00",
    end="2025-03-14T23:00:00+01:00",
    sub=None,
    opening=None,
    location=None,
    organizer_=None,
    workflow="APPROVED",
    type_=("0.50.4.0.0", "Concert"),
    themes=(("1.8.2.0.0", "Jazz en blues"),),
    attendance="offline",
    status="Available",
    **extra,
) -> dict:
    """An event as the Search API embeds it; ``sub`` = [(start, end)] or [(start, end, status)]."""
    doc = {
        "@id": f"{IO}/events/{uid(n)}",
        "mainLanguage": "nl",
        "name": {"nl": f"Activiteit {n}"},
        "calendarType": calendar,
        "status": {"type": status},
        "attendanceMode": attendance,
        "location": location if location is not None else place(900 + n, "9000", "Gent"),
        "terms": [{"id": type_[0], "label": type_[1], "domain": "eventtype"}]
        + [{"id": i, "label": label, "domain": "theme"} for i, label in themes],
        "created": "2024-01-10T10:00:00+00:00",
        "workflowStatus": workflow,
        "audience": {"audienceType": "everyone"},
    }
    if calendar in ("single", "multiple", "periodic"):
        doc["startDate"], doc["endDate"] = start, end
    if calendar in ("single", "multiple"):
        subs = sub if sub is not None else [(start, end)]
        doc["subEvent"] = [
            {
                "id": i,
                "startDate": s[0],
                "endDate": s[1],
                "status": {"type": s[2] if len(s) > 2 else "Available"},
                "bookingAvailability": {"type": "Available"},
            }
            for i, s in enumerate(subs)
        ]
    if opening:
        doc["openingHours"] = [{"opens": "10:00", "closes": "17:00", "dayOfWeek": list(opening)}]
    if organizer_ is not None:
        doc["organizer"] = organizer_
    if location is False:
        del doc["location"]
    doc.update(extra)
    return doc


def page(members: list[dict], total: int | None = None, per_page: int = 30) -> dict:
    return {
        "@context": "http://www.w3.org/ns/hydra/context.jsonld",
        "@type": "PagedCollection",
        "itemsPerPage": per_page,
        "totalItems": len(members) if total is None else total,
        "member": members,
    }


def write_ndjson(path: Path, lines: list) -> Path:
    """Each element is a dict (dumped on one line) or a str (written as it is)."""
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines),
        encoding="utf-8",
    )
    return path
