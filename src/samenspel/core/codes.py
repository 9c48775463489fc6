"""Codes kept in one text field "between commas" (pure: no Django).

Models of the scan and the Netwerk store their partners as ``",44021,44088,"`` (REFNIS codes,
IGS slugs, theme codes), so that one partner is found with ``field__contains=",44021,"`` on
SQLite and PostgreSQL alike without matching a code that merely contains it.
"""

from __future__ import annotations

from collections.abc import Iterable


def join_codes(codes: Iterable[str]) -> str:
    """``["44021", "44088"]`` → ``",44021,44088,"``: order kept, repeats and blanks dropped;
    ``""`` for no codes."""
    kept = [c for c in dict.fromkeys(codes) if c]
    return f",{','.join(kept)}," if kept else ""


def split_codes(text: str | None) -> list[str]:
    """``",44021,44088,"`` → ``["44021", "44088"]``; ``[]`` for ``""`` or ``None``."""
    return [c for c in (text or "").split(",") if c]
