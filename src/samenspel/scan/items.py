"""The Samenwerkingsscan's questionnaire: statements per dimension, open questions, roles, scale.

Pure module (no Django). The web layer (models, forms, pages) and :mod:`samenspel.scan.stats`
read everything from here; the documentation of the instrument is ``docs/samenwerkingsscan.md``.

Public API
----------
* :data:`ITEMS` -- ``list[Item]``: every statement, in the order the scan shows them (grouped
  per dimension, dimensions in the order of :data:`DIMENSIONS`).
* :data:`OPEN_QUESTIONS` -- ``list[OpenQuestion]``.
* :func:`items_for` (dimension code -> its items), :func:`item` (item code -> item, ``KeyError``
  if unknown), :data:`ITEM_CODES`.
* :data:`DIMENSIONS` (codes, = ``network.themes.SCAN_DIMENSIONS``) and :data:`DIMENSION_LABELS`
  (code -> Dutch label).
* :data:`SCALE` -- ``[(1, "helemaal oneens"), ..., (5, "helemaal eens")]``; no answer ("weet
  niet / niet van toepassing") is stored as ``None``. :data:`SCALE_MIN`, :data:`SCALE_MAX`.
* :data:`FACTORS` / :data:`FACTOR_LABELS` / :func:`factor` -- the 20 success factors of
  Mattessich, Murray-Close & Monsey (2001) that each item refers to.
* :data:`ROLES_FOR_SCAN` -- the roles a respondent chooses from, each with its kind
  (:data:`ROLE_KINDS`: ``"ambtelijk"``, ``"politiek"``, ``"andere"``); :func:`role_kind`,
  :data:`ROLE_LABELS`.
* :func:`scored` -- the value of an answer after reverse keying (``6 - x`` for reverse items).

The statements
--------------
Written for this scan, in plain Dutch, for culture officials and schepenen of a group of
municipalities (an existing IGS, or a group that considers cooperating). They do not copy the
statements of the Wilder Collaboration Factors Inventory or of any other instrument: the
validated factors only decide *what* each dimension should cover. Every item names the factor it
measures (``factor``, a code of :data:`FACTORS`) and the finding of the KU Leuven research for
OP/TIL that it serves (``finding``, a Dutch paraphrase, and ``section``, the heading of the
summary it comes from: ``shared/docs/onderzoek-centrumsteden-samenvatting.txt``).

Reverse-keyed items (``reverse=True``) are worded so that agreeing is the *unfavourable* answer
(workload, dominance, fear of losing proximity ...). They are scored ``6 - x`` so that for every
item and every dimension a higher score is the better situation for the cooperation.
"""

from __future__ import annotations

from dataclasses import dataclass

from samenspel.core.numbers import format_number
from samenspel.network.themes import SCAN_DIMENSIONS, THEME_LABELS
from samenspel.partnerships.rules import RULES_2027

#: The 2027 floor, from the rule set (never typed here: tests/partnerships/test_rules_sources.py).
_MIN_2027 = format_number(RULES_2027.min_population or 0)

# --------------------------------------------------------------------------------------------
# Scale
# --------------------------------------------------------------------------------------------

SCALE_MIN = 1
SCALE_MAX = 5
#: The 5-point agreement scale. "Weet niet / niet van toepassing" is not a point of the scale:
#: it is stored as ``None`` and left out of every figure.
SCALE: list[tuple[int, str]] = [
    (1, "helemaal oneens"),
    (2, "oneens"),
    (3, "noch eens, noch oneens"),
    (4, "eens"),
    (5, "helemaal eens"),
]
SCALE_LABELS = dict(SCALE)
NO_ANSWER_LABEL = "weet niet / niet van toepassing"

# --------------------------------------------------------------------------------------------
# Dimensions (shared with the practice library's themes)
# --------------------------------------------------------------------------------------------

DIMENSIONS: list[str] = list(SCAN_DIMENSIONS)
DIMENSION_LABELS: dict[str, str] = {code: THEME_LABELS[code] for code in DIMENSIONS}

# --------------------------------------------------------------------------------------------
# The 20 factors of Mattessich, Murray-Close & Monsey (2001)
# --------------------------------------------------------------------------------------------

#: Reference for :data:`FACTORS`.
FACTORS_REFERENCE = (
    "Mattessich, P. W., Murray-Close, M. & Monsey, B. R. (2001). Collaboration: What Makes It "
    "Work. A Review of Research Literature on Factors Influencing Successful Collaboration "
    "(2nd ed.). Saint Paul, MN: Amherst H. Wilder Foundation (Fieldstone Alliance). "
    "The 20 factors in 6 categories are measured by the Wilder Collaboration Factors Inventory. "
    "The first edition (Mattessich & Monsey, 1992) had 19 factors; the 3rd edition "
    "(Mattessich, P. W. & Johnson, K. M., 2018) has 22 factors (and an inventory of 44 "
    "statements). This scan refers to the 20 factors of the 2nd edition."
)


@dataclass(frozen=True)
class Factor:
    code: str
    category: str  # the book's category, English
    name: str  # the factor's English name as in the book
    label: str  # Dutch label shown in Samenspel (our translation)


FACTORS: list[Factor] = [
    Factor("history", "Environment", "History of collaboration or cooperation in the community",
           "Voorgeschiedenis van samenwerking in de streek"),
    Factor("legitimate_leader", "Environment",
           "Collaborative group seen as a legitimate leader in the community",
           "Samenwerking erkend als trekker in de streek"),
    Factor("political_climate", "Environment", "Favorable political and social climate",
           "Gunstig politiek en maatschappelijk klimaat"),
    Factor("trust", "Membership characteristics", "Mutual respect, understanding, and trust",
           "Wederzijds respect, begrip en vertrouwen"),
    Factor("cross_section", "Membership characteristics", "Appropriate cross section of members",
           "De juiste partners aan tafel"),
    Factor("self_interest", "Membership characteristics",
           "Members see collaboration as in their self-interest",
           "Partners zien er hun eigen belang in"),
    Factor("compromise", "Membership characteristics", "Ability to compromise",
           "Bereidheid tot compromis"),
    Factor("shared_stake", "Process and structure",
           "Members share a stake in both process and outcome",
           "Gedeelde inbreng in proces en resultaat"),
    Factor("multiple_layers", "Process and structure", "Multiple layers of participation",
           "Betrokkenheid op meerdere niveaus"),
    Factor("flexibility", "Process and structure", "Flexibility", "Flexibiliteit"),
    Factor("clear_roles", "Process and structure",
           "Development of clear roles and policy guidelines",
           "Duidelijke rollen en afspraken"),
    Factor("adaptability", "Process and structure", "Adaptability", "Aanpassingsvermogen"),
    Factor("pace", "Process and structure", "Appropriate pace of development",
           "Een passend tempo"),
    Factor("communication", "Communication", "Open and frequent communication",
           "Open en geregelde communicatie"),
    Factor("informal_links", "Communication",
           "Established informal relationships and communication links",
           "Informele contacten en korte lijnen"),
    Factor("concrete_goals", "Purpose", "Concrete, attainable goals and objectives",
           "Concrete, haalbare doelen"),
    Factor("shared_vision", "Purpose", "Shared vision", "Gedeelde visie"),
    Factor("unique_purpose", "Purpose", "Unique purpose", "Een eigen opdracht"),
    Factor("resources", "Resources", "Sufficient funds, staff, materials, and time",
           "Voldoende middelen, mensen en tijd"),
    Factor("leadership", "Resources", "Skilled leadership", "Bekwame trekker"),
]  # fmt: skip
FACTOR_LABELS: dict[str, str] = {f.code: f.label for f in FACTORS}
_FACTORS_BY_CODE: dict[str, Factor] = {f.code: f for f in FACTORS}


def factor(code: str) -> Factor:
    """The factor with this code (``KeyError`` if unknown)."""
    return _FACTORS_BY_CODE[code]


# --------------------------------------------------------------------------------------------
# Findings of the research (KU Leuven, Instituut voor de Overheid, for OP/TIL)
# --------------------------------------------------------------------------------------------

#: Section headings of the research summary, used in ``Item.section``.
SECTION_ROL = "De rol van centrumsteden in cultuurbeleid"
SECTION_HEFBOMEN = "Hefbomen voor betrokkenheid centrumsteden"
SECTION_UITDAGINGEN = "Uitdagingen in de samenwerking met centrumsteden"
SECTION_AANBEVELINGEN = "Beleidsaanbevelingen"

RESEARCH_REFERENCE = (
    "De Vos, B. (OP/TIL), samenvatting van het onderzoek van KU Leuven – Instituut voor de "
    "Overheid: 'Hoe betrek je centrumsteden sterker bij intergemeentelijke samenwerking rond "
    "cultuur?', in opdracht van OP/TIL."
)

# --------------------------------------------------------------------------------------------
# Items
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    code: str  # stable, e.g. "VT1"; never reuse a code for another text
    dimension: str  # a code of DIMENSIONS
    text: str  # the statement, Dutch
    reverse: bool  # True: agreeing is unfavourable; scored 6 - x
    factor: str  # a code of FACTORS
    finding: str  # the research finding it serves, Dutch paraphrase
    section: str  # the research summary's section the finding comes from


def _i(code, dimension, text, factor_code, section, finding, reverse=False) -> Item:
    return Item(code, dimension, text, reverse, factor_code, finding, section)


ITEMS: list[Item] = [
    # --- vertrouwen -----------------------------------------------------------------------
    _i("VT1", "vertrouwen",
       "Ik kan rekenen op de cultuurambtenaren van de andere partners: wat we afspreken, "
       "gebeurt ook.",
       "trust", SECTION_HEFBOMEN,
       "Samenwerking werkt het best in een context van vertrouwen op ambtelijk vlak."),
    _i("VT2", "vertrouwen",
       "De schepenen van cultuur van de partners vertrouwen elkaar, ook als ze van een "
       "andere partij zijn.",
       "trust", SECTION_HEFBOMEN,
       "Samenwerking werkt het best in een context van vertrouwen, ook op politiek vlak."),
    _i("VT3", "vertrouwen",
       "Als er iets misloopt tussen de partners, zeggen we dat openlijk tegen elkaar.",
       "communication", SECTION_AANBEVELINGEN,
       "Experimenteer en deel zowel goede als slechte ervaringen om van elkaar te leren."),
    _i("VT4", "vertrouwen",
       "Ik bel of mail collega's van andere partners ook tussendoor, zonder dat daar een "
       "vergadering voor nodig is.",
       "informal_links", SECTION_HEFBOMEN,
       "(Soms informele) intervisie, uitwisseling en netwerk zijn cruciaal."),
    # --- geschiedenis -----------------------------------------------------------------------
    _i("GS1", "geschiedenis",
       "Onze gemeenten werkten al samen rond cultuur of vrije tijd voor deze samenwerking "
       "(of dit plan) er was.",
       "history", SECTION_HEFBOMEN,
       "Vertrekken vanuit bestaande, historisch gegroeide partnerschappen is een duidelijke "
       "succesfactor (padafhankelijkheid)."),
    _i("GS2", "geschiedenis",
       "Ik kan minstens één klein, concreet succes noemen dat we als partners samen hebben "
       "behaald.",
       "history", SECTION_HEFBOMEN,
       "Eerdere kleine, positieve ervaringen kunnen uitgroeien tot een ruimere samenwerking."),
    _i("GS3", "geschiedenis",
       "Wat we eerder samen deden, maakt het makkelijker om nu meer samen te doen.",
       "history", SECTION_HEFBOMEN,
       "Padafhankelijkheid: eerdere samenwerking bouwt de basis voor de volgende stap."),
    _i("GS4", "geschiedenis",
       "Nieuwe ideeën proberen we eerst op kleine schaal uit voor we er samen groot op inzetten.",
       "pace", SECTION_HEFBOMEN,
       "Ruimte om te experimenteren en goede praktijken te vertalen naar de eigen lokale "
       "context draagt bij tot het succes."),
    # --- doelen -------------------------------------------------------------------------------
    _i("DL1", "doelen",
       "De doelen van onze samenwerking zijn op papier gezet en alle partners kennen ze.",
       "concrete_goals", SECTION_HEFBOMEN,
       "Een belangrijke succesfactor is het helder omschrijven van de doelstellingen."),
    _i("DL2", "doelen",
       "Ik weet wat de andere partners van mijn gemeente verwachten.",
       "clear_roles", SECTION_HEFBOMEN,
       "Voor centrumsteden en omliggende gemeenten is het cruciaal om de wederzijdse "
       "verwachtingen te verduidelijken."),
    _i("DL3", "doelen",
       "Het is duidelijk welke taken bij de samenwerking (of het IGS) liggen en welke bij de "
       "gemeenten zelf.",
       "clear_roles", SECTION_HEFBOMEN,
       "Wederzijdse verwachtingen verduidelijken, ook over wie wat doet."),
    _i("DL4", "doelen",
       "In de praktijk werken de partners aan verschillende doelen, ook al zegt niemand dat "
       "hardop.",
       "shared_vision", SECTION_HEFBOMEN,
       "Zonder gedeelde, helder omschreven doelstellingen verliest de samenwerking haar "
       "richting.",
       reverse=True),
    # --- identiteit ---------------------------------------------------------------------------
    _i("ID1", "identiteit",
       "Onze gemeenten vormen samen een streek met een eigen verhaal dat we samen kunnen "
       "vertellen.",
       "shared_vision", SECTION_HEFBOMEN,
       "Wie kan vertrekken vanuit een (streek)identiteit, maakt van de regionale agenda een "
       "sterker verhaal."),
    _i("ID2", "identiteit",
       "Onze samenwerking doet iets voor de streek wat geen van de gemeenten alleen zou doen.",
       "unique_purpose", SECTION_UITDAGINGEN,
       "Samenwerken is geen doel op zich, maar moet vertrekken vanuit de meerwaarde voor de "
       "regio."),
    _i("ID3", "identiteit",
       "Inwoners, verenigingen en cultuurspelers zien onze samenwerking als het aanspreekpunt "
       "voor cultuur in de streek.",
       "legitimate_leader", SECTION_ROL,
       "Voor een regionale regierol kijken gemeenten naar een trekker; een IGS kan die rol "
       "opnemen."),
    # --- winwin -------------------------------------------------------------------------------
    _i("WW1", "winwin",
       "Mijn gemeente krijgt uit de samenwerking minstens zoveel terug als ze erin steekt.",
       "self_interest", SECTION_UITDAGINGEN,
       "Samenwerken moet vertrekken vanuit de meerwaarde en de win-win voor alle deelnemers."),
    _i("WW2", "winwin",
       "Ik kan aan het college of de gemeenteraad concreet uitleggen wat de samenwerking onze "
       "inwoners oplevert.",
       "self_interest", SECTION_UITDAGINGEN,
       "Kleinere besturen zien de voordelen soms moeilijk; de 'return on investment' is een "
       "drempel."),
    _i("WW3", "winwin",
       "We volgen op een afgesproken manier op wat de samenwerking oplevert, ook wat niet in "
       "cijfers te vatten is.",
       "concrete_goals", SECTION_AANBEVELINGEN,
       "Ontwikkel duidelijk meetbare impactcriteria, maar promoot ook de onzichtbare waarde "
       "van cultuur."),
    _i("WW4", "winwin",
       "De voordelen van de samenwerking gaan vooral naar een of twee partners.",
       "shared_stake", SECTION_UITDAGINGEN,
       "Objectieve criteria brengen de (on)evenwichten tussen centrumstad en randgebied in "
       "kaart.",
       reverse=True),
    # --- werklast -----------------------------------------------------------------------------
    _i("WL1", "werklast",
       "De samenwerking vraagt meer tijd van onze dienst dan we hebben.",
       "resources", SECTION_UITDAGINGEN,
       "De hoge werkdruk bij lokale medewerkers laat geen ruimte voor extra taken.",
       reverse=True),
    _i("WL2", "werklast",
       "Er zijn genoeg mensen en middelen (bij de samenwerking of bij de partners) om uit te "
       "voeren wat we afspreken.",
       "resources", SECTION_ROL,
       "Vooral kleinere besturen hebben te weinig expertise en middelen voor een uitgebreide "
       "rol in het cultuurbeleid."),
    _i("WL3", "werklast",
       "De samenwerking neemt mijn dienst werk uit handen, eerder dan dat ze werk bijbrengt.",
       "resources", SECTION_ROL,
       "Een samenwerkingsverband kan kleinere besturen praktisch en juridisch ontlasten."),
    _i("WL4", "werklast",
       "Vergaderingen en administratie van de samenwerking kosten meer dan ze opleveren.",
       "resources", SECTION_ROL,
       "Een autonoom samenwerkingsverband kan tot te grote overhead leiden.",
       reverse=True),
    # --- nabijheid ----------------------------------------------------------------------------
    _i("NB1", "nabijheid",
       "Ik vrees dat mijn gemeente door de samenwerking de band met de eigen inwoners en "
       "verenigingen verliest.",
       "self_interest", SECTION_UITDAGINGEN,
       "Kleine gemeenten stappen liefst in kleinere verbanden om hun nabijheid niet te "
       "verliezen.",
       reverse=True),
    _i("NB2", "nabijheid",
       "Onze samenwerking heeft de juiste omvang: groot genoeg om iets te betekenen, klein "
       "genoeg om elkaar te kennen.",
       "cross_section", SECTION_UITDAGINGEN,
       "Kleine gemeenten willen kleinere verbanden, voor centrumsteden kan een grotere structuur "
       "net interessant zijn."),
    _i("NB3", "nabijheid",
       "Waar het nodig is, werken we per project met een kleinere of grotere groep partners.",
       "flexibility", SECTION_AANBEVELINGEN,
       "Bouw de mogelijkheid van maatwerk in bij het bepalen van de schaalgrootte."),
    _i("NB4", "nabijheid",
       "Verenigingen, vrijwilligers en cultuurspelers uit elke gemeente worden bij de "
       "samenwerking betrokken.",
       "multiple_layers", SECTION_UITDAGINGEN,
       "Essentieel is voldoende aandacht voor de eigenheid van de deelnemende gemeenten."),
    # --- gelijkwaardigheid --------------------------------------------------------------------
    _i("GW1", "gelijkwaardigheid",
       "De centrumstad (of de grootste partner) bepaalt in de praktijk de agenda van de "
       "samenwerking.",
       "shared_stake", SECTION_ROL,
       "Medewerkers van centrumsteden kunnen door hun tijd en specialisatie doorwegen op de "
       "regionale agenda; buren vrezen een te dominante positie.",
       reverse=True),
    _i("GW2", "gelijkwaardigheid",
       "Elke partner, groot of klein, heeft echt inspraak in wat de samenwerking doet.",
       "shared_stake", SECTION_AANBEVELINGEN,
       "Waak over de gelijkwaardigheid van de verschillende partners."),
    _i("GW3", "gelijkwaardigheid",
       "De eigen aanpak van elke gemeente wordt gerespecteerd, ook als die anders is dan bij "
       "de rest.",
       "trust", SECTION_AANBEVELINGEN,
       "Waak over de eigenheid van de verschillende partners."),
    _i("GW4", "gelijkwaardigheid",
       "Wie de samenwerking trekt, doet dat in het belang van alle partners en niet van één "
       "gemeente.",
       "leadership", SECTION_ROL,
       "Sommige gemeenten waarderen de leidende rol van de centrumstad, andere vrezen "
       "dominantie: de trekker moet het evenwicht bewaken."),
    # --- goodwill -----------------------------------------------------------------------------
    _i("PG1", "goodwill",
       "Het college van mijn gemeente staat achter de samenwerking en draagt ze ook uit.",
       "political_climate", SECTION_UITDAGINGEN,
       "Zonder politieke goodwill komt een regionaal cultuurverhaal niet snel van de grond."),
    _i("PG2", "goodwill",
       "De schepenen van cultuur van de partners spreken geregeld met elkaar over de "
       "samenwerking.",
       "multiple_layers", SECTION_AANBEVELINGEN,
       "Ontwikkel politiek engagement en ambtelijke betrokkenheid; stimuleer netwerken tussen "
       "politici."),
    _i("PG3", "goodwill",
       "Andere prioriteiten in mijn gemeente laten weinig politieke ruimte voor regionale "
       "cultuur.",
       "political_climate", SECTION_UITDAGINGEN,
       "Een zwaar takenpakket kan alle politieke energie en tijd opslorpen.",
       reverse=True),
    _i("PG4", "goodwill",
       "Politici van de partners houden zeggenschap over cultuur liever bij hun eigen gemeente.",
       "compromise", SECTION_UITDAGINGEN,
       "De onwil om zeggenschap af te staan is een motief om niet mee te doen.",
       reverse=True),
    # --- steden -------------------------------------------------------------------------------
    _i("ST1", "steden",
       "Samenwerken met steden buiten de streek en samenwerken in de streek gaan voor ons goed "
       "samen.",
       "flexibility", SECTION_UITDAGINGEN,
       "Centrumsteden willen de mogelijkheid behouden om met andere steden te blijven "
       "samenwerken."),
    _i("ST2", "steden",
       "De partners begrijpen waarom een centrumstad ook met andere steden samenwerkt.",
       "trust", SECTION_UITDAGINGEN,
       "Tussen steden vind je soms meer gelijkaardige organisaties en problemen dan tussen een "
       "stad en haar buren."),
    _i("ST3", "steden",
       "Samenwerking met andere steden trekt tijd en aandacht weg van de eigen streek.",
       "resources", SECTION_UITDAGINGEN,
       "De uitdagingen van centrumstad en buurgemeenten overlappen niet altijd; de stedelijke "
       "context slorpt energie op.",
       reverse=True),
    _i("ST4", "steden",
       "Wat een centrumstad leert in netwerken met andere steden, komt ook de andere partners "
       "ten goede.",
       "self_interest", SECTION_ROL,
       "Centrumsteden zijn bronnen van expertise en een katalysator voor regionale "
       "initiatieven."),
    # --- referentieregio ---------------------------------------------------------------------
    _i("RR1", "referentieregio",
       "De grenzen van de referentieregio passen bij hoe onze gemeenten al samenwerken.",
       "history", SECTION_UITDAGINGEN,
       "De afbakening van de referentieregio's doorkruist soms samenwerkingen met een lange "
       "traditie."),
    _i("RR2", "referentieregio",
       "Door de afbakening van de referentieregio dreigen we partners te verliezen met wie we "
       "al lang samenwerken.",
       "history", SECTION_UITDAGINGEN,
       "De regiovorming doorkruist soms samenwerkingen die een lange opbouw kenden.",
       reverse=True),
    _i("RR3", "referentieregio",
       "Onze samenwerking kan zich aanpassen aan de regels vanaf 2027 (minstens "
       f"{_MIN_2027} inwoners, binnen één referentieregio) zonder haar eigen karakter te "
       "verliezen.",
       "adaptability", SECTION_AANBEVELINGEN,
       "Stimuleer bovenlokale samenwerking, maar met maatwerk in de schaalgrootte."),
]  # fmt: skip

ITEM_CODES: list[str] = [it.code for it in ITEMS]
_ITEMS_BY_CODE: dict[str, Item] = {it.code: it for it in ITEMS}
_ITEMS_BY_DIMENSION: dict[str, list[Item]] = {
    d: [it for it in ITEMS if it.dimension == d] for d in DIMENSIONS
}


def item(code: str) -> Item:
    """The item with this code (``KeyError`` if unknown)."""
    return _ITEMS_BY_CODE[code]


def items_for(dimension: str) -> list[Item]:
    """The items of one dimension, in order (``KeyError`` for an unknown dimension)."""
    return list(_ITEMS_BY_DIMENSION[dimension])


def scored(it: Item, value: int) -> int:
    """An answer's score: the answer itself, or ``6 - x`` for a reverse-keyed item."""
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise ValueError(f"Antwoord {value!r} op {it.code} ligt niet tussen 1 en 5.")
    return (SCALE_MIN + SCALE_MAX - value) if it.reverse else value


# --------------------------------------------------------------------------------------------
# Open questions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenQuestion:
    code: str
    text: str
    help: str
    max_length: int = 2000


OPEN_QUESTIONS: list[OpenQuestion] = [
    OpenQuestion("OV1", "Wat loopt er vandaag goed in de samenwerking, en waardoor komt dat?",
                 "Denk aan een concreet project, een afspraak of een contact."),
    OpenQuestion("OV2", "Wat houdt de samenwerking het meest tegen?",
                 "Noem liever een situatie dan een persoon: de antwoorden worden aan alle "
                 "partners getoond."),
    OpenQuestion("OV3", "Wat verwacht jij van de andere partners, en wat denk je dat zij van jouw "
                 "gemeente verwachten?", "Een of twee zinnen volstaan."),
    OpenQuestion("OV4", "Welk klein gezamenlijk project zou volgend jaar een verschil maken?",
                 "Klein en haalbaar: iets wat binnen een jaar zichtbaar is."),
]  # fmt: skip

# --------------------------------------------------------------------------------------------
# Respondent roles
# --------------------------------------------------------------------------------------------

ROLE_KINDS: list[tuple[str, str]] = [
    ("ambtelijk", "Ambtelijk"),
    ("politiek", "Politiek"),
    ("andere", "Andere"),
]
ROLE_KIND_LABELS = dict(ROLE_KINDS)

#: (code, Dutch label, kind) -- what a respondent states about themselves.
ROLES_FOR_SCAN: list[tuple[str, str, str]] = [
    ("ambtenaar", "Cultuurambtenaar of cultuurbeleidscoördinator", "ambtelijk"),
    ("igs", "Medewerker of coördinator van het IGS", "ambtelijk"),
    ("schepen", "Schepen of burgemeester", "politiek"),
    ("raadslid", "Gemeenteraadslid", "politiek"),
    ("andere", "Andere (bv. cultuurspeler, steunpunt)", "andere"),
]
ROLE_LABELS: dict[str, str] = {code: label for code, label, _ in ROLES_FOR_SCAN}
_ROLE_KIND: dict[str, str] = {code: kind for code, _, kind in ROLES_FOR_SCAN}


def role_kind(role_code: str) -> str:
    """``"ambtelijk"``, ``"politiek"`` or ``"andere"`` for a role of :data:`ROLES_FOR_SCAN`."""
    return _ROLE_KIND[role_code]
