"""Concrete suggestions per scan dimension for a low, diverging or declining score.

Pure module (no Django). Each suggestion follows a recommendation or finding of the research
(KU Leuven, Instituut voor de Overheid, for OP/TIL: "Hoe betrek je centrumsteden sterker bij
intergemeentelijke samenwerking rond cultuur?", see ``shared/docs/onderzoek-centrumsteden-
samenvatting.txt``), named in :data:`GROUNDS`. The suggestions are this platform's own, written
for culture officials and schepenen; they are prompts for a conversation, not prescriptions.

Public API
----------
* :func:`suggestions_for` ``(dimension, kind)`` -> ``list[Suggestion]`` with ``kind`` one of
  :data:`KINDS`: ``"low"`` (the round's mean is low), ``"diverging"`` (groups see it
  differently), ``"declined"`` (lower than the previous round; the suggestions for "low").
  These are the flags of :func:`samenspel.scan.stats.attention`.
* :class:`Suggestion` (``text``, ``ground`` code, property ``ground_text``) and :data:`GROUNDS`.
* :func:`practice_themes` ``(dimension)`` -> the themes of the practice library to link: the
  dimension's own theme (the same code, :mod:`samenspel.network.themes`) first, then related
  ones (e.g. "verdeelsleutel" beside "gelijkwaardigheid").
"""

from __future__ import annotations

from dataclasses import dataclass

from samenspel.core.numbers import format_number
from samenspel.network.themes import THEME_LABELS
from samenspel.partnerships.rules import RULES_2027
from samenspel.scan.items import DIMENSIONS

#: The 2027 floor, from the rule set (never typed here: tests/partnerships/test_rules_sources.py).
_MIN_2027 = format_number(RULES_2027.min_population or 0)

KIND_LOW = "low"
KIND_DIVERGING = "diverging"
KIND_DECLINED = "declined"
KINDS = (KIND_LOW, KIND_DIVERGING, KIND_DECLINED)
KIND_LABELS = {
    KIND_LOW: "Lage score",
    KIND_DIVERGING: "Uiteenlopende scores",
    KIND_DECLINED: "Gedaald sinds de vorige ronde",
}


@dataclass(frozen=True)
class Ground:
    code: str
    source: str  # where in the research summary: a recommendation's audience or a section
    text: str  # Dutch paraphrase


_AANBEVELING_LOKAAL = "Beleidsaanbeveling voor centrumsteden en omliggende gemeenten"
_AANBEVELING_VLAANDEREN = "Beleidsaanbeveling voor Vlaanderen"
_AANBEVELING_OPTIL = "Beleidsaanbeveling voor OP/TIL"
_HEFBOMEN = "Hefbomen voor betrokkenheid centrumsteden"
_UITDAGINGEN = "Uitdagingen in de samenwerking met centrumsteden"
_ROL = "De rol van centrumsteden in cultuurbeleid"

GROUNDS: dict[str, Ground] = {
    g.code: g
    for g in [
        Ground("verdeelsleutel", _AANBEVELING_LOKAAL,
               "Voorzie een duidelijke verdeelsleutel voor de financiële middelen."),
        Ground("impact", _AANBEVELING_LOKAAL,
               "Ontwikkel duidelijk meetbare impactcriteria, maar promoot ook de onzichtbare "
               "waarde van cultuur."),
        Ground("gelijkwaardigheid", _AANBEVELING_LOKAAL,
               "Waak over de gelijkwaardigheid en eigenheid van de verschillende partners."),
        Ground("netwerk", _AANBEVELING_LOKAAL,
               "Stimuleer netwerkvorming tussen lokale cultuurdiensten, ambtenaren en politici."),
        Ground("engagement", _AANBEVELING_LOKAAL,
               "Ontwikkel politiek engagement en ambtelijke betrokkenheid."),
        Ground("maatwerk", _AANBEVELING_VLAANDEREN,
               "Stimuleer bovenlokale samenwerking, maar met maatwerk in de schaalgrootte."),
        Ground("evenementen", _AANBEVELING_OPTIL,
               "Zet formele én informele netwerkevenementen op voor cultuurambtenaren en "
               "beleidsmakers."),
        Ground("begeleiding", _AANBEVELING_OPTIL,
               "Bevorder de organische groei van spontane samenwerkingen, maar zorg ook voor "
               "strategische begeleiding."),
        Ground("transparantie", _AANBEVELING_OPTIL,
               "Zet in op transparante communicatie over regionale samenwerkingsinitiatieven en "
               "betrek alle betrokkenen bij de dialoog."),
        Ground("praktijken", _AANBEVELING_OPTIL,
               "Experimenteer, deel zowel goede als slechte praktijken en leer van elkaar."),
        Ground("vertrouwen", _HEFBOMEN,
               "Samenwerking werkt het best in een context van vertrouwen, ambtelijk en "
               "politiek; (informele) uitwisseling en netwerk zijn cruciaal."),
        Ground("padafhankelijkheid", _HEFBOMEN,
               "Vertrek vanuit bestaande partnerschappen: kleine positieve ervaringen groeien "
               "uit tot ruimere samenwerking."),
        Ground("doelen", _HEFBOMEN,
               "Omschrijf de doelstellingen helder en verduidelijk de wederzijdse "
               "verwachtingen van centrumstad en omliggende gemeenten."),
        Ground("identiteit", _HEFBOMEN,
               "Vertrekken vanuit een (streek)identiteit maakt de regionale agenda een sterker "
               "verhaal."),
        Ground("winwin", _UITDAGINGEN,
               "Samenwerken is geen doel op zich: vertrek vanuit de meerwaarde en de win-win "
               "voor alle deelnemers en bepaal van daaruit het werkingsgebied."),
        Ground("werkdruk", _UITDAGINGEN,
               "De hoge werkdruk bij lokale medewerkers laat weinig ruimte voor extra taken."),
        Ground("overhead", _ROL,
               "Een samenwerkingsverband kan kleinere besturen ontlasten, maar ook tot te grote "
               "overhead leiden."),
        Ground("nabijheid", _UITDAGINGEN,
               "Kleine gemeenten willen hun nabijheid niet verliezen; voor centrumsteden kan "
               "een grotere structuur net interessant zijn."),
        Ground("dominantie", _ROL,
               "Centrumsteden zijn bronnen van expertise, maar buren vrezen een te dominante "
               "positie; stadsmedewerkers wegen door op de regionale agenda."),
        Ground("steden", _UITDAGINGEN,
               "Centrumsteden willen met andere steden blijven samenwerken: daar vinden ze "
               "vaak gelijkaardige organisaties en problemen."),
        Ground("goodwill", _UITDAGINGEN,
               "Zonder politieke goodwill komt een regionaal cultuurverhaal niet snel van de "
               "grond."),
        Ground("referentieregio", _UITDAGINGEN,
               "De afbakening van de referentieregio's doorkruist soms samenwerkingen met een "
               "lange traditie."),
    ]
}  # fmt: skip


@dataclass(frozen=True)
class Suggestion:
    dimension: str
    kind: str  # KIND_LOW or KIND_DIVERGING
    text: str
    ground: str  # a code of GROUNDS

    @property
    def ground_text(self) -> str:
        g = GROUNDS[self.ground]
        return f"{g.source}: {g.text}"


_S: dict[str, dict[str, list[tuple[str, str]]]] = {
    "vertrouwen": {
        KIND_LOW: [
            ("Plan een vast, informeel overleg van de cultuurambtenaren, bijvoorbeeld elk "
             "kwartaal bij een andere partner, zonder beslissingen op de agenda.", "netwerk"),
            ("Breng de schepenen van cultuur van alle partners minstens één keer per jaar samen, "
             "los van de raad van bestuur.", "engagement"),
            ("Spreek af hoe jullie omgaan met iets wat misloopt: wie brengt het aan, waar "
             "bespreken jullie het en binnen welke termijn.", "vertrouwen"),
            ("Ga met collega's van de partners samen naar een netwerkmoment van OP/TIL.",
             "evenementen"),
        ],
        KIND_DIVERGING: [
            ("Bespreek de uitkomst van de scan samen: laat stad en buren, ambtenaren en "
             "schepenen zeggen waarom ze anders scoren, zonder te zoeken wie wat antwoordde.",
             "transparantie"),
            ("Koppel voor een concreet project een ambtenaar van de centrumstad aan een collega "
             "van een buurgemeente (duowerking).", "netwerk"),
            ("Maak verslagen van overleg en beslissingen beschikbaar voor alle partners, ook "
             "voor wie er niet bij was.", "transparantie"),
        ],
    },
    "geschiedenis": {
        KIND_LOW: [
            ("Begin met één klein, haalbaar project met twee of drie partners (een gedeelde "
             "uitleendienst, een gezamenlijke zomeractiviteit) en vier het resultaat.",
             "padafhankelijkheid"),
            ("Breng in kaart wat er al samen gebeurt (bibliotheek, erfgoed, jeugd, sport) en "
             "bouw daarop voort in plaats van van nul te beginnen.", "padafhankelijkheid"),
            ("Spreek af dat een proefproject mag mislukken, als jullie er samen uit leren en "
             "het delen.", "praktijken"),
        ],
        KIND_DIVERGING: [
            ("Laat nieuwe partners en nieuwe medewerkers kennismaken met wat al bereikt is: een "
             "korte tijdlijn van de samenwerking helpt.", "transparantie"),
            ("Geef de partners die minder meededen een zichtbare rol in het volgende kleine "
             "project.", "gelijkwaardigheid"),
        ],
    },
    "doelen": {
        KIND_LOW: [
            ("Zet de doelen van de samenwerking op één bladzijde, met per doel wat het over drie "
             "jaar zichtbaar oplevert, en laat elk college ze goedkeuren.", "doelen"),
            ("Laat elke partner opschrijven wat hij van de samenwerking verwacht en wat hij zelf "
             "bijdraagt, en leg die lijsten naast elkaar.", "doelen"),
            ("Maak een takenlijst: wat doet de samenwerking (of het IGS), wat blijft bij de "
             "gemeenten?", "doelen"),
        ],
        KIND_DIVERGING: [
            ("Bespreek de verwachtingen van centrumstad en buurgemeenten eerst apart en dan "
             "samen: waar verschillen ze, en wat is haalbaar voor beide?", "doelen"),
            ("Leg de doelen ook voor aan de schepenen en de gemeenteraden, niet alleen aan de "
             "ambtenaren.", "engagement"),
        ],
    },
    "identiteit": {
        KIND_LOW: [
            ("Zoek samen wat de streek bindt (een rivier, een erfgoedverhaal, een landschap) en "
             "bouw één gezamenlijk project rond dat verhaal.", "identiteit"),
            ("Geef de samenwerking een herkenbare naam en communiceer als één streek naar "
             "inwoners en verenigingen.", "transparantie"),
            ("Ga na of het werkingsgebied samenvalt met de streek waarin inwoners leven, werken "
             "en uitgaan; een streek op papier wordt zelden een gedeeld verhaal.", "maatwerk"),
        ],
        KIND_DIVERGING: [
            ("Geef elke gemeente een zichtbare plek in het streekverhaal, zodat het niet het "
             "verhaal van de centrumstad alleen wordt.", "gelijkwaardigheid"),
            ("Organiseer een jaarlijks streekmoment dat telkens in een andere gemeente "
             "plaatsvindt.", "evenementen"),
        ],
    },
    "winwin": {
        KIND_LOW: [
            ("Maak per partner zichtbaar wat hij bijdraagt en wat hij terugkrijgt (activiteiten, "
             "deelnemers, expertise), bijvoorbeeld met de Monitor van Samenspel.", "impact"),
            ("Leg naast de cijfers ook verhalen vast die de onzichtbare waarde van cultuur "
             "tonen, en deel ze met de colleges.", "impact"),
            ("Maak de verdeelsleutel van de bijdragen duidelijk en leg hem naast wat elke "
             "partner terugkrijgt.", "verdeelsleutel"),
        ],
        KIND_DIVERGING: [
            ("Bespreek waarom een partner minder meerwaarde ziet: soms zijn de uitdagingen van "
             "stad en buren niet dezelfde, en past een ander werkingsgebied of project beter.",
             "winwin"),
            ("Spreek af dat elk project iets oplevert voor elke partner, of wissel projecten af "
             "zodat iedereen aan de beurt komt.", "gelijkwaardigheid"),
        ],
    },
    "werklast": {
        KIND_LOW: [
            ("Bundel overleg: één vergadering met een duidelijke agenda in plaats van drie "
             "werkgroepen.", "overhead"),
            ("Laat de samenwerking taken overnemen die elke gemeente nu apart doet "
             "(communicatie, subsidiedossiers, uitleendienst) in plaats van nieuwe taken te "
             "beginnen.", "overhead"),
            ("Schat bij elk nieuw project hoeveel uren het van elke partner vraagt, en beslis "
             "pas dan.", "werkdruk"),
        ],
        KIND_DIVERGING: [
            ("Verdeel het werk naar draagkracht: de centrumstad of het IGS neemt het "
             "trekkerswerk, kleinere gemeenten leveren wat ze kunnen.", "werkdruk"),
            ("Bespreek open wie de samenwerking als extra last ervaart, en waardoor.",
             "transparantie"),
        ],
    },
    "nabijheid": {
        KIND_LOW: [
            ("Werk per project met kleinere groepen partners binnen de samenwerking.",
             "maatwerk"),
            ("Houd in elke gemeente een aanspreekpunt voor wat de samenwerking doet, dicht bij "
             "de eigen inwoners en verenigingen.", "nabijheid"),
            ("Betrek de lokale cultuurraad of de verenigingen bij de planning van regionale "
             "projecten.", "gelijkwaardigheid"),
        ],
        KIND_DIVERGING: [
            ("Bespreek de schaal apart met de kleinere gemeenten en met de centrumstad: wat de "
             "ene te groot vindt, is voor de andere net interessant.", "nabijheid"),
            ("Kies een werkingsgebied per opdracht: sommige taken voor de hele regio, andere "
             "per cluster van buurgemeenten.", "maatwerk"),
        ],
    },
    "gelijkwaardigheid": {
        KIND_LOW: [
            ("Spreek een roterend voorzitterschap af voor het overleg en de raad van bestuur.",
             "gelijkwaardigheid"),
            ("Maak de verdeelsleutel en wat elke partner bijdraagt en terugkrijgt zichtbaar voor "
             "alle colleges.", "verdeelsleutel"),
            ("Leg vast hoe er beslist wordt: één stem per gemeente of gewogen, en welke "
             "beslissingen unanimiteit vragen.", "gelijkwaardigheid"),
            ("Laat ook de kleinere partners de agenda aanvullen, en wissel de vergaderplaats "
             "af.", "gelijkwaardigheid"),
        ],
        KIND_DIVERGING: [
            ("Spreek met de centrumstad af hoe haar expertise de buren helpt zonder de agenda te "
             "bepalen, bijvoorbeeld: de stad ondersteunt, een buurgemeente trekt.",
             "dominantie"),
            ("Kijk met objectieve cijfers (bereik en activiteiten per partner in de Monitor) of "
             "de balans tussen stad en randgemeenten klopt.", "impact"),
        ],
    },
    "goodwill": {
        KIND_LOW: [
            ("Nodig de schepenen van cultuur uit op een netwerkmoment met collega's uit een "
             "regio waar de samenwerking met een centrumstad wel loopt.", "evenementen"),
            ("Geef de colleges elk jaar een kort verslag met de resultaten per gemeente en één "
             "sprekend verhaal.", "goodwill"),
            ("Zoek per partner een politieke trekker die de samenwerking in het college en de "
             "gemeenteraad verdedigt.", "engagement"),
        ],
        KIND_DIVERGING: [
            ("Leg ambtelijke voorstellen vroeg voor aan de schepenen, zodat ambtenaren en "
             "politici hetzelfde beeld hebben.", "engagement"),
            ("Organiseer een gezamenlijk moment voor ambtenaren én schepenen van alle "
             "partners.", "netwerk"),
        ],
    },
    "steden": {
        KIND_LOW: [
            ("Spreek af hoe de centrumstad wat ze in stedennetwerken leert deelt met de streek "
             "(kennisdeling, gedeelde programma's).", "steden"),
            ("Erken in de doelen van de samenwerking dat de centrumstad ook met andere steden "
             "samenwerkt, en zoek waar beide sporen elkaar versterken.", "steden"),
            ("Laat de centrumstad na een overleg met andere steden kort terugkoppelen wat "
             "bruikbaar is voor de buren.", "transparantie"),
        ],
        KIND_DIVERGING: [
            ("Bespreek de samenwerking met andere steden openlijk: wat doet de stad daar, en "
             "wat levert het de streek op?", "transparantie"),
            ("Zet de samenwerkingen tussen steden in het register van initiatieven, zodat alle "
             "partners ze zien.", "transparantie"),
        ],
    },
    "referentieregio": {
        KIND_LOW: [
            ("Ga na welke partners buiten de referentieregio vallen en welke samenwerking met "
             "hen jullie willen behouden, bijvoorbeeld via een projectovereenkomst.",
             "referentieregio"),
            ("Bekijk in de Scenario's van Samenspel welke groepen vanaf 2027 in aanmerking "
             f"komen (minstens {_MIN_2027} inwoners, binnen één referentieregio).", "maatwerk"),
            ("Vraag OP/TIL om begeleiding bij het herschikken van de samenwerking.",
             "begeleiding"),
        ],
        KIND_DIVERGING: [
            ("Bespreek met de partners voor wie de grens het meest verandert wat ze verliezen "
             "en wat ze kunnen behouden.", "referentieregio"),
            ("Maak de gevolgen van de referentieregio per partner zichtbaar voor alle "
             "colleges.", "transparantie"),
        ],
    },
}  # fmt: skip

SUGGESTIONS: list[Suggestion] = [
    Suggestion(dimension, kind, text, ground)
    for dimension, per_kind in _S.items()
    for kind, entries in per_kind.items()
    for text, ground in entries
]

#: Practice themes to link per dimension beyond its own (same code).
_RELATED_THEMES: dict[str, list[str]] = {
    "vertrouwen": ["netwerk"],
    "doelen": ["netwerk"],
    "winwin": ["verdeelsleutel"],
    "gelijkwaardigheid": ["verdeelsleutel"],
    "goodwill": ["netwerk"],
    "steden": ["netwerk"],
}


def suggestions_for(dimension: str, kind: str) -> list[Suggestion]:
    """The suggestions for a dimension and a flag (``KeyError``/``ValueError`` if unknown).

    A decline since the previous round gets the suggestions for a low score."""
    if dimension not in DIMENSIONS:
        raise KeyError(dimension)
    if kind not in KINDS:
        raise ValueError(f"Onbekende soort {kind!r}; verwacht een van {', '.join(KINDS)}.")
    wanted = KIND_LOW if kind == KIND_DECLINED else kind
    return [s for s in SUGGESTIONS if s.dimension == dimension and s.kind == wanted]


def practice_themes(dimension: str) -> list[str]:
    """The practice library's themes to link for a dimension: its own first."""
    if dimension not in DIMENSIONS:
        raise KeyError(dimension)
    return [dimension, *_RELATED_THEMES.get(dimension, [])]


def theme_label(theme: str) -> str:
    return THEME_LABELS[theme]
