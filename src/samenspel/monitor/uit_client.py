"""A client for publiq's live Search API v3 (``https://search.uitdatabank.be/events/``).

Only an explicit command calls it (``samenspel monitor import-uit BESTAND --ophalen NIS``);
nothing connects at import time and the tests use a local fake server. Standard library only
(``urllib``). Every request carries the ``x-client-id`` header (a client id from
https://platform.publiq.be).

Paging: ``start`` and ``limit``; publiq may return fewer members than asked (it reports its own
``itemsPerPage``), so the next ``start`` is the previous one plus the number of members actually
received, until ``totalItems`` is reached or a page is empty. ``embed=true`` gives full events;
``disableDefaultFilters=true`` lifts the default filters (only available, only APPROVED/
READY_FOR_VALIDATION, only Belgium, only audience ``everyone``), which is needed for history and
for counting deleted and rejected events apart. ``regions=nis-<REFNIS>`` selects a municipality.

:func:`download` writes every member as one line of an NDJSON file, which
:func:`samenspel.monitor.uit.read_records` reads like any other dump.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

SEARCH_URL = "https://search.uitdatabank.be"
PAGE_SIZE = 50
#: Never ask more than this many pages in one run (a safety net against a server that keeps
#: answering full pages).
MAX_PAGES = 10_000
#: The largest answer read for one page (a page of 50 full events is well under 1 MB).
MAX_PAGE_BYTES = 64 << 20


class UitApiError(RuntimeError):
    """The Search API could not be reached or answered something unusable (Dutch message)."""


class SearchClient:
    def __init__(
        self,
        client_id: str,
        *,
        base_url: str = SEARCH_URL,
        timeout: float = 30.0,
        page_size: int = PAGE_SIZE,
    ) -> None:
        if not client_id:
            raise UitApiError(
                "geen client-id: vraag er een aan op https://platform.publiq.be en geef hem "
                "mee met --client-id of UITDATABANK_CLIENT_ID"
            )
        self.client_id = client_id
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.page_size = page_size

    def params(
        self,
        *,
        region: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        query: str | None = None,
        history: bool = True,
        extra: dict[str, str] | None = None,
    ) -> dict[str, str]:
        """The query parameters of a search (without ``start``/``limit``)."""
        params: dict[str, str] = {"embed": "true"}
        if history:
            params["disableDefaultFilters"] = "true"
        if region:
            params["regions"] = (
                region if region.startswith(("nis-", "gem-", "reg-")) else (f"nis-{region}")
            )
        if date_from:
            params["dateFrom"] = date_from
        if date_to:
            params["dateTo"] = date_to
        if query:
            params["q"] = query
        params.update(extra or {})
        return params

    def get_page(self, params: dict[str, str], start: int, limit: int) -> dict:
        """One page: the decoded ``PagedCollection``."""
        query = urllib.parse.urlencode({**params, "start": str(start), "limit": str(limit)})
        url = f"{self.base_url}/events/?{query}"
        try:
            request = urllib.request.Request(
                url, headers={"x-client-id": self.client_id, "Accept": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(MAX_PAGE_BYTES + 1)
                announced = response.headers.get("Content-Length", "")
            if (
                announced.isascii()
                and announced.isdigit()
                and len(body) < min(int(announced), MAX_PAGE_BYTES + 1)
            ):
                raise http.client.IncompleteRead(body, int(announced) - len(body))
        except urllib.error.HTTPError as exc:
            detail = exc.read(2000).decode("utf-8", "replace").strip()
            raise UitApiError(
                f"de Search API antwoordde {exc.code} op {url}" + (f": {detail}" if detail else "")
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise UitApiError(f"de Search API is niet bereikbaar ({reason})") from None
        except http.client.HTTPException as exc:  # e.g. IncompleteRead
            raise UitApiError(
                f"het antwoord van de Search API is onvolledig ({type(exc).__name__})"
            ) from None
        except ValueError:  # urllib: "unknown url type"
            raise UitApiError(
                f"het adres van de Search API is ongeldig ({self.base_url[:100]}); geef een "
                "adres als https://search.uitdatabank.be"
            ) from None
        if len(body) > MAX_PAGE_BYTES:
            size = (
                f"{MAX_PAGE_BYTES >> 20} MB"
                if MAX_PAGE_BYTES >= 1 << 20
                else f"{MAX_PAGE_BYTES} bytes"
            )
            raise UitApiError(
                f"het antwoord van de Search API is groter dan {size}; zo groot is een pagina nooit"
            )
        try:
            page = json.loads(body)
        except (ValueError, RecursionError):
            raise UitApiError(f"het antwoord op {url} is geen JSON") from None
        if not isinstance(page, dict) or not isinstance(page.get("member"), list):
            raise UitApiError(f"het antwoord op {url} is geen PagedCollection met 'member'")
        return page

    def pages(self, params: dict[str, str], *, max_items: int | None = None) -> Iterator[dict]:
        """Every page of a search, in order."""
        start = 0
        for _ in range(MAX_PAGES):
            limit = self.page_size
            if max_items is not None:
                limit = min(limit, max_items - start)
                if limit <= 0:
                    return
            page = self.get_page(params, start, limit)
            yield page
            received = len(page["member"])
            start += received
            total = page.get("totalItems")
            if received == 0 or (isinstance(total, int) and start >= total):
                return

    def events(self, params: dict[str, str], *, max_items: int | None = None) -> Iterator[dict]:
        """Every member of every page."""
        for page in self.pages(params, max_items=max_items):
            yield from page["member"]


def download(
    client: SearchClient,
    params: dict[str, str],
    target: str | Path,
    *,
    max_items: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> int:
    """Write every member to ``target`` as NDJSON (written to a temporary file and renamed when
    complete, so a broken download leaves no half file). Returns the number of members."""
    target = Path(target)
    partial = target.with_name(target.name + ".deel")
    n = 0
    try:
        with open(partial, "w", encoding="utf-8") as fh:
            for page in client.pages(params, max_items=max_items):
                for member in page["member"]:
                    fh.write(json.dumps(member, ensure_ascii=False, separators=(",", ":")))
                    fh.write("\n")
                    n += 1
                if progress:
                    total = page.get("totalItems")
                    progress(n, total if isinstance(total, int) else None)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return n
