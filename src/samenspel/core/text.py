"""Comparing names and words the way people type them (pure: no Django).

:func:`fold` is the one accent folding for searches in the new Netwerk and accounts pages:
lower case, accents dropped, apostrophes dropped and hyphens read as spaces, so that
"coördinatie" is found by "coordinatie", "Sint-Niklaas" by "sint niklaas" and "D’Haese" by
"dhaese". :func:`strip_accents` is its first step, for callers that split words themselves.
"""

from __future__ import annotations

import unicodedata

#: Apostrophes vanish ("D’Haese", "D'Haese" and "DHaese" are one name); hyphens and dashes
#: separate words ("Broeck-Smet" is found by "broeck smet").
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼ`´"), None)
_HYPHENS = dict.fromkeys(map(ord, "-‐‑‒–—"), " ")


def strip_accents(text: str) -> str:
    """Lower case without accents: ``"Cultúur COÖRDINATIE"`` → ``"cultuur coordinatie"``."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )


def fold(text: str) -> str:
    """Lower case without accents, apostrophes or hyphens: "Sint-Niklaas" and "sint niklaas",
    "é" and "e", "D’Haese" and "d'haese" match."""
    return strip_accents(text).translate(_APOSTROPHES).translate(_HYPHENS)
