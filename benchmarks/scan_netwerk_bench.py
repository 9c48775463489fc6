"""Samenwerkingsscan and Netwerk: Cronbach's alpha, iCalendar feed, practice search, each against
a peer on the same generated input, in one run.

    PYTHONPATH=/tmp/peer .venv/bin/python benchmarks/scan_netwerk_bench.py [--markdown]

Peers (never dependencies of Samenspel; install them into a separate target):

    .venv/bin/python -m pip install --target /tmp/peer -r benchmarks/requirements.txt

1. **Cronbach's alpha** (:mod:`samenspel.scan.stats`, items of :mod:`samenspel.scan.items`)
   against ``pingouin.cronbach_alpha``. Rounds of 30, 120, 500 and 2.000 respondents with
   seeded answers (a latent attitude per respondent and dimension plus noise, 4 % "weet niet",
   reverse-keyed items answered reversed). For every dimension the same complete-case matrix
   (answers after reverse keying, rows with a "weet niet" left out) goes to both; the values must
   agree to 1e-9. Timed: all 11 dimensions of one round, median of ``--reps`` runs. Also timed,
   without a peer: ``stats.summary`` (scores, groups per partner / role / position, the
   anonymity check with secondary suppression, item figures, alpha).
2. **iCalendar** (:mod:`samenspel.network.events.ical`) against the ``icalendar`` package: a feed
   of 200 and 2.000 events (Dutch text with accents, commas, semicolons, line breaks), written by
   both from the same records; both outputs parsed with ``icalendar`` and compared event by
   event (UID, DTSTART, DTEND, SUMMARY, DESCRIPTION, LOCATION).
3. **Practice search** (:mod:`samenspel.network.practices.search`) against SQLite FTS5 (stdlib
   ``sqlite3``, ``tokenize="unicode61 remove_diacritics 2"``, ``ORDER BY bm25`` with the same
   column weights 5/3/1/1). 2.000 and 20.000 generated practices, 50 queries. Samenspel does
   what the page does: the prefilter ``search_text LIKE '%word%'`` for every word in SQLite (as
   Django's ``icontains``), newest first, at most 2.000 rows
   (``services.MAX_CANDIDATES``), reading title, summary and the stored ``search_text`` (not
   the long texts: ``Doc.all_words``, as ``services.candidates``), then :func:`search.search`
   ranks them in Python and counts the facets. FTS5 gets the same words (after
   :func:`search.query_tokens`), each as a prefix query ``"word"*``, and returns its top 10.
   Reported: time per query and the overlap of the two top-10 lists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import math
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from samenspel.network.events import ical  # noqa: E402
from samenspel.network.practices import search  # noqa: E402
from samenspel.network.themes import THEME_LABELS  # noqa: E402
from samenspel.scan import stats  # noqa: E402
from samenspel.scan.items import DIMENSIONS, items_for, scored  # noqa: E402

ROUNDS = (30, 120, 500, 2_000)
FEEDS = (200, 2_000)
LIBRARIES = (2_000, 20_000)
N_QUERIES = 50
MAX_CANDIDATES = 2_000  # = samenspel.network.practices.services.MAX_CANDIDATES (Django module)
TOP = 10
#: Queries with at least this many Samenspel hits are reported apart ("veel treffers").
MANY = 500
BRUSSELS = ZoneInfo("Europe/Brussels")


def _nl(x: float, decimals: int = 1) -> str:
    text = f"{x:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _ms(seconds: float) -> str:
    ms = seconds * 1000
    if ms >= 100:
        return _nl(ms, 0)
    if ms >= 10:
        return _nl(ms, 1)
    if ms >= 1:
        return _nl(ms, 2)
    return _nl(ms, 3)


def _ratio(x: float) -> str:
    return _nl(x, 2 if x < 10 else 1) + "×"


def _median_time(fn, reps: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


# --------------------------------------------------------------------------------------------
# 1. Samenwerkingsscan
# --------------------------------------------------------------------------------------------

#: 9 partners, the first is the centrumstad (REFNIS codes of a group in West-Vlaanderen).
PARTNERS = ("34022", "34002", "34003", "34013", "34023", "34025", "34027", "34040", "34041")
ROLE_WEIGHTS = (("ambtelijk", 0.6), ("politiek", 0.3), ("andere", 0.1))


def scan_round(n: int, seed: int) -> list[stats.Response]:
    rng = random.Random(f"scan-{seed}-{n}")
    responses = []
    for i in range(n):
        # partners: the centrumstad twice as likely as each other partner
        refnis = rng.choices(PARTNERS, weights=[2] + [1] * (len(PARTNERS) - 1))[0]
        role = rng.choices([r for r, _ in ROLE_WEIGHTS], weights=[w for _, w in ROLE_WEIGHTS])[0]
        answers: dict[str, int | None] = {}
        for d in DIMENSIONS:
            attitude = rng.gauss(3.3, 0.8)
            for it in items_for(d):
                if rng.random() < 0.04:
                    answers[it.code] = None
                    continue
                x = min(5, max(1, round(attitude + rng.gauss(0, 0.8))))
                answers[it.code] = 6 - x if it.reverse else x
        responses.append(stats.Response(f"r{i}", refnis, refnis == PARTNERS[0], role, answers))
    return responses


def complete_matrix(responses, dimension) -> list[list[int]]:
    its = items_for(dimension)
    rows = []
    for r in responses:
        values = [r.answers.get(it.code) for it in its]
        if all(v is not None for v in values):
            rows.append([scored(it, v) for it, v in zip(its, values, strict=True)])
    return rows


def bench_alpha(reps: int, seed: int) -> list[dict]:
    import pandas as pd
    import pingouin

    rows = []
    for n in ROUNDS:
        responses = scan_round(n, seed)
        matrices = {d: complete_matrix(responses, d) for d in DIMENSIONS}
        frames = {d: pd.DataFrame(m, dtype=float) for d, m in matrices.items()}

        def ours(matrices=matrices):
            return {d: stats.cronbach_alpha(m, min_n=2).alpha for d, m in matrices.items()}

        def ours_from_responses(responses=responses):
            return {d: stats.dimension_alpha(responses, d, min_n=2).alpha for d in DIMENSIONS}

        def peer(frames=frames):
            return {d: float(pingouin.cronbach_alpha(data=f)[0]) for d, f in frames.items()}

        def peer_with_frame(matrices=matrices):
            return {
                d: float(pingouin.cronbach_alpha(data=pd.DataFrame(m, dtype=float))[0])
                for d, m in matrices.items()
            }

        t_ours, a_ours = _median_time(ours, reps)
        t_resp, a_resp = _median_time(ours_from_responses, reps)
        t_peer, a_peer = _median_time(peer, reps)
        t_peer_df, _ = _median_time(peer_with_frame, reps)
        diff = max(abs(a_ours[d] - a_peer[d]) for d in DIMENSIONS)
        diff_resp = max(abs(a_resp[d] - a_peer[d]) for d in DIMENSIONS)
        t_sum, summ = _median_time(lambda responses=responses: stats.summary(responses), reps)
        groups = summ.groups()
        rows.append(
            {
                "n": n,
                "complete": (
                    min(len(m) for m in matrices.values()),
                    max(len(m) for m in matrices.values()),
                ),
                "alpha_range": (min(a_peer.values()), max(a_peer.values())),
                "ours": t_ours,
                "ours_resp": t_resp,
                "peer": t_peer,
                "peer_df": t_peer_df,
                "diff": max(diff, diff_resp),
                "agree": max(diff, diff_resp) <= 1e-9,
                "summary": t_sum,
                "groups": len(groups),
                "shown": sum(g.shown for g in groups),
                "too_few": sum(g.reason == stats.TOO_FEW for g in groups),
                "hidden": sum(g.reason == stats.HIDDEN for g in groups),
                "alpha_reported": sum(a.reported for a in summ.alpha.values()),
            }
        )
        print(f"alpha n={n}: {rows[-1]}", file=sys.stderr, flush=True)
    return rows


# --------------------------------------------------------------------------------------------
# 2. iCalendar
# --------------------------------------------------------------------------------------------

EVENT_KINDS = (
    "Netwerkmoment",
    "Intervisie",
    "Studiedag",
    "Informeel café",
    "Regionale ontmoeting",
    "Werkbezoek",
)
EVENT_TOPICS = (
    "cultuurbeleidscoördinatoren",
    "samenwerking met de centrumstad",
    "ideeën voor de referentieregio",
    "financiën en subsidies; wat nu?",
    "erfgoed, bibliotheek en cultuurcentrum",
    "poëzie in de regio",
    "schepenen van cultuur",
)
PLACES = (
    "Cultuurcentrum De Schakel, Markt 1, 8500 Kortrijk",
    "Stadhuis, Grote Markt 34, 8900 Ieper",
    "Bibliotheek, Kerkstraat 2; 9700 Oudenaarde",
    "Café 't Hoekske, Dorpsplein 5, 8560 Wevelgem",
    "Zaal Sint-Jozef, Brugsesteenweg 120, 8800 Roeselare",
)


def feed_events(n: int, seed: int) -> list[ical.IcsEvent]:
    rng = random.Random(f"ical-{seed}-{n}")
    base = dt.datetime(2026, 1, 5, 9, 0, tzinfo=BRUSSELS)
    events = []
    for i in range(n):
        start = base + dt.timedelta(days=rng.randrange(0, 730), hours=rng.randrange(0, 10))
        end = start + dt.timedelta(minutes=30 * rng.randrange(2, 16))
        kind, topic = rng.choice(EVENT_KINDS), rng.choice(EVENT_TOPICS)
        description = (
            f"{kind} over {topic}.\nWie: coördinatoren, medewerkers en schepenen; "
            f"iedereen welkom.\nProgramma: onthaal met koffie, korte inleiding, gesprek in "
            f"kleine groepen (één per thema), afsluiting met een drankje in het café.\n"
            f"Inschrijven vóór {start.date() - dt.timedelta(days=7):%d/%m/%Y}."
        )
        events.append(
            ical.IcsEvent(
                uid=f"event-{i + 1}@samenspel",
                start=start,
                end=end,
                summary=f"{kind}: {topic} ({i + 1})",
                last_modified=start - dt.timedelta(days=rng.randrange(10, 90)),
                description=description,
                location=rng.choice(PLACES),
                url=f"https://samenspel.example/netwerk/ontmoetingen/{i + 1}/",
                status=rng.choices(ical.STATUSES, weights=(8, 1, 1))[0],
            )
        )
    return events


def peer_calendar(events, generated: dt.datetime, name: str) -> bytes:
    import icalendar

    utc = dt.UTC
    cal = icalendar.Calendar()
    cal.add("prodid", ical.PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = generated.astimezone(utc)
    for ev in events:
        e = icalendar.Event()
        e.add("uid", ev.uid)
        e.add("dtstamp", stamp)
        e.add("dtstart", ev.start.astimezone(utc))
        e.add("dtend", ev.end.astimezone(utc))
        e.add("summary", ev.summary)
        if ev.description:
            e.add("description", ev.description)
        if ev.location:
            e.add("location", ev.location)
        if ev.url:
            e.add("url", ev.url)
        e.add("last-modified", ev.last_modified.astimezone(utc))
        e.add("status", ev.status)
        cal.add_component(e)
    return cal.to_ical()


def parsed_events(data: bytes) -> dict[str, tuple]:
    import icalendar

    cal = icalendar.Calendar.from_ical(data)
    out = {}
    for e in cal.walk("VEVENT"):
        out[str(e["UID"])] = (
            e.decoded("DTSTART"),
            e.decoded("DTEND"),
            str(e["SUMMARY"]),
            str(e.get("DESCRIPTION", "")),
            str(e.get("LOCATION", "")),
        )
    return out


def _max_octets(data: bytes) -> int:
    return max(len(line) for line in data.split(b"\r\n"))


def bench_ical(reps: int, seed: int) -> list[dict]:
    generated = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)
    name = "Samenspel: ontmoetingen"
    rows = []
    for n in FEEDS:
        events = feed_events(n, seed)
        t_ours, ours = _median_time(
            lambda events=events: ical.calendar(events, generated=generated, name=name).encode(),
            reps,
        )
        t_peer, peer = _median_time(
            lambda events=events: peer_calendar(events, generated, name), reps
        )
        t_parse_ours, p_ours = _median_time(lambda ours=ours: parsed_events(ours), reps)
        t_parse_peer, p_peer = _median_time(lambda peer=peer: parsed_events(peer), reps)
        expected = {
            ev.uid: (
                ev.start.astimezone(dt.UTC),
                ev.end.astimezone(dt.UTC),
                ev.summary,
                ev.description,
                ev.location,
            )
            for ev in events
        }
        rows.append(
            {
                "n": n,
                "ours": t_ours,
                "peer": t_peer,
                "kb_ours": len(ours) / 1024,
                "kb_peer": len(peer) / 1024,
                "octets_ours": _max_octets(ours),
                "octets_peer": _max_octets(peer),
                "parsed_ours": len(p_ours),
                "parsed_peer": len(p_peer),
                "same": p_ours == p_peer == expected,
                "ours_ok": p_ours == expected,
                "peer_ok": p_peer == expected,
                "parse_ours": t_parse_ours,
                "parse_peer": t_parse_peer,
            }
        )
        print(f"ical n={n}: {rows[-1]}", file=sys.stderr, flush=True)
    return rows


# --------------------------------------------------------------------------------------------
# 3. Practice search
# --------------------------------------------------------------------------------------------

#: Dutch words of the field, with accents and compounds; earlier words are drawn more often.
VOCABULARY = """
cultuur samenwerking gemeente regio centrumstad bibliotheek erfgoed cultuurcentrum
vrijwilligers vertrouwen subsidie schepen ambtenaar coördinatie overleg netwerk project
festival podium theater muziekschool academie jeugdwerk verenigingen participatie publiek
programmatie werking doelen verwachtingen identiteit streek referentieregio intergemeentelijke
financiën ideeën café reünie beëindiging creëren poëzie première coöperatie naïef
museum musea tentoonstelling archief erfgoedcel streekbibliotheek cultuurbeleid beleidsplan
samenwerkingsverband werkgroep stuurgroep begroting middelen personeel werklast capaciteit
nabijheid schaal dominantie gelijkwaardigheid goodwill politiek ambtelijk informeel formeel
ontmoeting studiedag intervisie uitwisseling kennisdeling goede slechte praktijk lessen
mislukking succes kleine stappen traject evaluatie communicatie transparantie website
nieuwsbrief uitleendienst materiaal podiumkunsten beeldende kunst amateurkunsten dans
muziek literatuur lezing workshop kinderen jongeren senioren kansengroepen toegankelijkheid
mobiliteit vervoer platteland dorp deelgemeente fusie grens provincie vlaanderen zuidwest
leiestreek westhoek meetjesland kempen haspengouw pajottenland waasland voorkempen
""".split()

PLACES_NL = (
    "Kortrijk",
    "Menen",
    "Wevelgem",
    "Zwevegem",
    "Ieper",
    "Poperinge",
    "Sint-Niklaas",
    "Knokke-Heist",
    "Oudenaarde",
    "Tienen",
    "Sint-Truiden",
    "Ronse",
    "Geraardsbergen",
    "Diksmuide",
    "Wervik",
)
THEMES = list(THEME_LABELS.values())


N_COMPOUNDS = 3_000


def lexicon(seed: int) -> tuple[list[str], list[float], list[str]]:
    """The words the texts are made of: the vocabulary plus 3.000 Dutch-style compounds of two
    of its words (``cultuur`` + ``overleg`` = ``cultuuroverleg``), shuffled, with Zipf weights
    (1 / rank), so that a few words are in almost every practice and most in few."""
    rng = random.Random(f"lexicon-{seed}")
    compounds = set()
    while len(compounds) < N_COMPOUNDS:
        a, b = rng.sample(VOCABULARY, 2)
        compounds.add(a + b)
    compounds = sorted(compounds)
    base = list(VOCABULARY)
    rng.shuffle(base)
    rng.shuffle(compounds)
    words = base + compounds  # a compound is rarer than the words it is made of
    cumulative = list(itertools.accumulate(1 / (i + 1) for i in range(len(words))))
    return words, cumulative, compounds


def _sentence(rng: random.Random, lex, lo: int, hi: int) -> str:
    words = rng.choices(lex[0], cum_weights=lex[1], k=rng.randint(lo, hi))
    return " ".join(words).capitalize()


def practices(n: int, seed: int) -> list[dict]:
    rng = random.Random(f"practices-{seed}-{n}")
    lex = lexicon(seed)
    out = []
    for i in range(n):
        themes = rng.sample(sorted(THEME_LABELS), rng.randint(1, 3))
        places = rng.sample(PLACES_NL, rng.randint(1, 4))
        body = ". ".join(_sentence(rng, lex, 6, 18) for _ in range(rng.randint(4, 9))) + "."
        out.append(
            {
                "id": i + 1,
                "title": _sentence(rng, lex, 3, 7),
                "summary": _sentence(rng, lex, 12, 25) + ".",
                "body": body,
                "context": ", ".join([THEME_LABELS[t] for t in themes] + places),
                "published_at": 1.7e9 + rng.randrange(0, 3 * 365 * 86400),
                "kind": rng.choice(("goed", "slecht")),
                "scale": rng.choice(("gemeente", "igs", "referentieregio", "vlaanderen")),
                "year": str(rng.randint(2015, 2026)),
                "themes": themes,
            }
        )
    return out


def queries(seed: int) -> list[str]:
    """50 queries: 10 fixed ones (accents typed or not, prefixes, a part of a compound) and 40
    of 1 to 3 words, each word drawn uniformly from the vocabulary or from the compounds."""
    fixed = [
        "coordinatie",
        "ideeën",
        "ideeen cultuur",
        "samenwerk",
        "bibliotheek",
        "café vrijwilligers",
        "coöperatie regio",
        "financien schepen",
        "de cultuur van het dorp",
        "Sint-Truiden erfgoed",
    ]
    rng = random.Random(f"queries-{seed}")
    compounds = lexicon(seed)[2]
    drawn = [
        " ".join(
            rng.choice(rng.choice((VOCABULARY, compounds)))
            for _ in range(rng.choices((1, 2, 3), weights=(3, 4, 2))[0])
        )
        for _ in range(N_QUERIES - len(fixed))
    ]
    return fixed + drawn


def build_sqlite(rows: list[dict]) -> tuple[sqlite3.Connection, float, float]:
    """One in-memory database with the table the page reads (search_text as
    ``Practice.build_search_text``) and an FTS5 index over the same rows."""
    con = sqlite3.connect(":memory:")
    con.execute(
        "CREATE TABLE practice (id INTEGER PRIMARY KEY, title TEXT, summary TEXT, body TEXT, "
        "context TEXT, published_at REAL, kind TEXT, scale TEXT, year TEXT, themes TEXT, "
        "search_text TEXT)"
    )
    t0 = time.perf_counter()
    con.executemany(
        "INSERT INTO practice VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                r["id"],
                r["title"],
                r["summary"],
                r["body"],
                r["context"],
                r["published_at"],
                r["kind"],
                r["scale"],
                r["year"],
                ",".join(r["themes"]),
                search.normalise(" ".join([r["title"], r["summary"], r["body"], r["context"]])),
            )
            for r in rows
        ],
    )
    con.commit()
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    con.execute(
        "CREATE VIRTUAL TABLE practice_fts USING fts5(title, summary, body, context, "
        "content='practice', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    con.execute("INSERT INTO practice_fts(practice_fts) VALUES ('rebuild')")
    con.commit()
    t_fts = time.perf_counter() - t0
    return con, t_ours, t_fts


def ours_search(
    con: sqlite3.Connection, query: str, split: list
) -> tuple[list[int], int, bool, set]:
    """Top 10, number of hits, capped, and the top 10 with every practice tied with the 10th;
    appends the seconds of the SQL prefilter to ``split``."""
    t0 = time.perf_counter()
    tokens = search.query_tokens(query)
    # As services.candidates: the long texts are not read; the stored search_text stands in
    # for body and context (Doc.all_words).
    sql = "SELECT id, title, summary, search_text, published_at, kind, scale, year, themes "
    sql += "FROM practice"
    if tokens:
        sql += " WHERE " + " AND ".join("search_text LIKE ? ESCAPE '\\'" for _ in tokens)
    sql += " ORDER BY published_at DESC, id DESC LIMIT ?"
    params = [
        "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for t in tokens
    ]
    rows = con.execute(sql, [*params, MAX_CANDIDATES + 1]).fetchall()
    split.append(time.perf_counter() - t0)
    capped = len(rows) > MAX_CANDIDATES
    docs = [
        search.Doc(
            id=r[0],
            title=r[1],
            summary=r[2],
            body="",
            context="",
            facets={
                "soort": {r[5]},
                "schaal": {r[6]},
                "jaar": {r[7]},
                "thema": set(r[8].split(",")),
            },
            recency=r[4],
            all_words=r[3] if tokens else "",
        )
        for r in rows[:MAX_CANDIDATES]
    ]
    result = search.search(docs, query, {})
    hits = result.hits
    tied = {h.doc.id for h in hits if hits and h.score >= hits[min(TOP, len(hits)) - 1].score}
    return [h.doc.id for h in hits[:TOP]], len(hits), capped, tied


def fts_expression(query: str) -> str:
    return " ".join(f'"{t}"*' for t in search.query_tokens(query))


def fts_search(con: sqlite3.Connection, query: str) -> list[int]:
    expr = fts_expression(query)
    if not expr:
        return []
    rows = con.execute(
        "SELECT p.id FROM practice_fts f JOIN practice p ON p.id = f.rowid "
        "WHERE practice_fts MATCH ? ORDER BY bm25(practice_fts, 5.0, 3.0, 1.0, 1.0), "
        "p.published_at DESC LIMIT ?",
        (expr, TOP),
    ).fetchall()
    return [r[0] for r in rows]


def fts_count(con: sqlite3.Connection, query: str) -> int:
    expr = fts_expression(query)
    if not expr:
        return 0
    return con.execute(
        "SELECT count(*) FROM practice_fts WHERE practice_fts MATCH ?", (expr,)
    ).fetchone()[0]


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, math.ceil(q * len(values)) - 1)]


def bench_search(seed: int) -> list[dict]:
    qs = queries(seed)
    rows = []
    for n in LIBRARIES:
        lib = practices(n, seed)
        con, t_build_ours, t_build_fts = build_sqlite(lib)
        t_ours, t_sql, t_fts, shared, jaccard, in_tied = [], [], [], [], [], []
        by_size: dict[bool, list[tuple[float, float, int]]] = {True: [], False: []}
        capped = zero_ours = zero_fts = more_ours = more_fts = 0
        for q in qs:
            t0 = time.perf_counter()
            top_ours, matched, was_capped, tied = ours_search(con, q, t_sql)
            t_ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            top_fts = fts_search(con, q)
            t_fts.append(time.perf_counter() - t0)
            n_fts = fts_count(con, q)
            print(
                f"  {n} {q!r}: Samenspel {matched} treffers{' (afgekapt)' if was_capped else ''}"
                f" {t_ours[-1] * 1000:.1f} ms, FTS5 {n_fts} {t_fts[-1] * 1000:.1f} ms, "
                f"gedeeld {len(set(top_ours) & set(top_fts))}",
                file=sys.stderr,
            )
            capped += was_capped
            zero_ours += not top_ours
            zero_fts += not top_fts
            more_ours += matched > n_fts and not was_capped
            more_fts += n_fts > matched and not was_capped
            a, b = set(top_ours), set(top_fts)
            by_size[matched >= MANY].append((t_ours[-1], t_fts[-1], len(a & b)))
            if a or b:
                shared.append(len(a & b))
                jaccard.append(len(a & b) / len(a | b))
            if b:
                in_tied.append(len(b & tied) / len(b))
        rows.append(
            {
                "n": n,
                "build_ours": t_build_ours,
                "build_fts": t_build_fts,
                "ours_median": statistics.median(t_ours),
                "ours_p95": _pct(t_ours, 0.95),
                "ours_total": sum(t_ours),
                "sql_median": statistics.median(t_sql),
                "in_tied": statistics.mean(in_tied) if in_tied else 0.0,
                "fts_median": statistics.median(t_fts),
                "fts_p95": _pct(t_fts, 0.95),
                "fts_total": sum(t_fts),
                "shared_mean": statistics.mean(shared) if shared else 0.0,
                "jaccard_mean": statistics.mean(jaccard) if jaccard else 0.0,
                "full_overlap": sum(s == TOP for s in shared),
                "no_overlap": sum(s == 0 for s in shared),
                "compared": len(shared),
                "by_size": {
                    many: (
                        len(v),
                        statistics.median(x[0] for x in v) if v else 0.0,
                        statistics.median(x[1] for x in v) if v else 0.0,
                        statistics.mean(x[2] for x in v) if v else 0.0,
                    )
                    for many, v in by_size.items()
                },
                "capped": capped,
                "zero_ours": zero_ours,
                "zero_fts": zero_fts,
                "more_ours": more_ours,
                "more_fts": more_fts,
            }
        )
        con.close()
        print(f"search n={n}: {rows[-1]}", file=sys.stderr, flush=True)
    return rows


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def _versions() -> str:
    parts = [f"Python {platform.python_version()}", f"SQLite {sqlite3.sqlite_version}"]
    for mod in ("pingouin", "pandas", "numpy", "icalendar"):
        try:
            parts.append(f"{mod} {__import__(mod).__version__}")
        except ImportError:
            parts.append(f"{mod} ontbreekt")
    return ", ".join(parts)


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def markdown(alpha, cal, found, load_before, load_after, started, seconds, reps) -> str:
    def load(x):
        return " / ".join(_nl(v) for v in x)

    out = [
        f"Gemeten op {started:%Y-%m-%d %H:%M} UTC: {os.cpu_count()} cores, {_versions()}, "
        f"{platform.system()} {platform.machine()}, commit `{_commit()}`, belasting vooraf "
        f"{load(load_before)}, achteraf {load(load_after)} (de machine werd gedeeld). "
        f"Totale duur {_nl(seconds, 0)} s. Tijden: mediaan van {reps} runs (zoeken: één run "
        "per zoekvraag).",
        "",
        "### Cronbach's alfa (Samenwerkingsscan) tegenover pingouin",
        "",
        "Alle 11 dimensies van één ronde, dezelfde volledige matrices (na omkering van de "
        "negatief geformuleerde stellingen, rijen met een 'weet niet' weggelaten). "
        "`cronbach_alpha` = `stats.cronbach_alpha` op de matrices; `dimension_alpha` = vanuit "
        "de antwoorden (matrix opbouwen en omkeren inbegrepen); pingouin met het DataFrame al "
        "klaar, en inclusief het maken van het DataFrame. × = pingouin / Samenspel "
        "(`cronbach_alpha`); boven 1: Samenspel sneller.",
        "",
        "| respondenten | volledige rijen | alfa (min–max) | `cronbach_alpha` (ms) "
        "| `dimension_alpha` (ms) | pingouin (ms) | pingouin + DataFrame (ms) | × | grootste "
        "verschil | gelijk op 1e-9 |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in alpha:
        out.append(
            f"| {_nl(r['n'], 0)} | {r['complete'][0]}–{r['complete'][1]} "
            f"| {_nl(r['alpha_range'][0], 3)}–{_nl(r['alpha_range'][1], 3)} "
            f"| {_ms(r['ours'])} | {_ms(r['ours_resp'])} | {_ms(r['peer'])} "
            f"| {_ms(r['peer_df'])} | {_ratio(r['peer'] / r['ours'])} | {r['diff']:.1e} "
            f"| {'ja' if r['agree'] else '**nee**'} |"
        )
    out += [
        "",
        "`stats.summary` (geen peer: de anonimiteitscontrole met secundaire afscherming "
        "bestaat nergens anders in deze vorm; alleen Samenspel gemeten):",
        "",
        "| respondenten | `summary` (ms) | groepen | getoond | minder dan 3 | afgeschermd "
        "| alfa gerapporteerd |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in alpha:
        out.append(
            f"| {_nl(r['n'], 0)} | {_ms(r['summary'])} | {r['groups']} | {r['shown']} "
            f"| {r['too_few']} | {r['hidden']} | {r['alpha_reported']} van 11 |"
        )
    out += [
        "",
        "### iCalendar-feed tegenover het pakket `icalendar`",
        "",
        "Dezelfde gebeurtenissen, door beide als UTF-8 bytes geschreven (de peer bouwt zijn "
        "`Event`-objecten uit dezelfde records; dat hoort bij zijn tijd). Beide uitvoeren "
        "daarna met `icalendar` gelezen en per gebeurtenis vergeleken (UID, DTSTART, DTEND, "
        "SUMMARY, DESCRIPTION, LOCATION) met de records. × = peer / Samenspel.",
        "",
        "| gebeurtenissen | Samenspel (ms) | icalendar (ms) | × | grootte Samenspel / peer "
        "| langste regel (octetten) | gelezen door icalendar | zelfde gebeurtenissen | lezen "
        "Samenspel-feed / peer-feed (ms) |",
        "| ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- |",
    ]
    for r in cal:
        out.append(
            f"| {_nl(r['n'], 0)} | {_ms(r['ours'])} | {_ms(r['peer'])} "
            f"| {_ratio(r['peer'] / r['ours'])} | {_nl(r['kb_ours'], 0)} / "
            f"{_nl(r['kb_peer'], 0)} KB | {r['octets_ours']} / {r['octets_peer']} "
            f"| {r['parsed_ours']} / {r['parsed_peer']} "
            f"| {'ja' if r['same'] else '**nee**'} "
            f"| {_ms(r['parse_ours'])} / {_ms(r['parse_peer'])} |"
        )
    out += [
        "",
        "### Zoeken in praktijken tegenover SQLite FTS5",
        "",
        f"{N_QUERIES} zoekvragen, elk één keer. Samenspel: voorfilter `LIKE` in SQLite op "
        f"`search_text` per woord, nieuwste eerst, hoogstens {_nl(MAX_CANDIDATES, 0)} rijen, "
        "dan rangschikken en facetten tellen in Python. FTS5: dezelfde woorden als "
        "prefixvraag, `bm25` met kolomgewichten 5/3/1/1, top 10. Overlap = gedeelde "
        "praktijken in de twee top-10-lijsten (over de vragen waar minstens één kant iets "
        "vond). × = Samenspel / FTS5 (hoeveel keer trager Samenspel is).",
        "",
        "| praktijken | Samenspel mediaan / p95 (ms) | waarvan voorfilter (mediaan, ms) "
        "| FTS5 mediaan / p95 (ms) | × (mediaan) | gedeeld in top 10 (gem.) | Jaccard (gem.) "
        "| 10 van 10 / 0 van 10 | FTS5-top-10 bij Samenspels top 10 met gelijke scores (gem.) "
        "| vragen afgekapt op 2.000 | niets gevonden Samenspel / FTS5 "
        "| meer treffers Samenspel / FTS5 | opbouw search_text / FTS5-index (ms) |",
        "| ---: | --- | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | --- | --- | --- |",
    ]
    for r in found:
        out.append(
            f"| {_nl(r['n'], 0)} | {_ms(r['ours_median'])} / {_ms(r['ours_p95'])} "
            f"| {_ms(r['sql_median'])} "
            f"| {_ms(r['fts_median'])} / {_ms(r['fts_p95'])} "
            f"| {_ratio(r['ours_median'] / r['fts_median'])} | {_nl(r['shared_mean'], 1)} "
            f"| {_nl(r['jaccard_mean'], 2)} | {r['full_overlap']} / {r['no_overlap']} "
            f"(van {r['compared']}) | {_nl(100 * r['in_tied'], 0)} % | {r['capped']} "
            f"| {r['zero_ours']} / {r['zero_fts']} "
            f"| {r['more_ours']} / {r['more_fts']} "
            f"| {_ms(r['build_ours'])} / {_ms(r['build_fts'])} |"
        )
    out += [
        "",
        f"Per soort zoekvraag (veel treffers: Samenspel vond er minstens {MANY}):",
        "",
        "| praktijken | zoekvragen | aantal | Samenspel mediaan (ms) | FTS5 mediaan (ms) "
        "| × | gedeeld in top 10 (gem.) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in found:
        for many in (True, False):
            k, t_o, t_f, sh = r["by_size"][many]
            if not k:
                continue
            label = f"≥ {MANY} treffers" if many else f"< {MANY} treffers"
            out.append(
                f"| {_nl(r['n'], 0)} | {label} | {k} | {_ms(t_o)} | {_ms(t_f)} "
                f"| {_ratio(t_o / t_f)} | {_nl(sh, 1)} |"
            )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--markdown", action="store_true", help="print markdown tables")
    parser.add_argument(
        "--only", choices=("alpha", "ical", "search"), action="append", help="run only these"
    )
    args = parser.parse_args()
    parts = set(args.only or ("alpha", "ical", "search"))
    # import the peers before any timing (pingouin alone takes seconds to import)
    if "alpha" in parts:
        import pingouin  # noqa: F401
    if "ical" in parts:
        import icalendar  # noqa: F401
    started = dt.datetime.now(dt.UTC)
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    alpha = bench_alpha(args.reps, args.seed) if "alpha" in parts else []
    cal = bench_ical(args.reps, args.seed) if "ical" in parts else []
    found = bench_search(args.seed) if "search" in parts else []
    seconds = time.perf_counter() - t0
    load_after = os.getloadavg()
    if args.markdown:
        print(markdown(alpha, cal, found, load_before, load_after, started, seconds, args.reps))
    else:
        print(f"belasting vooraf {load_before}, achteraf {load_after}, {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
