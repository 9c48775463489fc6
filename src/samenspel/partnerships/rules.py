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
  Contiguity of the area is *not* a 2027 condition in any source: it is reported as advice,
  and the stricter reading is the named assumption :data:`CONTIGUITY_2027`.

Every figure of a rule (85.000, 0,90 €, 100.000 €, 75 %) is written here once; the cost game of
the Verdeelsleutel, the pages and the CLI read it from the rule set.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from samenspel.core.numbers import format_eur, format_number, format_rate, to_cents

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
    municipal_budget: Decimal | float | None = None  # what the municipalities pay, if known

    @property
    def contiguous(self) -> bool:
        return len(self.components) == 1


@dataclass(frozen=True)
class Finding:
    rule: str
    ok: bool | None  # None: cannot be judged with the data at hand
    text: str
    advisory: bool = False  # reported, but no condition of the rules (it never blocks)


# --- conditions --------------------------------------------------------------------------


@dataclass(frozen=True)
class MinMunicipalities:
    minimum: int
    source: str
    code: str = "min_gemeenten"

    def check(self, f: PartnershipFacts, subsidy: Decimal, need: Decimal) -> Finding:
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
    """The municipalities form one contiguous area. A condition of the 2020 rules; under the
    2027 rules only an advisory finding (``advisory=True``), unless the user switches on the
    assumption :data:`CONTIGUITY_2027`."""

    source: str
    advisory: bool = False
    code: str = "aaneengesloten"

    def check(self, f: PartnershipFacts, subsidy: Decimal, need: Decimal) -> Finding:
        notes = "".join(f"; {n}" for n in f.territory_notes)
        prefix = "advies: " if self.advisory else ""
        suffix = " (geen voorwaarde vanaf 2027)" if self.advisory else ""
        if not f.components:
            return Finding(self.code, False, "er zijn geen gemeenten", self.advisory)
        if f.contiguous:
            return Finding(
                self.code,
                True,
                "de gemeenten grenzen aan elkaar (één aaneengesloten gebied)" + notes,
                self.advisory,
            )
        parts = len(f.components)
        word = NUMBER_WORDS.get(parts, str(parts))
        return Finding(
            self.code,
            False,
            prefix
            + f"de gemeenten vormen geen aaneengesloten gebied maar {word} losse delen"
            + notes
            + suffix,
            self.advisory,
        )


@dataclass(frozen=True)
class MinPopulation:
    minimum: int
    source: str
    code: str = "min_inwoners"

    def check(self, f: PartnershipFacts, subsidy: Decimal, need: Decimal) -> Finding:
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

    def check(self, f: PartnershipFacts, subsidy: Decimal, need: Decimal) -> Finding:
        if not f.regions:
            return Finding(self.code, False, "ligt in geen enkele referentieregio: geen gemeenten")
        if len(f.regions) == 1:
            return Finding(self.code, True, f"ligt in één referentieregio: {next(iter(f.regions))}")
        listed = ", ".join(
            f"{r} ({n})" for r, n in sorted(f.regions.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        word = NUMBER_WORDS.get(len(f.regions), str(len(f.regions)))
        return Finding(self.code, False, f"ligt in {word} referentieregio's: {listed}")


@dataclass(frozen=True)
class Cofinancing:
    """The municipalities pay at least the rule set's share of the Flemish subsidy."""

    source: str
    code: str = "cofinanciering"

    def check(self, f: PartnershipFacts, subsidy: Decimal, need: Decimal) -> Finding:
        if f.municipal_budget is None:
            return Finding(
                self.code,
                None,
                f"de gemeenten moeten samen minstens {format_eur(need)}"
                " inbrengen; hun bijdrage is niet gekend",
            )
        budget = to_cents(f.municipal_budget)
        if budget >= need:
            return Finding(
                self.code,
                True,
                f"de gemeenten brengen {format_eur(budget)} in (minstens {format_eur(need)})",
            )
        return Finding(
            self.code,
            False,
            f"de gemeenten brengen {format_eur(budget)} in, {format_eur(need - budget)} te weinig",
        )


@dataclass(frozen=True)
class Subsidy:
    """Flemish subsidy = per_inhabitant × inhabitants, at least ``minimum``, at most ``maximum``.

    With no per-inhabitant rate the subsidy is the maximum (a ceiling, 'maximaal'). The
    municipalities add at least ``cofinancing_ratio`` × the subsidy. Amounts are Decimal euros,
    rounded to cents by the one money rule of :func:`samenspel.core.numbers.to_cents`.
    """

    per_inhabitant: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    cofinancing_ratio: Decimal
    source: str

    def amount(self, population: int) -> Decimal:
        if self.per_inhabitant is None:
            return to_cents(self.maximum or 0)
        value = self.per_inhabitant * population
        if self.minimum is not None:
            value = max(value, self.minimum)
        if self.maximum is not None:
            value = min(value, self.maximum)
        return to_cents(value)

    def cofinancing(self, population: int) -> Decimal:
        """The least the municipalities must add together."""
        return to_cents(self.amount(population) * self.cofinancing_ratio)

    def describe(self) -> str:
        """The formula in words, e.g. 'max(0,90 € per inwoner, 100.000 €)'."""
        if self.per_inhabitant is None:
            return f"hoogstens {format_eur(self.maximum or 0, 0)} per jaar"
        text = f"{format_rate(self.per_inhabitant)} per inwoner"
        if self.minimum is not None:
            text = f"max({text}, {format_eur(self.minimum, 0)})"
        if self.maximum is not None:
            text = f"min({text}, {format_eur(self.maximum, 0)})"
        return text


@dataclass(frozen=True)
class Transition:
    """A transition period for an IGS that fails only the inhabitant threshold: it must have at
    least ``min_municipalities`` adjoining municipalities (so its area must be contiguous)."""

    until_year: int
    min_municipalities: int
    source: str


@dataclass(frozen=True)
class Assumption:
    """A reading that no source states, which the user can switch on. It is shown beside every
    result it changes, and never changes a verdict unless the user chose it."""

    code: str
    label: str
    text: str


CONTIGUITY_2027 = Assumption(
    code="aaneengesloten",
    label="Aaneengesloten gebied als voorwaarde vanaf 2027",
    text=(
        "Geen bron stelt dat het gebied van een IGS vanaf 2027 aaneengesloten moet zijn: "
        "het decreet van 2024 vraagt minstens 85.000 inwoners in één referentieregio; "
        "'aangrenzende gemeenten' staat alleen in de overgangsregeling. Met deze strengere "
        "lezing aan komt een gebied uit losse delen niet in aanmerking."
    ),
)
ASSUMPTIONS = {a.code: a for a in (CONTIGUITY_2027,)}


@dataclass(frozen=True)
class RuleSet:
    code: str
    label: str
    conditions: tuple
    subsidy: Subsidy
    period: tuple[date, date]  # the recognition period the rules belong to
    transition: Transition | None = None
    assumptions: frozenset[str] = frozenset()  # codes of the assumptions switched on

    @property
    def min_population(self) -> int | None:
        for c in self.conditions:
            if isinstance(c, MinPopulation):
                return c.minimum
        return None

    @property
    def requires_one_region(self) -> bool:
        return any(isinstance(c, OneRegion) for c in self.conditions)

    @property
    def requires_contiguity(self) -> bool:
        return any(isinstance(c, Contiguous) and not c.advisory for c in self.conditions)

    def with_assumptions(self, *, contiguous: bool = False) -> RuleSet:
        """The same rules read with the chosen assumptions: ``contiguous`` makes the advisory
        contiguity finding of the 2027 rules a condition (:data:`CONTIGUITY_2027`)."""
        if not contiguous or self.requires_contiguity:
            return self
        conditions = tuple(
            replace(c, advisory=False) if isinstance(c, Contiguous) else c for c in self.conditions
        )
        return replace(
            self,
            conditions=conditions,
            assumptions=self.assumptions | {CONTIGUITY_2027.code},
        )

    def reading(self) -> str:
        """Which reading is in force, in one Dutch sentence (shown beside every verdict)."""
        if CONTIGUITY_2027.code in self.assumptions:
            return "Strengere lezing (aanname, geen bron): het gebied moet ook aaneengesloten zijn."
        if any(isinstance(c, Contiguous) and c.advisory for c in self.conditions):
            return (
                "Lezing volgens de bronnen: minstens "
                f"{format_number(self.min_population or 0)} inwoners in één referentieregio; "
                "of het gebied aaneengesloten is, staat er als advies bij."
            )
        return ""


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
    label="2020–2026 (decreet van 15 juni 2018, verlengd tot eind 2026)",
    conditions=(
        MinMunicipalities(4, SOURCE_2018),
        Contiguous(SOURCE_2018),
        Cofinancing(SOURCE_2018),
    ),
    subsidy=Subsidy(
        per_inhabitant=None,
        minimum=None,
        maximum=Decimal(100_000),
        cofinancing_ratio=Decimal(1),
        source="max. 100.000 euro per werkjaar (cultuurbovenlokaal.be, 26/2/2019)",
    ),
    # Extended by one year to 31 Dec 2026 (Grimbergen council on Noordrand; De Federatie).
    period=(date(2020, 1, 1), date(2026, 12, 31)),
)

RULES_2027 = RuleSet(
    code="2027",
    label="vanaf 2027 (decreet van 6 maart 2024)",
    conditions=(
        MinPopulation(85_000, SOURCE_2024),
        OneRegion(
            SOURCE_2024 + "; cultuuroptil.be/intergemeentelijk-samenwerkingsverband-oprichten"
        ),
        Contiguous(
            "geen bron: het decreet van 2024 noemt aangrenzende gemeenten alleen voor de "
            "overgangsregeling",
            advisory=True,
        ),
        Cofinancing(SOURCE_2024),
    ),
    subsidy=Subsidy(
        per_inhabitant=Decimal("0.90"),
        minimum=Decimal(100_000),
        maximum=None,
        cofinancing_ratio=Decimal("0.75"),
        source=SOURCE_2024,
    ),
    period=(date(2027, 1, 1), date(2032, 12, 31)),
    transition=Transition(
        2032,
        4,
        "VVSG, 16 april 2024: overgangsperiode tot 2032 voor IGS "
        "onder 85.000 inwoners met minstens 4 aangrenzende gemeenten",
    ),
)

RULE_SETS = {r.code: r for r in (RULES_2020, RULES_2027)}

# The period the rule sets cover: reference dates outside it are not about these rules.
RULES_PERIOD = (
    min(r.period[0] for r in RULE_SETS.values()),
    max(r.period[1] for r in RULE_SETS.values()),
)


def clamp_to_period(on: date) -> tuple[date, str | None]:
    """``on`` kept inside :data:`RULES_PERIOD`, with a Dutch sentence when it was outside it
    (which period the data covers and which date is shown instead)."""
    first, last = RULES_PERIOD
    if first <= on <= last:
        return on, None
    shown = first if on < first else last
    return shown, (
        f"De gegevens gaan over {first:%d/%m/%Y} tot en met {last:%d/%m/%Y}; "
        f"{on:%d/%m/%Y} valt daarbuiten. Samenspel toont {shown:%d/%m/%Y}."
    )


def rule_set(code: str, *, contiguous: bool = False) -> RuleSet:
    """The rule set ``code`` ('2020' or '2027') read with the chosen assumptions."""
    if code not in RULE_SETS:
        raise ValueError(f"Onbekende regels '{code}'. Kies uit: {', '.join(RULE_SETS)}.")
    return RULE_SETS[code].with_assumptions(contiguous=contiguous)


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
    potential_subsidy_eur: Decimal  # what it would get if it met the rules
    potential_cofinancing_eur: Decimal
    reading: str = ""
    ended: bool = False

    @property
    def qualifies(self) -> bool:
        return self.eligible or bool(self.transition_eligible)

    @property
    def subsidy_eur(self) -> Decimal:
        """The Flemish subsidy it gets under these rules: nothing when it does not qualify."""
        return self.potential_subsidy_eur if self.qualifies else Decimal(0)

    @property
    def min_cofinancing_eur(self) -> Decimal:
        return self.potential_cofinancing_eur if self.qualifies else Decimal(0)

    @property
    def advice(self) -> list[str]:
        return [x.text for x in self.findings if x.advisory]

    @property
    def verdict(self) -> str:
        if self.ended:
            return "opgeheven"
        if self.eligible:
            return "komt in aanmerking"
        if self.transition_eligible:
            return "komt in aanmerking via de overgangsregeling"
        return "komt niet in aanmerking"


def evaluate(rules: RuleSet, f: PartnershipFacts) -> Eligibility:
    """Apply ``rules`` to one IGS (or any group of municipalities).

    A condition that cannot be judged with the data at hand (no budget) does not block
    eligibility but is listed among the reasons; an advisory finding (contiguity under the 2027
    rules as the sources state them) is reported and never blocks. An empty group meets no
    rule: it gets no subsidy.
    """
    potential = rules.subsidy.amount(f.population)
    need = rules.subsidy.cofinancing(f.population)
    if f.member_count == 0:
        text = "heeft op deze datum geen leden: er is geen gebied om aan de regels te toetsen"
        finding = Finding("leden", False, text)
        return Eligibility(
            slug=f.slug,
            rules=rules.code,
            population=0,
            referentieregios={},
            contiguous=False,
            eligible=False,
            transition_eligible=False if rules.transition else None,
            reasons=[text],
            findings=[finding],
            potential_subsidy_eur=Decimal(0),
            potential_cofinancing_eur=Decimal(0),
            reading=rules.reading(),
            ended=True,
        )
    findings = [c.check(f, potential, need) for c in rules.conditions]
    failed = [x for x in findings if x.ok is False and not x.advisory]
    eligible = not failed
    transition = None
    if rules.transition is not None:
        transition = False
        only_population = failed and all(x.rule == MinPopulation.code for x in failed)
        adjoining = f.contiguous and f.member_count >= rules.transition.min_municipalities
        if only_population and adjoining:
            transition = True
            findings.append(
                Finding(
                    "overgang",
                    True,
                    f"kan tot {rules.transition.until_year} verder via de overgangsregeling "
                    f"({f.member_count} aangrenzende gemeenten, minstens "
                    f"{rules.transition.min_municipalities})",
                )
            )
        elif only_population:
            why = (
                f"telt maar {f.member_count} gemeenten"
                if f.member_count < rules.transition.min_municipalities
                else "de gemeenten grenzen niet allemaal aan elkaar"
            )
            findings.append(
                Finding(
                    "overgang",
                    False,
                    f"de overgangsregeling tot {rules.transition.until_year} vraagt minstens "
                    f"{rules.transition.min_municipalities} aangrenzende gemeenten: {why}",
                )
            )
    if eligible:
        reasons = [x.text for x in findings if not x.advisory]
    else:
        reasons = [x.text for x in findings if x.ok is not True and not x.advisory]
        if transition:
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
        potential_subsidy_eur=potential,
        potential_cofinancing_eur=need,
        reading=rules.reading(),
    )
