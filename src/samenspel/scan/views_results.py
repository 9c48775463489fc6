"""The results of one round: ``/scan/ronde/<pk>/resultaten/`` (page, print, XLSX/CSV).

Everything shown comes from :func:`samenspel.scan.stats.summary` and :func:`stats.gaps`, which
apply the anonymity rule (at least :data:`stats.MIN_GROUP` respondents per group, and no group
whose figures would reveal 1 or 2 people by difference). A round with fewer than 3 respondents
shows an explanation and nothing else: no mean, no count per dimension, no open answer; its
downloads hold no figure either.

Downloads: ``?formaat=xlsx&tabel=<name>`` (or ``csv``) for each table of the page;
``tabel=scan-ronde-<pk>-cijfers`` is every anonymous figure of the round in one sheet.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.http import require_safe

from samenspel.accounts.services import history_entries
from samenspel.atlas.services import get_atlas
from samenspel.core.numbers import format_number
from samenspel.core.tables import Column, Table
from samenspel.core.web import page
from samenspel.scan import items, services, stats, suggestions
from samenspel.scan.views import _round

#: What the two sides of each kind of gap are called.
GAP_TITLES = {
    stats.GAP_CENTRUMSTAD: (
        "Centrumstad tegenover de andere partners",
        "centrum\u00adstad",  # a soft hyphen: the column may break on a phone
        "andere partners",
    ),
    stats.GAP_ROLE: ("Ambtenaren tegenover politici", "ambtelijk", "politiek"),
    stats.GAP_ROUND: ("Deze ronde tegenover de vorige", "deze ronde", "vorige ronde"),
}
ROLE_KIND_LABELS = dict(items.ROLE_KINDS)
#: The practice library (network.practices, built beside the scan; linked, not imported).
PRACTICES_URL = "/netwerk/praktijken/"
POSITION_LABELS = {"centrumstad": "Centrumstad", "overige": "Andere partners"}
FLAG_LABELS = {
    stats.FLAG_LOW: "lage score",
    stats.FLAG_DIVERGING: "de partners zien het verschillend",
    stats.FLAG_DECLINED: "gedaald sinds de vorige ronde",
}


#: How a group of each role kind is called in a sentence.
ROLE_KIND_PLURALS = {"ambtelijk": "ambtenaren", "politiek": "politici", "andere": "anderen"}


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def _hidden_notes(groups: dict, name, *, roles: bool) -> list[str]:
    """One plain sentence per group that has 3 or more respondents but is "afgeschermd" (hidden
    so that nobody can work out a smaller group by subtraction), naming the smaller groups of
    the same kind (1 or 2 respondents: "minder dan 3") and whom to invite. Never a count: the
    hidden group's size would give the smaller group's size by difference with the total."""
    n = stats.MIN_GROUP
    few = [name(k) for k, g in groups.items() if g.reason == stats.TOO_FEW]
    notes = []
    for k, g in groups.items():
        if g.reason != stats.HIDDEN:
            continue
        subject = f"De groep {name(k)}" if roles else name(k)
        if not few:
            notes.append(
                f"{subject} wordt niet apart getoond, omdat je anders, door groepen van elkaar "
                f"af te trekken, de antwoorden van minder dan {n} mensen zou kunnen afleiden "
                "(bijvoorbeeld de politici van één partner). Met meer antwoorden per partner en "
                "per rol valt die afscherming weg."
            )
            continue
        who = _and(few) if roles else "mensen van " + _and(few)
        if len(few) == 1:
            why, invite = f"minder dan {n} {who}", f"minstens {n} {who}"
        else:
            why, invite = f"de {who} (elk minder dan {n})", f"van elk minstens {n} ({who})"
        notes.append(
            f"{subject} wordt niet apart getoond, omdat je anders de antwoorden van {why} zou "
            f"kunnen afleiden. Nodig in een volgende ronde {invite} uit; dan verschijnen beide."
        )
    return notes


def _mean(fig) -> float | None:
    return round(fig.mean, 2) if fig is not None else None


def _partner_label(atlas, key: str) -> str:
    if key == services.OTHER_PARTNER:
        return "Andere gemeente of organisatie"
    munis = atlas.municipalities if atlas else {}
    return munis[key].name if key in munis else key


def _bar(fig) -> dict:
    """A bar from 1 to 5 in percent of the width (SVG attributes; no style attribute)."""
    if fig is None:
        return {"width": 0}
    return {
        "width": round((fig.mean - items.SCALE_MIN) / (items.SCALE_MAX - items.SCALE_MIN) * 100, 1)
    }


def _column_groups(groups: dict, label) -> list[dict]:
    return [
        {"key": k, "label": label(k), "n": g.respondents, "group": g}
        for k, g in groups.items()
        if g.shown
    ]


def _gap_sections(gap_table, summary, previous, has_centre: bool) -> list[dict]:
    out = []
    for kind in stats.GAP_KINDS:
        title, first, second = GAP_TITLES[kind]
        rows = []
        for d in items.DIMENSIONS:
            g = gap_table[kind][d]
            if g is not None:
                rows.append(
                    {
                        "dimension": d,
                        "label": items.DIMENSION_LABELS[d],
                        "first": round(g.first, 2),
                        "second": round(g.second, 2),
                        "difference": round(g.difference, 2),
                        "diverging": g.diverging,
                    }
                )
        if rows:
            why = ""
        elif kind == stats.GAP_CENTRUMSTAD and not has_centre:
            why = "Geen centrumstad in deze groep."
        elif kind == stats.GAP_ROUND and previous is None:
            why = "Dit is de eerste ronde."
        elif kind == stats.GAP_ROUND and previous.is_open():
            why = (
                f"De vorige ronde ({previous.title}) is nog open; haar cijfers tellen pas mee "
                "als ze afgesloten is."
            )
        elif kind == stats.GAP_ROUND:
            why = (
                f"De vorige ronde ({previous.title}) had geen cijfers (minder dan "
                f"{stats.MIN_GROUP} antwoorden)."
            )
        else:
            why = (
                f"Elke kant heeft minstens {stats.MIN_GROUP} antwoorden nodig (en mag geen "
                "antwoorden van 1 of 2 mensen verraden); daarom is dit verschil niet te tonen."
            )
        out.append(
            {
                "kind": kind,
                "title": title,
                "first": first,
                "second": second,
                "rows": rows,
                "why": why,
                "diverging": [r for r in rows if r["diverging"]],
            }
        )
    return out


def _attention(flags: dict) -> list[dict]:
    out = []
    for d in items.DIMENSIONS:
        if not flags.get(d):
            continue
        advice = []
        for flag in flags[d]:
            for s in suggestions.suggestions_for(d, flag):
                if s not in advice:
                    advice.append(s)
        out.append(
            {
                "dimension": d,
                "label": items.DIMENSION_LABELS[d],
                "flags": [FLAG_LABELS.get(f, f) for f in flags[d]],
                "suggestions": advice,
                "practices": [
                    (suggestions.theme_label(t), f"{PRACTICES_URL}?thema={t}")
                    for t in suggestions.practice_themes(d)
                ],
            }
        )
    return out


# --------------------------------------------------------------------------------------------
# Tables for download
# --------------------------------------------------------------------------------------------

DIST_COLUMNS = [Column(f"p{p}", f"aantal {p}", "int") for p in range(1, 6)]


def _figure_row(fig) -> dict:
    if fig is None:
        return {}
    row = {"n": fig.n, "gemiddelde": _mean(fig), "sd": round(fig.sd, 2)}
    for p, count in enumerate(fig.distribution, start=1):
        row[f"p{p}"] = count
    return row


#: Why an open round shows no figures (see :func:`results`).
OPEN_ROUND = "De ronde is nog open: de cijfers verschijnen als ze afgesloten is"


def _tables(scan_round, summary, partners, roles, positions, gap_sections) -> list[Table]:
    stem = f"scan-ronde-{scan_round.pk}"
    title = f"{scan_round.group.name}, {scan_round.title}"
    all_rows: list[dict] = []
    if summary is None or not summary.shown:
        all_rows.append(
            {
                "soort": OPEN_ROUND
                if summary is None
                else f"Te weinig antwoorden (minder dan {stats.MIN_GROUP}): geen cijfers",
            }
        )
        return [
            Table(
                f"{stem}-cijfers",
                f"Alle cijfers: {title}",
                [Column("soort", "soort")],
                all_rows,
            )
        ]
    dims = []
    for d in items.DIMENSIONS:
        fig = summary.total.dimensions[d]
        a = summary.alpha[d]
        dims.append(
            {
                "dimensie": items.DIMENSION_LABELS[d],
                **_figure_row(fig),
                "alfa": round(a.alpha, 2) if a.reported else None,
            }
        )
    dim_table = Table(
        f"{stem}-dimensies",
        f"Per dimensie: {title}",
        [
            Column("dimensie", "dimensie"),
            Column("n", "n", "int"),
            Column("gemiddelde", "gemiddelde (1–5)", "number"),
            Column("sd", "standaardafwijking", "number"),
            *DIST_COLUMNS,
            Column("alfa", "Cronbachs alfa", "number"),
        ],
        dims,
    )

    def by_group(name: str, label: str, cols: list[dict]) -> Table:
        rows = []
        for d in items.DIMENSIONS:
            row = {"dimensie": items.DIMENSION_LABELS[d]}
            for c in cols:
                row[c["key"]] = _mean(c["group"].dimensions[d])
            rows.append(row)
        return Table(
            f"{stem}-{name}",
            f"Gemiddelde per {label}: {title}",
            [Column("dimensie", "dimensie")]
            + [Column(c["key"], f"{c['label']} (n = {c['n']})", "number") for c in cols],
            rows,
        )

    gap_rows = [
        {
            "soort": s["title"],
            "dimensie": r["label"],
            "eerste": r["first"],
            "tweede": r["second"],
            "verschil": r["difference"],
            "uiteen": r["diverging"],
        }
        for s in gap_sections
        for r in s["rows"]
    ]
    gap_table = Table(
        f"{stem}-verschillen",
        f"Verschillen in beleving: {title}",
        [
            Column("soort", "verschil"),
            Column("dimensie", "dimensie"),
            Column("eerste", "gemiddelde eerste groep", "number"),
            Column("tweede", "gemiddelde tweede groep", "number"),
            Column("verschil", "verschil", "number"),
            Column("uiteen", f"verschil van {format_number(stats.DIVERGING_GAP, 2)} of meer"),
        ],
        gap_rows,
    )
    item_rows = []
    for it in items.ITEMS:
        fig = summary.items.get(it.code)
        item_rows.append(
            {
                "code": it.code,
                "stelling": it.text,
                "dimensie": items.DIMENSION_LABELS[it.dimension],
                "omgekeerd": it.reverse,
                **_figure_row(fig),
            }
        )
    item_table = Table(
        f"{stem}-stellingen",
        f"Per stelling: {title}",
        [
            Column("code", "code"),
            Column("stelling", "stelling"),
            Column("dimensie", "dimensie"),
            Column("omgekeerd", "omgekeerd gescoord"),
            Column("n", "n", "int"),
            Column("gemiddelde", "gemiddelde (na omkeren)", "number"),
            Column("sd", "standaardafwijking", "number"),
            *[Column(f"p{p}", f"antwoord {p}", "int") for p in range(1, 6)],
        ],
        item_rows,
    )
    # everything in one sheet
    for group_kind, cols in (
        ("Alle antwoorden", [{"label": "alle antwoorden", "group": summary.total}]),
        ("Per partner", partners),
        ("Per rol", roles),
        ("Centrumstad of niet", positions),
    ):
        for c in cols:
            for d in items.DIMENSIONS:
                fig = c["group"].dimensions[d]
                if fig is not None:
                    all_rows.append(
                        {
                            "soort": group_kind,
                            "groep": c["label"],
                            "dimensie": items.DIMENSION_LABELS[d],
                            **_figure_row(fig),
                        }
                    )
    for r in item_rows:
        if r.get("n") is not None:
            all_rows.append(
                {
                    "soort": "Per stelling",
                    "groep": "alle antwoorden",
                    "dimensie": r["dimensie"],
                    "stelling": f"{r['code']}: {r['stelling']}",
                    **{
                        k: r.get(k) for k in ("n", "gemiddelde", "sd", "p1", "p2", "p3", "p4", "p5")
                    },
                }
            )
    for r in gap_rows:
        all_rows.append(
            {"soort": "Verschil in beleving", "groep": r["soort"], "dimensie": r["dimensie"],
             "gemiddelde": r["eerste"], "tweede": r["tweede"], "verschil": r["verschil"]}
        )  # fmt: skip
    for d in items.DIMENSIONS:
        a = summary.alpha[d]
        if a.reported:
            all_rows.append(
                {
                    "soort": "Cronbachs alfa",
                    "groep": "alle antwoorden",
                    "dimensie": items.DIMENSION_LABELS[d],
                    "n": a.n,
                    "alfa": round(a.alpha, 2),
                }
            )
    all_table = Table(
        f"{stem}-cijfers",
        f"Alle cijfers: {title}",
        [
            Column("soort", "soort"),
            Column("groep", "groep"),
            Column("dimensie", "dimensie"),
            Column("stelling", "stelling"),
            Column("n", "n", "int"),
            Column("gemiddelde", "gemiddelde (of: eerste groep)", "number"),
            Column("sd", "standaardafwijking", "number"),
            *DIST_COLUMNS,
            Column("tweede", "gemiddelde tweede groep", "number"),
            Column("verschil", "verschil", "number"),
            Column("alfa", "Cronbachs alfa", "number"),
        ],
        all_rows,
        caption=(
            f"Enkel groepen met minstens {stats.MIN_GROUP} antwoorden en die geen antwoorden "
            "van 1 of 2 mensen verraden. Gemiddelden op een schaal van 1 tot 5, omgekeerd "
            "gestelde stellingen omgekeerd gescoord (hoger is beter)."
        ),
    )
    return [
        all_table,
        dim_table,
        by_group("partners", "partner", partners),
        by_group("rollen", "soort rol", roles),
        gap_table,
        item_table,
    ]


# --------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------


@login_required
@require_safe
def results(request, pk: int):
    scan_round, refused = _round(request, pk, "scan.view_results")
    if refused:
        return refused
    atlas = get_atlas()
    group = scan_round.group
    context = {
        "round": scan_round,
        "group": group,
        "shown": False,
        "is_open": scan_round.is_open(),
        "min_group": stats.MIN_GROUP,
        "history": history_entries(scan_round),
        "may_manage": request.user.has_perm("scan.manage_group", scan_round),
    }
    # While a round is open its figures change with every answer: whoever compares them before
    # and after one more answer (the count is on the round page) would read that one person's
    # answers, statement by statement. So an open round shows no figure; a closed one no longer
    # changes. The same holds for the previous round in the round-over-round gap.
    if context["is_open"]:
        return page(request, "scan/results.html", context, _tables(scan_round, None, *[[]] * 4))
    summary = services.round_summary(scan_round, atlas)
    previous = scan_round.previous()
    prev_summary = (
        services.round_summary(previous, atlas) if previous and not previous.is_open() else None
    )
    gap_table = stats.gaps(summary, prev_summary)
    has_centre = bool(services.centre_cities(atlas, group.refnis_list))
    context["shown"] = summary.shown
    if not summary.shown:
        tables = _tables(scan_round, summary, [], [], [], [])
        return page(request, "scan/results.html", context, tables)

    partners = _column_groups(summary.by_partner, lambda k: _partner_label(atlas, k))
    partners.sort(key=lambda c: (c["key"] == services.OTHER_PARTNER, c["label"]))
    shown_keys = {c["key"] for c in partners}
    hidden_partners = sorted(
        {_partner_label(atlas, c) for c in group.refnis_list if c not in shown_keys}
    )
    roles = _column_groups(summary.by_role, lambda k: ROLE_KIND_LABELS.get(k, k))
    positions = _column_groups(summary.by_position, lambda k: POSITION_LABELS.get(k, k))
    gap_sections = _gap_sections(gap_table, summary, previous, has_centre)
    dimensions = []
    for d in items.DIMENSIONS:
        fig = summary.total.dimensions[d]
        dimensions.append(
            {
                "code": d,
                "label": items.DIMENSION_LABELS[d],
                "fig": fig,
                "mean": _mean(fig),
                "sd": round(fig.sd, 2) if fig else None,
                "bar": _bar(fig),
                "low": bool(fig and fig.low),
                "alpha": summary.alpha[d],
                "partners": [_mean(c["group"].dimensions[d]) for c in partners],
                "roles": [_mean(c["group"].dimensions[d]) for c in roles],
            }
        )
    item_rows = [
        {"item": it, "fig": summary.items.get(it.code), "mean": _mean(summary.items.get(it.code))}
        for it in items.ITEMS
    ]
    context.update(
        {
            "respondents": summary.respondents,
            "dimensions": dimensions,
            "partners": partners,
            "hidden_partners": hidden_partners,
            "partner_notes": _hidden_notes(
                summary.by_partner, lambda k: _partner_label(atlas, k), roles=False
            ),
            "role_notes": _hidden_notes(
                summary.by_role, lambda k: ROLE_KIND_PLURALS.get(k, k), roles=True
            ),
            "roles": roles,
            # every kind without figures, whether it had 0, 1 or 2 respondents or was hidden
            "hidden_roles": [
                label for k, label in items.ROLE_KINDS if k not in {c["key"] for c in roles}
            ],
            "gaps": gap_sections,
            "attention": _attention(stats.attention(summary, gap_table)),
            "item_rows": item_rows,
            "open_answers": services.open_answers(scan_round),
            "previous": previous,
            "low_score": stats.LOW_SCORE,
            "diverging_gap": stats.DIVERGING_GAP,
            "min_alpha_n": stats.MIN_ALPHA_N,
            "xlsx_url": reverse("scan_results", args=[scan_round.pk])
            + f"?formaat=xlsx&tabel=scan-ronde-{scan_round.pk}-cijfers",
        }
    )
    tables = _tables(scan_round, summary, partners, roles, positions, gap_sections)
    return page(request, "scan/results.html", context, tables)
