"""The indicator catalogue of the Monitor (pure: no Django).

Two parts:

* :data:`STARTING_SET`: the indicators for culture cooperation that an IGS measures itself
  (activities, co-organisation, participants, reach, contributions, spending, support for small
  municipalities). Their figures come from the UiTdatabank counts or from files the IGS imports
  (:mod:`samenspel.monitor.measurements`), per municipality or for the IGS as a whole.
* the indicators of the real files in the bundle's ``indicators/`` folder (Gemeente- en
  Stadsmonitor 2023, annual accounts and multi-year plans), described by
  :func:`describe_file_indicator` from their code, with the metadata and caveats of that
  folder's ``SOURCES.md``.

Every indicator says what it measures, in which unit, from which source, for which reference
date and how often it is renewed; whether it is a register, a survey or an own registration;
whether higher is better; and whether it is measured per municipality or per IGS. An IGS can
add its own indicators (``igs`` set on the model); they follow the same fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: kind → Dutch label
KINDS = {"register": "register", "survey": "enquête", "own": "eigen registratie"}
#: direction → Dutch label
DIRECTIONS = {
    "up": "hoger is beter",
    "down": "lager is beter",
    "neutral": "geen richting (hoger is niet vanzelf beter)",
}
#: level → Dutch label
LEVELS = {"municipality": "gemeente", "igs": "IGS"}


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str
    definition: str
    unit: str
    source: str
    reference: str  # reference date or period, in words
    frequency: str
    kind: str  # register | survey | own
    direction: str  # up | down | neutral
    level: str  # municipality | igs
    source_url: str = ""
    caveat: str = ""
    allow_negative: bool = False
    whole_numbers: bool = False  # counts: a decimal value is refused on import
    sets: tuple[str, ...] = field(default=())  # indicator sets (import templates) it belongs to

    def __post_init__(self):
        if self.kind not in KINDS or self.direction not in DIRECTIONS or self.level not in LEVELS:
            raise ValueError(f"{self.code}: onbekende soort, richting of niveau")


# --------------------------------------------------------------------------------------------
# The starting set an IGS measures itself
# --------------------------------------------------------------------------------------------

#: The code of the activities indicator: the balance counts activities from its measurements
#: (the UiTdatabank counts are stored under it, and a file can bring them too).
ACTIVITIES = "ACT_AANTAL"
#: Event-days of the UiTdatabank counts (not in an import template: counted, not typed in).
EVENT_DAYS = "ACT_SPEELDAGEN"
COORGANISED = "ACT_COORGANISATIE"
PARTICIPANTS = "DEELNEMERS"
SPENDING = "IGS_UITGAVEN"
CONTRIBUTION = "IGS_BIJDRAGE"

UIT = "UiTdatabank (publiq), geteld door Samenspel"
UIT_URL = "https://docs.publiq.be/docs/uitdatabank/search-api/introduction"
OWN = "eigen registratie van het IGS (ingelezen bestand of manuele invoer)"

STARTING_SET: tuple[IndicatorDef, ...] = (
    IndicatorDef(
        ACTIVITIES,
        "Activiteiten",
        "Aantal culturele activiteiten met een plaats in de gemeente in het jaar (elke "
        "activiteit één keer, ongeacht het aantal speeldagen).",
        "activiteiten",
        UIT,
        "kalenderjaar",
        "jaarlijks (of telkens de UiTdatabank opnieuw wordt ingelezen)",
        "register",
        "up",
        "municipality",
        source_url=UIT_URL,
        caveat="Enkel wat in de UiTdatabank staat: activiteiten die niet ingevoerd zijn, "
        "tellen niet mee.",
        whole_numbers=True,
        sets=("activiteiten",),
    ),
    IndicatorDef(
        EVENT_DAYS,
        "Speeldagen",
        "Aantal dagen waarop culturele activiteiten met een plaats in de gemeente plaatsvinden, "
        "per activiteit geteld en samengeteld (een tentoonstelling van 30 dagen telt 30 "
        "speeldagen; twee voorstellingen van één activiteit op dezelfde dag tellen één dag).",
        "speeldagen",
        UIT,
        "kalenderjaar",
        "jaarlijks (of telkens de UiTdatabank opnieuw wordt ingelezen)",
        "register",
        "up",
        "municipality",
        source_url=UIT_URL,
        caveat="Permanent aanbod telt elke openingsdag tot het einde van het jaar van de "
        "inlezing; één lange tentoonstelling weegt zo zwaarder dan veel eendagsactiviteiten.",
        whole_numbers=True,
    ),
    IndicatorDef(
        "ACT_PER_1000",
        "Activiteiten per 1.000 inwoners",
        "Activiteiten in de gemeente gedeeld door het aantal inwoners op 1 januari, maal 1.000.",
        "per 1.000 inwoners",
        UIT + "; inwoners: Statbel",
        "kalenderjaar",
        "jaarlijks",
        "register",
        "up",
        "municipality",
        source_url=UIT_URL,
        caveat="Afgeleid uit het aantal activiteiten; een kleine gemeente schommelt sterk.",
    ),
    IndicatorDef(
        "ACT_BUITEN_CENTRUMSTAD",
        "Aandeel activiteiten buiten de centrumstad",
        "Activiteiten van het IGS-gebied buiten de centrumstad, als percentage van alle "
        "activiteiten in het IGS-gebied.",
        "%",
        UIT,
        "kalenderjaar",
        "jaarlijks",
        "register",
        "neutral",
        "igs",
        source_url=UIT_URL,
        caveat="Zegt pas iets naast het aandeel van de inwoners buiten de centrumstad.",
    ),
    IndicatorDef(
        COORGANISED,
        "Samen georganiseerde activiteiten",
        "Activiteiten met organisatoren of partners uit twee of meer gemeenten.",
        "activiteiten",
        UIT + " (organisatoren) of " + OWN,
        "kalenderjaar",
        "jaarlijks",
        "own",
        "up",
        "municipality",
        whole_numbers=True,
        sets=("activiteiten",),
    ),
    IndicatorDef(
        PARTICIPANTS,
        "Deelnemers",
        "Aantal deelnemers of bezoekers aan de activiteiten in de gemeente (tickets, "
        "tellingen of schattingen van de organisator).",
        "deelnemers",
        OWN,
        "kalenderjaar",
        "jaarlijks",
        "own",
        "up",
        "municipality",
        caveat="Tellingen en schattingen zijn niet even nauwkeurig; een bezoeker kan "
        "meermaals tellen.",
        whole_numbers=True,
        sets=("activiteiten",),
    ),
    IndicatorDef(
        "BEREIK_BUITEN_GASTGEMEENTE",
        "Bereik buiten de gastgemeente",
        "Deelnemers die niet in de gemeente van de activiteit wonen, als percentage van alle "
        "deelnemers met een gekende woonplaats.",
        "%",
        OWN + " (postcodes van tickets of UiTPAS)",
        "kalenderjaar",
        "jaarlijks",
        "own",
        "up",
        "municipality",
        caveat="Enkel deelnemers met een gekende woonplaats.",
        sets=("activiteiten",),
    ),
    IndicatorDef(
        CONTRIBUTION,
        "Bijdrage aan het IGS",
        "Wat de gemeente in het jaar aan het IGS betaalt (werkingsbijdrage volgens de "
        "verdeelsleutel of de begroting).",
        "EUR",
        OWN + " (begroting of verdeelsleutel)",
        "boekjaar",
        "jaarlijks",
        "own",
        "neutral",
        "municipality",
        sets=("financien",),
    ),
    IndicatorDef(
        SPENDING,
        "Uitgaven van het IGS in de gemeente",
        "Wat het IGS in het jaar uitgeeft aan activiteiten en projecten op het grondgebied van "
        "de gemeente.",
        "EUR",
        OWN + " (boekhouding van het IGS)",
        "boekjaar",
        "jaarlijks",
        "own",
        "neutral",
        "municipality",
        caveat="Gemeenschappelijke kosten (personeel, communicatie) die niet aan één gemeente "
        "toe te wijzen zijn, horen hier niet bij.",
        sets=("financien",),
    ),
    IndicatorDef(
        "CULTUURBUDGET_PER_INW",
        "Cultuurbudget per inwoner",
        "Uitgaven van de gemeente voor cultuur (beleidsdomein 07, zonder sport en jeugd) "
        "gedeeld door het aantal inwoners.",
        "EUR per inwoner",
        OWN + " (budget van de gemeente)",
        "boekjaar",
        "jaarlijks",
        "own",
        "neutral",
        "municipality",
        sets=("financien",),
    ),
    IndicatorDef(
        "STEUN_KLEINE_GEMEENTEN",
        "Ondersteuning van kleine gemeenten",
        "Uren of middelen die het IGS inzet voor gemeenten zonder eigen cultuurdienst of met "
        "minder inwoners dan de helft van het IGS-gemiddelde, als percentage van het totaal.",
        "%",
        OWN,
        "kalenderjaar",
        "jaarlijks",
        "own",
        "up",
        "igs",
        sets=("financien",),
    ),
)

#: set code → (Dutch title, codes), for the import templates
SETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "activiteiten": (
        "Activiteiten, samenwerking en bereik",
        tuple(d.code for d in STARTING_SET if "activiteiten" in d.sets),
    ),
    "financien": (
        "Bijdragen en uitgaven",
        tuple(d.code for d in STARTING_SET if "financien" in d.sets),
    ),
}

# --------------------------------------------------------------------------------------------
# The real files of the bundle's indicators/ folder (see its SOURCES.md)
# --------------------------------------------------------------------------------------------

GSM_SOURCE = (
    "Gemeente- en Stadsmonitor 2023, Agentschap Binnenlands Bestuur / Statistiek Vlaanderen"
)
GSM_URL = "https://gemeente-stadsmonitor.vlaanderen.be/"
BBC_SOURCE = "Agentschap Binnenlands Bestuur, BBC-DR (verwerkt door Embuild Vlaanderen)"
BBC_URL = "https://www.vlaanderen.be/lokaal-bestuur/beleids-en-beheerscyclus-bbc"

SURVEY_CAVEAT = (
    "Aandeel van de inwoners van 17 tot 85 jaar dat dit antwoord gaf, in hele procenten zoals "
    "gepubliceerd. De 13 centrumsteden beantwoordden de Stadsmonitor-variant van de vragenlijst. "
    "Gemeenten die op 1 januari 2025 fusioneerden, hebben één waarde per gemeente van vóór de "
    "fusie: ze samenvoegen vraagt respondentengewichten of inwonersaantallen."
)
VISIT_CAVEAT = (
    "Afgeleid: 100 min het percentage 'Nooit'. De vragenlijst biedt ook 'Niet aanwezig in mijn "
    "gemeente', dus het cijfer kan dat aandeel bevatten; het is niet zonder meer het aandeel dat "
    "minstens één keer bezocht. "
)
JR_CAVEAT = (
    "Enkel investeringen, geen werkingsuitgaven. In het bronbestand staan enkel waarden "
    "verschillend van nul: een ontbrekende waarde betekent nul of niet gerapporteerd. Per "
    "inwoner op basis van de bevolking van het boekjaar."
)
MJP_CAVEAT = (
    "Geplande investeringen uit het meerjarenplan, geen gerealiseerde uitgaven, en geen "
    "werkingsuitgaven. Per inwoner op basis van de bevolking van het boekjaar."
)

#: survey code → (name, definition of the answer counted, direction)
GSM_ITEMS: dict[str, tuple[str, str]] = {
    "GSM_CU_S_07": ("Tevredenheid over bibliotheekvoorzieningen", "Tevreden (%)"),
    "GSM_CU_S_08": ("Tevredenheid over culturele voorzieningen", "Tevreden (%)"),
    "GSM_CU_S_12": ("Tevredenheid over sportvoorzieningen", "Tevreden (%)"),
    "GSM_CU_S_19": ("Tevredenheid over jongerenvoorzieningen", "Tevreden (%)"),
    "GSM_CU_S_20": ("Tevredenheid over uitgaansgelegenheden", "Tevreden (%)"),
    "GSM_CU_S_22a": ("Voldoende activiteiten voor kinderen", "Eens (%)"),
    "GSM_CU_S_22b": ("Voldoende activiteiten voor opgroeiende jeugd", "Eens (%)"),
    "GSM_CU_S_23": ("Voldoende activiteiten voor senioren", "Eens (%)"),
    "GSM_CU_S_29": ("Voldoende activiteiten in de gemeente of stad", "Eens (%)"),
    "GSM_SA_S_05": ("Lid van minstens één vereniging", "Ja/Lid (%)"),
    "GSM_SA_S_06": ("Regelmatig vrijwilligerswerk", "Ja (%)"),
    "GSM_SA_S_17": ("Voldoende ontmoetingsplaatsen", "Eens (%)"),
}
GSM_VISITS: dict[str, str] = {
    "GSM_CU_S_02": "Bezoek aan een museum of tentoonstelling in de eigen gemeente",
    "GSM_CU_S_03": "Bibliotheekbezoek in de eigen gemeente",
    "GSM_CU_S_04": "Bezoek aan podiumkunsten of een concert in de eigen gemeente",
    "GSM_CU_S_06": "Cultuur in de eigen gemeente",
    "GSM_CU_S_10": "Sporten in de eigen gemeente",
}
JR_FIELDS: dict[str, str] = {
    "070": "Culturele instellingen",
    "071": "Evenementen",
    "072": "Erfgoed",
    "073": "Overig kunst- en cultuurbeleid",
    "074": "Sport",
    "075": "Jeugd",
    "082": "Deeltijds kunstonderwijs",
}
MJP_FIELDS: dict[str, str] = {
    "0700": "Musea",
    "0701": "Cultuurcentrum",
    "0702": "Schouwburg, concertgebouw, opera",
    "0703": "Openbare bibliotheken",
    "0705": "Gemeenschapscentrum",
    "0709": "Overige culturele instellingen",
    "0710": "Feesten en plechtigheden",
    "0711": "Openluchtrecreatie",
    "0712": "Festivals",
    "0719": "Overige evenementen",
    "0720": "Monumentenzorg",
    "0721": "Archeologie",
    "0729": "Overig beleid inzake het erfgoed",
    "0739": "Overig kunst- en cultuurbeleid",
    "0740": "Sportsector- en verenigingsondersteuning",
    "0741": "Sportpromotie en -evenementen",
    "0742": "Sportinfrastructuur",
    "0749": "Overig sportbeleid",
    "0750": "Jeugdsector- en verenigingsondersteuning",
    "0751": "Gemeentelijke dienstverlening gericht op kinderen en jongeren",
    "0752": "Infrastructuur en faciliteiten voor kinderen en jongeren",
    "0759": "Overige activiteiten met betrekking tot jeugd",
}
_MJP = re.compile(r"BBC_MJP(?P<plan>20\d\d)_INV_(?P<field>\d{4})_(?P<unit>EUR|EUR_INW)")
_JR = re.compile(r"BBC_JR_INV_(?:BV(?P<field>\d{3})|TOTAAL)")


def describe_file_indicator(code: str, source: str = "") -> IndicatorDef:
    """The catalogue entry of an indicator code of the bundle's ``indicators/`` files.

    ``source`` is the file's ``source`` column (``github:owner/repo@commit:path``): it is kept
    as the indicator's source URL. An unknown code raises :class:`ValueError` (in Dutch), so a
    new code in the bundle is noticed instead of loaded without metadata."""
    if code in GSM_ITEMS:
        name, answer = GSM_ITEMS[code]
        return IndicatorDef(
            code,
            name,
            f"{name}: aandeel van de inwoners met het antwoord {answer} "
            f"(vraag {code.removeprefix('GSM_')} van de Gemeente- en Stadsmonitor).",
            "% van de respondenten",
            GSM_SOURCE,
            "2023 (bevraging)",
            "om de drie jaar (2017, 2020, 2023)",
            "survey",
            "up",
            "municipality",
            source_url=source or GSM_URL,
            caveat=SURVEY_CAVEAT,
            whole_numbers=True,
        )
    if code in GSM_VISITS:
        name = GSM_VISITS[code]
        return IndicatorDef(
            code,
            f"{name} (afgeleid)",
            f"{name}: 100 min het percentage inwoners dat 'Nooit' antwoordde "
            f"(vraag {code.removeprefix('GSM_')} van de Gemeente- en Stadsmonitor).",
            "% van de respondenten",
            GSM_SOURCE + "; afleiding door de verwerker van het bestand",
            "2023 (bevraging)",
            "om de drie jaar (2017, 2020, 2023)",
            "survey",
            "up",
            "municipality",
            source_url=source or GSM_URL,
            caveat=VISIT_CAVEAT + SURVEY_CAVEAT,
            whole_numbers=True,
        )
    m = _JR.fullmatch(code)
    if m:
        bv = m.group("field")
        if bv and bv not in JR_FIELDS:
            raise ValueError(f"Onbekend beleidsveld {bv} in indicator {code}.")
        what = f"beleidsveld {bv} {JR_FIELDS[bv]}" if bv else "alle beleidsdomeinen"
        return IndicatorDef(
            code,
            f"Investeringen per inwoner (jaarrekening), {what}",
            f"Investeringsuitgaven volgens de jaarrekening van de gemeente, {what}, "
            "gedeeld door het aantal inwoners.",
            "EUR per inwoner",
            BBC_SOURCE,
            "boekjaar (2024 per beleidsveld; 2014–2024 voor het totaal)",
            "jaarlijks",
            "register",
            "neutral",
            "municipality",
            source_url=source or BBC_URL,
            caveat=JR_CAVEAT
            + (
                " Grondgebied van 2025 zoals de bron het geeft ('fusies inbegrepen')."
                if not bv
                else ""
            ),
            allow_negative=True,  # corrections in the accounts give a few negative values
        )
    m = _MJP.fullmatch(code)
    if m:
        bv = m.group("field")
        if bv not in MJP_FIELDS:
            raise ValueError(f"Onbekend beleidsveld {bv} in indicator {code}.")
        per_inw = m.group("unit") == "EUR_INW"
        plan = m.group("plan")
        return IndicatorDef(
            code,
            f"Geplande investeringen {'per inwoner ' if per_inw else ''}"
            f"(meerjarenplan {plan}), {bv} {MJP_FIELDS[bv]}",
            f"Geplande investeringsuitgaven in beleidsveld {bv} {MJP_FIELDS[bv]} volgens het "
            f"meerjarenplan opgemaakt in {plan}, per boekjaar"
            + (", gedeeld door het aantal inwoners." if per_inw else "."),
            "EUR per inwoner" if per_inw else "EUR",
            BBC_SOURCE,
            f"boekjaren van het meerjarenplan {plan}",
            "per meerjarenplan (om de zes jaar, met aanpassingen)",
            "register",
            "neutral",
            "municipality",
            source_url=source or BBC_URL,
            caveat=MJP_CAVEAT,
        )
    raise ValueError(f"Indicator {code} staat niet in de catalogus van Samenspel.")


def starting_set() -> dict[str, IndicatorDef]:
    return {d.code: d for d in STARTING_SET}


def label(kind_or_direction_or_level: str) -> str:
    """The Dutch label of a kind, direction or level code."""
    for table in (KINDS, DIRECTIONS, LEVELS):
        if kind_or_direction_or_level in table:
            return table[kind_or_direction_or_level]
    return kind_or_direction_or_level
