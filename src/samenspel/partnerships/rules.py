"""Eligibility of an IGS for the Flemish operating subsidy, per decree period (pure: no Django).

The rules of each period are *data*: a :class:`RuleSet` lists its conditions and its subsidy
formula, each with its source, and one small engine (:func:`evaluate`) applies any rule set.
A new decree period is a new ``RuleSet`` value, not new ``if``-statements.

Sources (see ``shared/docs/domein-onderzoek.md`` §1.4):

* 2020–2025: decreet bovenlokale cultuurwerking of 15 June 2018; conditions on
  cultuurbovenlokaal.be/intergemeentelijk/werkingssubsidie-voor-igs/voorwaarden; amount
  "max. 100.000 euro per werkjaar" (cultuurbovenlokaal.be, 26 Feb 2019).
* from 2027: decree adopted 6 March 2024, uitvoeringsbesluit 26 April 2024; financing as in the
  draft uitvoeringsbesluit of 15 December 2023 summarised by OP/TIL: €0.90 per inhabitant,
  minimum €100,000, local cofinancing at least 75 %; transition until 2032 for an IGS below
  85,000 inhabitants with at least 4 neighbouring municipalities (VVSG, 16 April 2024).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from samenspel.core.numbers import format_eur, format_number

NUMBER_WORDS = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes"}


@dataclass
class PartnershipFacts:
    """What the rules need to know about one IGS at a reference date."""

    slug: str
    name: str
    member_count: int  # municipalities as they were when they joined, active at the date
    population: int  # inhabitants of the 2025 municipalities fully inside the IGS
    regions: Counter  # referentieregio name -> number of 2025 municipalities of the IGS
    components: list[list[str]]  # connected parts of its territory (2025 codes)
    territory_notes: list[str] = field(default_factory=list)  # Voeren, Baarle-Hertog, …
    partly: list[str] = field(default_factory=list)  # names of partly covered municipalities
    municipal_budget: float | None = None  # what the municipalities pay together, if known

    @property
    def contiguous(self) -> bool:
        return len(self.components) <= 1


@dataclass(frozen=True)
class Finding:
    rule: str
    ok: bool | None  # None: cannot be judged with the data at hand
    text: str


# --- conditions --------------------------------------------------------------------------


@dataclass(frozen=True)
class MinMunicipalities:
    minimum: int
    source: str
    code: str = "min_gemeenten"

    def check(self, f: PartnershipFacts, subsidy: float) -> Finding:
        n = f.member_count
        if n >= self.minimum:
            return Finding(self.code, True, f"telt {n} gemeenten (minstens {self.minimum})")
        return Finding(
            self.code,
            False,
            f"telt {n} gemeenten, {self.minimum - n} te weinig (minstens {self.minimum})",
        )


@dataclass(frozen=True)
class Contiguous:
    source: str
    code: str = "aaneengesloten"

    def check(self, f: PartnershipFacts, subsidy: float) -> Finding:
        notes = "".join(f"; {n}" for n in f.territory_notes)
        if f.contiguous:
            return Finding(
                self.code,
                True,
                "de gemeenten grenzen aan elkaar (één aaneengesloten gebied)" + notes,
            )
        parts = len(f.components)
        word = NUMBER_WORDS.get(parts, str(parts))
        return Finding(
            self.code,
            False,
            f"de gemeenten vormen geen aaneengesloten gebied maar {word} losse delen" + notes,
        )


@dataclass(frozen=True)
class MinPopulation:
    minimum: int
    source: str
    code: str = "min_inwoners"

    def check(self, f: PartnershipFacts, subsidy: float) -> Finding:
        p = f.population
        partly = ""
        if f.partly:
            partly = f" (zonder {', '.join(f.partly)}, dat maar gedeeltelijk lid is)"
        if p >= self.minimum:
            return Finding(
                self.code,
                True,
                f"telt {format_number(p)} inwoners (minstens "
                f"{format_number(self.minimum)}){partly}",
            )
        return Finding(
            self.code,
            False,
            f"telt {format_number(p)} inwoners, "
            f"{format_number(self.minimum - p)} te weinig{partly}",
        )


@dataclass(frozen=True)
class OneRegion:
    source: str
    code: str = "een_referentieregio"

    def check(self, f: PartnershipFacts, subsidy: float) -> Finding:
        if len(f.regions) <= 1:
            name = next(iter(f.regions), "geen")
            return Finding(self.code, True, f"ligt in één referentieregio: {name}")
        listed = ", ".join(
            f"{r} ({n})" for r, n in sorted(f.regions.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        word = NUMBER_WORDS.get(len(f.regions), str(len(f.regions)))
        return Finding(self.code, False, f"ligt in {word} referentieregio's: {listed}")


@dataclass(frozen=True)
class Cofinancing:
    ratio: float  # municipalities pay at least ratio × Flemish subsidy
    source: str
    code: str = "cofinanciering"

    def check(self, f: PartnershipFacts, subsidy: float) -> Finding:
        need = self.ratio * subsidy
        if f.municipal_budget is None:
            return Finding(
                self.code,
                None,
                f"de gemeenten moeten samen minstens {format_eur(need)}"
                " inbrengen; hun bijdrage is niet gekend",
            )
        if f.municipal_budget >= need:
            return Finding(
                self.code,
                True,
                f"de gemeenten brengen {format_eur(f.municipal_budget)}"
                f" in (minstens {format_eur(need)})",
            )
        return Finding(
            self.code,
            False,
            f"de gemeenten brengen {format_eur(f.municipal_budget)} "
            f"in, {format_eur(need - f.municipal_budget)} te weinig",
        )


@dataclass(frozen=True)
class Subsidy:
    """Flemish subsidy = per_inhabitant × inhabitants, at least ``minimum``, at most ``maximum``.

    With no per-inhabitant rate the subsidy is the maximum (a ceiling, 'maximaal').
    """

    per_inhabitant: float | None
    minimum: float | None
    maximum: float | None
    cofinancing_ratio: float
    source: str

    def amount(self, population: int) -> float:
        if self.per_inhabitant is None:
            return float(self.maximum or 0)
        value = self.per_inhabitant * population
        if self.minimum is not None:
            value = max(value, self.minimum)
        if self.maximum is not None:
            value = min(value, self.maximum)
        return round(value, 2)


@dataclass(frozen=True)
class Transition:
    """A transition period for an IGS that fails only the inhabitant threshold."""

    until_year: int
    min_municipalities: int
    source: str


@dataclass(frozen=True)
class RuleSet:
    code: str
    label: str
    conditions: tuple
    subsidy: Subsidy
    transition: Transition | None = None


SOURCE_2018 = (
    "Decreet bovenlokale cultuurwerking van 15 juni 2018; voorwaarden op "
    "cultuurbovenlokaal.be/intergemeentelijk/werkingssubsidie-voor-igs/voorwaarden"
)
SOURCE_2024 = (
    "Decreet bovenlokale cultuurwerking van 6 maart 2024 en uitvoeringsbesluit van "
    "26 april 2024; financiering volgens OP/TIL over het ontwerp van 15 december 2023"
)

RULES_2020 = RuleSet(
    code="2020",
    label="2020–2025 (decreet van 15 juni 2018)",
    conditions=(
        MinMunicipalities(4, SOURCE_2018),
        Contiguous(SOURCE_2018),
        Cofinancing(1.0, SOURCE_2018),
    ),
    subsidy=Subsidy(
        per_inhabitant=None,
        minimum=None,
        maximum=100_000,
        cofinancing_ratio=1.0,
        source="max. 100.000 euro per werkjaar (cultuurbovenlokaal.be, 26/2/2019)",
    ),
)

RULES_2027 = RuleSet(
    code="2027",
    label="vanaf 2027 (decreet van 6 maart 2024)",
    conditions=(
        MinPopulation(85_000, SOURCE_2024),
        OneRegion(
            SOURCE_2024 + "; cultuuroptil.be/intergemeentelijk-samenwerkingsverband-oprichten"
        ),
        Contiguous(SOURCE_2024),
        Cofinancing(0.75, SOURCE_2024),
    ),
    subsidy=Subsidy(
        per_inhabitant=0.90,
        minimum=100_000,
        maximum=None,
        cofinancing_ratio=0.75,
        source=SOURCE_2024,
    ),
    transition=Transition(
        2032,
        4,
        "VVSG, 16 april 2024: overgangsperiode tot 2032 voor IGS "
        "onder 85.000 inwoners met minstens 4 aangrenzende gemeenten",
    ),
)

RULE_SETS = {r.code: r for r in (RULES_2020, RULES_2027)}


@dataclass
class Eligibility:
    slug: str
    rules: str
    population: int
    referentieregios: dict[str, int]
    contiguous: bool
    eligible: bool
    transition_eligible: bool | None
    reasons: list[str]
    findings: list[Finding]
    subsidy_eur: float
    min_cofinancing_eur: float

    @property
    def verdict(self) -> str:
        if self.eligible:
            return "komt in aanmerking"
        if self.transition_eligible:
            return "komt in aanmerking via de overgangsregeling"
        return "komt niet in aanmerking"


def evaluate(rules: RuleSet, f: PartnershipFacts) -> Eligibility:
    """Apply ``rules`` to one IGS. Unknown conditions (no budget) do not block eligibility,
    but are listed among the reasons."""
    subsidy = rules.subsidy.amount(f.population)
    findings = [c.check(f, subsidy) for c in rules.conditions]
    failed = [x for x in findings if x.ok is False]
    eligible = not failed
    transition = None
    if rules.transition is not None:
        transition = False
        only_population = failed and all(x.rule == MinPopulation.code for x in failed)
        if only_population and f.member_count >= rules.transition.min_municipalities:
            transition = True
            findings.append(
                Finding(
                    "overgang",
                    True,
                    f"kan tot {rules.transition.until_year} "
                    "verder via de overgangsregeling (minstens "
                    f"{rules.transition.min_municipalities} aangrenzende "
                    "gemeenten)",
                )
            )
    reasons = (
        [x.text for x in findings if x.ok is not True]
        if not eligible
        else [x.text for x in findings]
    )
    if not eligible and transition:
        reasons.append(findings[-1].text)
    return Eligibility(
        slug=f.slug,
        rules=rules.code,
        population=f.population,
        referentieregios=dict(f.regions),
        contiguous=f.contiguous,
        eligible=eligible,
        transition_eligible=transition,
        reasons=reasons,
        findings=findings,
        subsidy_eur=subsidy,
        min_cofinancing_eur=round(subsidy * rules.subsidy.cofinancing_ratio, 2),
    )
