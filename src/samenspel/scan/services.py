"""Queries and writes of the Samenwerkingsscan that the views share.

* :func:`visible_groups` -- the groups a user may see (manage, or belong to).
* :func:`igs_members` / :func:`member_names` -- the partners of a group, by name.
* :func:`create_links` -- N personal links for a round; the tokens are returned once, only their
  hashes are stored.
* :func:`invitation_for` -- the invitation behind a token (None when unknown).
* :func:`submit` -- store one response in one transaction; a link answers only once.
* :func:`round_responses` -- the answers of a round as :class:`samenspel.scan.stats.Response`.
* :func:`open_answers` -- the open answers of a round per question, in a shuffled but fixed
  order, without anything about who wrote them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from samenspel.accounts.permissions import places
from samenspel.core.codes import join_codes
from samenspel.scan import items, stats
from samenspel.scan.models import (
    Answer,
    Invitation,
    OpenAnswer,
    ScanGroup,
    ScanResponse,
    ScanRound,
    hash_token,
    new_token,
)

#: What a token in a URL looks like (URL-safe base64); anything else is refused without a query.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,64}")


class AlreadyAnswered(Exception):
    """The link was used already (or is being used at this very moment)."""


class RoundClosed(Exception):
    """The round takes no more answers."""


def visible_groups(user):
    """The groups ``user`` may see: all for support staff; else those of their IGS and of their
    municipalities (``scan.view_results`` per object: a creator sees their scan only while
    they belong to the group, so "made by the user" adds nothing here)."""
    p = places(user)
    qs = ScanGroup.objects.all()
    if p.support:
        return qs
    cond = Q(pk__in=[])
    if p.works_in_igs:
        cond |= Q(igs__in=sorted(p.works_in_igs))
    for code in sorted(p.in_refnis):
        cond |= Q(municipalities__contains=f",{code},")
    return qs.filter(cond)


def igs_members(atlas, slug: str, on: date | None = None) -> list[str]:
    """The 2025 REFNIS codes of the municipalities in the IGS on ``on`` (today), fully or partly."""
    on = on or timezone.localdate()
    pc = atlas.coverage(on).partnerships.get(slug)
    return list(pc.territory) if pc else []


def member_names(atlas, codes) -> list[tuple[str, str]]:
    """(code, name) of each municipality, sorted by name; unknown codes keep their code."""
    munis = atlas.municipalities if atlas else {}
    pairs = [(c, munis[c].name if c in munis else c) for c in codes]
    return sorted(pairs, key=lambda p: p[1])


def centre_cities(atlas, codes) -> set[str]:
    munis = atlas.municipalities if atlas else {}
    return {c for c in codes if c in munis and munis[c].is_centrumstad}


def new_group(*, name: str, igs: str, members: list[str], user) -> ScanGroup:
    with transaction.atomic():
        return ScanGroup.objects.create(
            name=name, igs=igs, municipalities=join_codes(members), created_by=user
        )


def round_counts(rounds) -> dict[int, tuple[int, int]]:
    """Per round id: (invited, answered)."""
    ids = [r.pk for r in rounds]
    invited = dict(
        Invitation.objects.filter(round_id__in=ids)
        .values("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    answered = dict(
        ScanResponse.objects.filter(round_id__in=ids)
        .values("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    return {i: (invited.get(i, 0), answered.get(i, 0)) for i in ids}


def create_links(scan_round: ScanRound, count: int, labels: list[str]) -> list[tuple[str, str]]:
    """Make ``count`` personal links; returns (token, label) pairs. Only hashes are stored."""
    pairs = []
    for i in range(count):
        pairs.append((new_token(), labels[i] if i < len(labels) else ""))
    with transaction.atomic():
        Invitation.objects.bulk_create(
            [Invitation(round=scan_round, token_hash=hash_token(t), label=lab) for t, lab in pairs]
        )
    return pairs


def invitation_for(token: str) -> Invitation | None:
    """The invitation of a token from a URL, with its round and group; None when unknown."""
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    return (
        Invitation.objects.select_related("round__group")
        .filter(token_hash=hash_token(token))
        .first()
    )


def submit(
    invitation: Invitation,
    *,
    role: str,
    refnis: str,
    values: dict[str, int | None],
    texts: dict[str, str],
) -> ScanResponse:
    """Store one response, all or nothing. Raises :class:`AlreadyAnswered` when the link was
    used (also by a request that arrives at the same moment) and :class:`RoundClosed`."""
    if role not in items.ROLE_LABELS:
        raise ValueError(f"Onbekende rol {role!r}.")
    for code, v in values.items():
        items.item(code)  # KeyError for an unknown statement
        if v is not None and not items.SCALE_MIN <= v <= items.SCALE_MAX:
            raise ValueError(f"Antwoord {v!r} op {code} ligt niet tussen 1 en 5.")
    try:
        with transaction.atomic():
            inv = Invitation.objects.select_related("round").get(pk=invitation.pk)
            if inv.used_at is not None:
                raise AlreadyAnswered
            if not inv.round.is_open():
                raise RoundClosed
            # Mark the link used only if nobody did so in the meantime (a conditional update:
            # of two requests at the same moment one changes the row, the other none), and
            # forget its label: from here on nothing ties the link to what is stored below.
            marked = Invitation.objects.filter(pk=inv.pk, used_at__isnull=True).update(
                used_at=timezone.now(), label=""
            )
            if marked != 1:
                raise AlreadyAnswered
            response = ScanResponse.objects.create(round=inv.round, refnis=refnis, role=role)
            Answer.objects.bulk_create(
                [Answer(response=response, item_code=c, value=v) for c, v in values.items()]
            )
            OpenAnswer.objects.bulk_create(
                [
                    OpenAnswer(response=response, question_code=c, text=t)
                    for c, t in texts.items()
                    if t
                ]
            )
    except IntegrityError:  # a second request for the same link won the race
        raise AlreadyAnswered from None
    return response


#: The partner key of respondents who chose "another municipality or organisation".
OTHER_PARTNER = "andere"


#: How long the summary of a closed round stays in the cache (it no longer changes).
SUMMARY_CACHE_SECONDS = 24 * 3600


def round_summary(scan_round: ScanRound, atlas) -> stats.Summary:
    """The figures of a round (:func:`stats.summary` on :func:`round_responses`).

    The anonymity check inside ``stats.summary`` is the costly part: well under a second for an
    IGS of 13 partners, but seconds for a round of 30–60 partners. ``stats.summary`` is a pure
    function of the responses, so its result is kept in the cache under a hash of exactly those
    responses (answers, municipality, centrumstad or not, role kind): a closed round is computed
    once, and any change to what goes in gives another key. An open round shows no figures (see
    ``views_results``) and is not cached.
    """
    responses = round_responses(scan_round, atlas)
    if scan_round.is_open():
        return stats.summary(responses)
    fingerprint = repr(
        [
            (r.respondent_id, r.refnis, r.is_centrumstad, r.role_kind, sorted(r.answers.items()))
            for r in responses
        ]
    )
    key = "scan-samenvatting:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    summary = cache.get(key)
    if summary is None:
        summary = stats.summary(responses)
        cache.set(key, summary, SUMMARY_CACHE_SECONDS)
    return summary


def round_responses(scan_round: ScanRound, atlas) -> list[stats.Response]:
    """The round's responses as input for :func:`samenspel.scan.stats.summary`."""
    munis = atlas.municipalities if atlas else {}
    answers: dict[int, dict[str, int | None]] = {}
    for rid, code, value in Answer.objects.filter(response__round=scan_round).values_list(
        "response_id", "item_code", "value"
    ):
        if code in items.ITEM_CODES:  # an item retired since is left out
            answers.setdefault(rid, {})[code] = value
    out = []
    for rid, refnis, role in (
        ScanResponse.objects.filter(round=scan_round)
        .order_by("id")
        .values_list("id", "refnis", "role")
    ):
        out.append(
            stats.Response(
                respondent_id=rid,
                refnis=refnis or OTHER_PARTNER,
                is_centrumstad=bool(refnis in munis and munis[refnis].is_centrumstad),
                role_kind=items.role_kind(role) if role in items.ROLE_LABELS else "andere",
                answers=answers.get(rid, {}),
            )
        )
    return out


def open_answers(scan_round: ScanRound) -> list[tuple[items.OpenQuestion, list[str]]]:
    """Per open question its answers, shuffled in an order fixed per round (a hash of the round
    and the answer, keyed with the site's secret), so the order says nothing about who
    answered first or from where."""
    secret = f"scan-open:{settings.SECRET_KEY}".encode()
    per_question: dict[str, list[tuple[str, str]]] = {}
    for pk, code, text in OpenAnswer.objects.filter(response__round=scan_round).values_list(
        "pk", "question_code", "text"
    ):
        key = hmac.new(secret, f"{scan_round.pk}:{pk}".encode(), hashlib.sha256).hexdigest()
        per_question.setdefault(code, []).append((key, text))
    return [
        (q, [text for _key, text in sorted(per_question.get(q.code, []))])
        for q in items.OPEN_QUESTIONS
    ]


# --------------------------------------------------------------------------------------------
# Personal data (registered in apps.py)
# --------------------------------------------------------------------------------------------


def export_personal_data(user) -> dict:
    """What the scan keeps about ``user``: the scans they started. Answers hold no personal
    data: a respondent answers through a link without an account, so no answer is theirs."""
    groups = ScanGroup.objects.filter(created_by=user).order_by("created_at", "id")
    return {
        "gestarte_scans": [
            {
                "naam": g.name,
                "igs": g.igs,
                "gemeenten": g.refnis_list,
                "aangemaakt_op": g.created_at.isoformat(),
            }
            for g in groups
        ],
        "antwoorden": (
            "De samenwerkingsscan bewaart geen persoonsgegevens bij antwoorden: wie antwoordt, "
            "doet dat met een persoonlijke link zonder account, en een antwoord is aan geen "
            "account gekoppeld. Daarom staan je antwoorden hier niet."
        ),
    }


def anonymise_personal_data(user) -> int:
    """On deletion of ``user``: the scans they started stay (they belong to the partners), but
    no longer name their creator, also not in their history. Returns the number of scans
    changed."""
    ScanGroup.history.filter(created_by=user).update(created_by=None)
    return ScanGroup.objects.filter(created_by=user).update(created_by=None)
