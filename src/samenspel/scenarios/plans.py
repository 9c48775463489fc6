"""The announced plans for 2027 (``cultuur/igs-plannen-2027.csv`` of a bundle) as a scenario
(pure, no Django).

One row per municipality of a plan::

    plan_id,plan,kind,igs_id,member_name,refnis_2025,from_date,status,source,note

``kind`` is what the plan does (:data:`PLAN_KINDS`):

* ``new_igs``: the municipalities named form a new IGS (a new group);
* ``join``: the municipality joins the IGS ``igs_id`` (it leaves the group it was in);
* ``prepare``: a municipality prepares an IGS; with two or more municipalities named they form a
  group, with one (the partners are not known) it changes nothing and is reported as a note;
* ``split``: the area of IGS ``igs_id`` would be split; the municipalities named (if any) leave
  it and form a group of their own, without any it changes nothing and is reported as a note.

:func:`read_plans` reads the file all or nothing: a bad row raises :class:`PlanError` with file,
line and field (Dutch). :func:`apply_plans` applies the plans to a scenario of today's situation
and returns the ``plan-2027`` scenario, with a note per plan on what it did.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from samenspel.scenarios.evaluate import Group, Scenario

FILE = "igs-plannen-2027.csv"
#: kind → Dutch label
PLAN_KINDS = {
    "new_igs": "nieuwe IGS",
    "join": "toetreding",
    "prepare": "voorbereiding",
    "split": "opsplitsing",
}
#: status → Dutch label
STATUSES = {
    "plan": "plan",
    "intention": "intentie",
    "decision": "beslissing om voor te bereiden",
    "risk": "risico",
}
COLUMNS = ("plan_id", "plan", "kind", "igs_id", "member_name", "refnis_2025", "from_date", "status")
REFNIS = re.compile(r"^\d{5}$")
MAX_ROWS = 10_000


class PlanError(ValueError):
    """A bad plans file; the message (Dutch) names file, line and field."""


@dataclass(frozen=True)
class Plan:
    plan_id: str
    title: str
    kind: str
    igs: str | None
    members: tuple[tuple[str, str], ...]  # (REFNIS 2025, name as written)
    start: date
    status: str
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    line: int  # first line of the plan in the file

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.members)

    @property
    def label(self) -> str:
        """Dutch: what the plan does and how firm it is, e.g. 'toetreding (intentie)'."""
        return f"{PLAN_KINDS[self.kind].capitalize()} ({STATUSES.get(self.status, self.status)})"


def read_plans(directory: str | Path, known: Mapping | set | None = None) -> list[Plan]:
    """The plans of ``directory/igs-plannen-2027.csv`` in file order (empty when the file is
    missing). ``known`` (REFNIS codes) rejects unknown municipalities."""
    path = Path(directory) / FILE
    if not path.exists():
        return []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = list(reader.fieldnames or [])
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PlanError(f"{FILE}: kan het bestand niet lezen ({exc})") from None
    if len(rows) > MAX_ROWS:
        raise PlanError(f"{FILE}: te veel regels (hoogstens {MAX_ROWS})")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise PlanError(f"{FILE}, regel 1: kolom(men) ontbreken: {', '.join(missing)}")
    plans: dict[str, dict] = {}
    for line, row in enumerate(rows, start=2):

        def field(name: str, row=row) -> str:
            return (row.get(name) or "").strip()

        def bad(name: str, why: str, line=line) -> PlanError:
            return PlanError(f"{FILE}, regel {line}, veld '{name}': {why}")

        plan_id, kind = field("plan_id"), field("kind")
        if not plan_id:
            raise bad("plan_id", "leeg")
        if kind not in PLAN_KINDS:
            raise bad("kind", f"'{kind}' onbekend (kies uit {', '.join(PLAN_KINDS)})")
        status = field("status")
        if status not in STATUSES:
            raise bad("status", f"'{status}' onbekend (kies uit {', '.join(STATUSES)})")
        try:
            start = date.fromisoformat(field("from_date"))
        except ValueError:
            raise bad("from_date", f"'{field('from_date')}' is geen datum (jjjj-mm-dd)") from None
        code = field("refnis_2025")
        if code and not REFNIS.match(code):
            raise bad("refnis_2025", f"'{code}' is geen REFNIS-code (vijf cijfers)")
        if code and known is not None and code not in known:
            raise bad("refnis_2025", f"onbekende gemeente {code}")
        if kind in ("new_igs", "join") and not code:
            raise bad("refnis_2025", f"een {PLAN_KINDS[kind]} noemt een gemeente")
        igs = field("igs_id") or None
        if kind in ("join", "split") and not igs:
            raise bad("igs_id", f"een {PLAN_KINDS[kind]} noemt de IGS")
        plan = plans.get(plan_id)
        if plan is None:
            plan = plans[plan_id] = {
                "plan_id": plan_id,
                "title": field("plan") or plan_id,
                "kind": kind,
                "igs": igs,
                "members": [],
                "start": start,
                "status": status,
                "sources": [],
                "notes": [],
                "line": line,
            }
        elif plan["kind"] != kind or plan["igs"] != igs:
            raise bad("kind", f"plan '{plan_id}' begon op regel {plan['line']} als ander soort")
        if code:
            if code in (c for c, _ in plan["members"]):
                raise bad("refnis_2025", f"gemeente {code} staat twee keer in plan '{plan_id}'")
            plan["members"].append((code, field("member_name") or code))
        for name, target in (("source", "sources"), ("note", "notes")):
            text = field(name).strip('"').strip()
            if text and text not in plan[target]:
                plan[target].append(text)
    return [
        Plan(**{k: tuple(v) if isinstance(v, list) else v for k, v in p.items()})
        for p in plans.values()
    ]


def apply_plans(
    today: Scenario,
    plans: list[Plan],
    names: Mapping[str, str] | None = None,
    *,
    title: str = "Aangekondigde plannen voor 2027",
) -> Scenario:
    """``today`` (the groups of today's IGS) with ``plans`` applied, as a ``plan-2027``
    scenario under the 2027 rules; every plan adds a Dutch note saying what it did."""
    names = names or {}
    groups = list(today.groups)
    notes = []

    def name(code: str) -> str:
        return names.get(code, code)

    def take_out(codes) -> list[str]:
        """Remove ``codes`` from every group; the names of the groups they left."""
        left = []
        for k, g in enumerate(groups):
            keep = tuple(c for c in g.members if c not in codes)
            if len(keep) != len(g.members):
                left.append(g.name)
                groups[k] = replace(g, members=keep)
        return left

    for p in plans:
        what = f"{p.label}, {p.start:%d/%m/%Y}: "
        if p.kind == "join":
            target = next((k for k, g in enumerate(groups) if g.continues == p.igs), None)
            if target is None:
                notes.append(
                    what + f"de IGS '{p.igs}' bestaat niet op deze datum; niets veranderd."
                )
                continue
            left = take_out(set(p.codes) - set(groups[target].members))
            g = groups[target]
            groups[target] = replace(g, members=g.members + p.codes)
            joined = ", ".join(name(c) for c in p.codes)
            extra = f" (verlaat {', '.join(left)})" if left else ""
            notes.append(what + f"{joined} treedt toe tot {g.name}{extra}.")
        elif p.kind == "new_igs" or (p.kind == "prepare" and len(p.codes) >= 2):
            left = take_out(set(p.codes))
            groups.append(Group(p.title, p.codes))
            extra = f"; ze verlaten {', '.join(sorted(set(left)))}" if left else ""
            notes.append(
                what + f"nieuwe groep van {len(p.codes)} gemeenten "
                f"({', '.join(name(c) for c in p.codes)}){extra}."
            )
        elif p.kind == "split" and p.codes:
            source = next((g for g in groups if g.continues == p.igs), None)
            take_out(set(p.codes))
            groups.append(Group(p.title, p.codes))
            where = source.name if source else p.igs
            notes.append(
                what + f"{', '.join(name(c) for c in p.codes)} gaan uit {where} en vormen een "
                "eigen groep."
            )
        elif p.kind == "split":
            source = next((g.name for g in groups if g.continues == p.igs), p.igs)
            notes.append(
                what + f"het gebied van {source} zou gesplitst worden; het bestand noemt geen "
                "gemeenten, dus de groepen blijven zoals ze zijn."
            )
        else:
            who = name(p.codes[0]) if p.codes else "een gemeente"
            notes.append(
                what + f"{who} bereidt een IGS voor; de partners zijn nog niet gekend, dus de "
                "groepen blijven zoals ze zijn."
            )
    groups = [g for g in groups if g.members]
    return Scenario(
        title=title,
        kind="plan-2027",
        on=today.on,
        rules="2027",
        groups=tuple(groups),
        contiguous=today.contiguous,
        notes=today.notes + tuple(notes),
    )
