"""The yearly report of an IGS: ``/monitor/igs/<slug>/rapport/<jaar>/`` (printable, A4) and
``…/<jaar>.xlsx`` (every figure). The figures are gathered here from the measurements, the
Atlas and the stories; :mod:`samenspel.monitor.rapport` lays them out.

Which measurement counts, and how merged municipalities are shown, is decided by
:mod:`samenspel.monitor.services`: a manual entry wins over an import, the newest import over
older ones; values per former municipality are shown apart.
"""

from __future__ import annotations

import re
from datetime import date

from django.db.models import Max, Min
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from samenspel.atlas.services import get_atlas
from samenspel.core.web import CONTENT_TYPES, no_data
from samenspel.funding.services import find_igs
from samenspel.monitor.catalogue import ACTIVITIES, STARTING_SET
from samenspel.monitor.models import Indicator, Measurement, Story
from samenspel.monitor.rapport import (
    AreaFigure,
    Context,
    Measured,
    Partner,
    Report,
    StoryItem,
    build_report,
)
from samenspel.monitor.services import (
    balance_trend,
    best_values,
    igs_balance,
    municipality_values,
    yearly_values,
)
from samenspel.monitor.views_verhalen import describe_all

MIN_YEAR, MAX_YEAR = 2000, 2100
#: Derived in the report from the activities and the inhabitants, not shown as a measurement.
DERIVED = {"ACT_PER_1000"}
#: The planned investments shown: culture fields 0700–0739 of the plan that covers the year.
_MJP_CULTURE = re.compile(r"BBC_MJP\d{4}_INV_07[0-3]\d_EUR_INW")
TREND_YEARS = 10


class ReportError(Exception):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def _measured(slug: str, codes: list[str], year: int) -> list[Measured]:
    """Every yearly measurement of the partners in ``year`` except the survey and the annual
    accounts (shown apart): the starting set first, then this IGS's own indicators."""
    present = (
        set(
            Measurement.objects.filter(
                year=year, refnis__in=codes, label="", igs="", part_refnis=""
            )
            .exclude(indicator__code__startswith="GSM_")
            .exclude(indicator__code__startswith="BBC_")
            .values_list("indicator__code", flat=True)
            .distinct()
        )
        - DERIVED
    )
    order = {d.code: i for i, d in enumerate(STARTING_SET)}
    out = []
    for ind in sorted(
        Indicator.objects.filter(code__in=present, igs__in=["", slug]),
        key=lambda i: (order.get(i.code, 99), i.code),
    ):
        unit = ind.unit
        additive = not unit.startswith("%") and " per " not in f" {unit} "
        out.append(
            Measured(ind.code, ind.name, unit, yearly_values(ind.code, year, codes), additive)
        )
    return out


def _igs_figures(slug: str, year: int) -> list[tuple[str, str, str, object]]:
    rows = Measurement.objects.filter(igs=slug, year=year, label="").values_list(
        "indicator__code", "value", "batch_id", "batch__imported_at"
    )
    values = best_values(rows)
    names = {i.code: (i.name, i.unit) for i in Indicator.objects.filter(code__in=list(values))}
    return [(c, names[c][0], names[c][1], values[c]) for c in sorted(values)]


def _contexts(partners: list[str], year: int) -> list[Context]:
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(code__startswith="GSM_")
        | Indicator.objects.filter(code__startswith="BBC_JR_")
        | Indicator.objects.filter(code__startswith="BBC_MJP")
    }
    wanted = [
        c for c in indicators if c.startswith(("GSM_", "BBC_JR_")) or _MJP_CULTURE.fullmatch(c)
    ]
    base = Measurement.objects.filter(indicator__code__in=wanted, igs="", label="")
    latest = dict(
        base.filter(year__lte=year).values_list("indicator__code").annotate(y=Max("year"))
    )
    after = dict(base.filter(year__gt=year).values_list("indicator__code").annotate(y=Min("year")))
    out = []
    for code in wanted:
        mjp = code.startswith("BBC_MJP")
        y = (
            (year if latest.get(code) == year else None)
            if mjp
            else latest.get(code, after.get(code))
        )
        if y is None:
            continue
        values = municipality_values(code, y)
        flat = [
            float(v)
            for av in values.values()
            for v in ([p[2] for p in av.parts] if av.parts else [av.value])
            if v is not None
        ]
        figures = {}
        for r in partners:
            av = values.get(r)
            if av is None:
                continue
            figures[r] = AreaFigure(
                None if av.parts else av.value, tuple((n, v) for _p, n, v in av.parts)
            )
        ind = indicators[code]
        group = (
            "enquête" if code.startswith("GSM_") else ("meerjarenplan" if mjp else "investeringen")
        )
        out.append(
            Context(
                code,
                ind.name,
                ind.unit,
                y,
                group,
                figures,
                sum(flat) / len(flat) if flat else None,
                len(flat),
                ind.caveat,
            )
        )
    order = {"GSM_": 0, "BBC_JR": 1, "BBC_MJ": 2}
    out.sort(key=lambda c: (order.get(c.code[:6], order.get(c.code[:4], 3)), c.code))
    return out


def _trend(atlas, slug: str, codes: list[str], year: int) -> str:
    first = Measurement.objects.filter(
        indicator__code=ACTIVITIES, refnis__in=codes, year__lte=year
    ).aggregate(y=Min("year"))["y"]
    if first is None:
        return "Er zijn te weinig jaren met cijfers om een evolutie te tonen."
    years = list(range(max(first, year - TREND_YEARS + 1), year + 1))
    return balance_trend(atlas, slug, years)[1]


def _stories(request, atlas, slug: str, year: int) -> list[StoryItem]:
    out = []
    for d in describe_all(Story.objects.about(igs=slug, year=year), atlas):
        s = d["story"]
        url = request.build_absolute_uri(reverse("monitor_story", args=[s.pk]))
        file_url = reverse("monitor_story_attachment", args=[s.pk]) if s.attachment else ""
        out.append(
            StoryItem(
                title=s.title,
                text=s.text,
                teller=s.teller_name,
                role=s.teller_role,
                period=s.period,
                partners=tuple(name for _c, name in d["municipalities"]),
                indicators=tuple(name for _c, name in d["indicators"]),
                url=url,
                image_url=file_url if s.is_image else "",
                image_alt=s.attachment_alt or s.title,
                document_url="" if s.is_image else file_url,
                document_name=s.attachment_name,
            )
        )
    return out


def build(request, atlas, slug: str, year: int) -> Report:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ReportError(f"Een jaarverslag kan voor een jaar van {MIN_YEAR} tot {MAX_YEAR}.", 400)
    try:
        slug = find_igs(atlas, slug)
    except ValueError as exc:
        raise ReportError(str(exc), 404) from None
    try:
        ib = igs_balance(atlas, slug, year)
    except ValueError as exc:
        raise ReportError(str(exc), 404) from None
    partners = [
        Partner(p.refnis, p.name, int(p.values["inwoners"] or 0), p.centrumstad)
        for p in ib.balance.partners
    ]
    codes = [p.refnis for p in partners]
    return build_report(
        slug=slug,
        igs_name=ib.name,
        year=year,
        on=ib.on,
        made_on=date.today(),
        partners=partners,
        measured=_measured(slug, codes, year),
        igs_figures=_igs_figures(slug, year),
        balance=ib.balance,
        trend_sentence=_trend(atlas, slug, codes, year),
        contexts=_contexts(codes, year),
        stories=_stories(request, atlas, slug, year),
        notes=ib.notes,
    )


def _error(request, message: str, status: int):
    return render(request, "monitor/rapport_fout.html", {"message": message}, status=status)


def _report(request, slug: str, jaar: int):
    """(the report, None), or (None, the page to answer instead: how to load data, or the
    report's Dutch error)."""
    atlas = get_atlas()
    if atlas is None:
        return None, no_data(request)
    try:
        return build(request, atlas, slug, jaar), None
    except ReportError as exc:
        return None, _error(request, str(exc), exc.status)


@require_safe
def report(request, slug: str, jaar: int):
    rep, error = _report(request, slug, jaar)
    if error:
        return error
    context = {
        "report": rep,
        "previous": jaar - 1 if jaar > MIN_YEAR else None,
        "next": jaar + 1 if jaar < min(MAX_YEAR, date.today().year) else None,
        "igs_url": f"/monitor/igs/{rep.slug}/",
    }
    return render(request, "monitor/rapport.html", context)


@require_safe
def report_xlsx(request, slug: str, jaar: int):
    rep, error = _report(request, slug, jaar)
    if error:
        return error
    response = HttpResponse(rep.to_xlsx(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = (
        f'attachment; filename="jaarverslag-{rep.slug}-{rep.year}.xlsx"'
    )
    return response
