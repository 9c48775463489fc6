"""The support organisations around supra-local culture in Flanders ("Wie is wie"); pure: no Django.

The research asks OP/TIL to "verduidelijk[en] ... de rol en focus van de andere
bovenbouworganisaties, zoals Faro, Cultuurconnect en VVSG" (shared/docs/
onderzoek-centrumsteden-samenvatting.txt). Each entry states its role and focus in our own
words, what an IGS or a municipality can ask it, the page that confirms it (``source_url``) and
the day that page was read (``checked``). What no source confirmed is said in ``unconfirmed``
and shown as "niet bevestigd".

``code`` is also the code a ``steunpunt`` role is held in (``accounts.Role.organisation``,
checked against this list), so the staff of an organisation who agreed to be listed appear under
it in "Wie is wie". That is why the list lives in accounts, below the Netwerk that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from samenspel.core.text import fold

#: The day the sources below were read for this list.
CHECKED = date(2026, 12, 2)


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    full_name: str
    role: str  # what it is (one line)
    focus: str  # what it does for local and supra-local culture
    ask_for: str  # what an IGS or a municipality can come to it for
    website: str
    source_url: str
    checked: date = CHECKED
    unconfirmed: str = ""  # what could not be confirmed ("" when everything was)
    kind: str = "steunpunt"  # steunpunt, vereniging, overheid, kenniscentrum


ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation(
        code="optil",
        name="OP/TIL",
        full_name="OP/TIL, steunpunt voor bovenlokale cultuur",
        role=(
            "Steunpunt van het Bovenlokaal Cultuurdecreet, erkend en gesubsidieerd door Vlaanderen."
        ),
        focus=(
            "Informeert, ondersteunt en inspireert wie over gemeentegrenzen, sectoren en "
            "disciplines heen werkt rond cultuur. Aanspreekpunt en expertisecentrum voor de IGS "
            "bovenlokale cultuur en voor lokale besturen bij de regiovorming; opdracht rond "
            "bovenlokaal bibliotheekbeleid en de lokale cultuurdiensten (sinds 2022). "
            "Opdrachtgever van het onderzoek naar centrumsteden waarop Samenspel steunt."
        ),
        ask_for=(
            "Advies bij een bovenlokaal project of een IGS, begeleiding bij regiovorming, "
            "netwerkmomenten, goede voorbeelden."
        ),
        website="https://www.cultuuroptil.be/",
        source_url="https://www.cultuuroptil.be/over-steunpunt-bovenlokale-cultuur/",
    ),
    Organisation(
        code="faro",
        name="FARO",
        full_name="FARO. Vlaams steunpunt voor cultureel erfgoed vzw",
        role="Steunpunt voor het roerend en immaterieel cultureel erfgoed.",
        focus=(
            "Ondersteunt musea, archieven, erfgoedbibliotheken, erfgoedcellen, heemkundige "
            "kringen en lokale besturen in hun erfgoedwerking: praktijkondersteuning, "
            "praktijkontwikkeling, beeldvorming; coördineert Erfgoeddag. Geeft zelf geen subsidies."
        ),
        ask_for=(
            "Erfgoed in een bovenlokale werking, samenwerking met een erfgoedcel, vorming voor "
            "erfgoedwerkers."
        ),
        website="https://faro.be/",
        source_url="https://faro.be/index.php/over-faro",
    ),
    Organisation(
        code="cultuurconnect",
        name="Cultuurconnect",
        full_name="Cultuurconnect vzw",
        role=(
            "Organisatie van de Vlaamse overheid voor de lokale bibliotheken en cultuurhuizen, "
            "ontstaan in 2016 uit Bibnet en LOCUS (het vroegere steunpunt lokaal cultuurbeleid)."
        ),
        focus=(
            "Digitale basisinfrastructuur en innovatie voor bibliotheken (één bibliotheeksysteem, "
            "e-boeken) en voor cultuur- en gemeenschapscentra (Digitaal Podium, ticketing), "
            "experimenten met lokale besturen."
        ),
        ask_for=(
            "Digitale diensten voor de bib of het cultuurhuis, samenwerking tussen bibliotheken "
            "of cultuurhuizen in een regio."
        ),
        website="https://www.cultuurconnect.be/",
        source_url="http://www.cultuurconnect.be/node/1100",
        unconfirmed=(
            "Hoe Cultuurconnect vandaag de regionale samenwerking van bibliotheken ondersteunt, "
            "naast de opdracht van OP/TIL rond bovenlokaal bibliotheekbeleid."
        ),
    ),
    Organisation(
        code="vvsg",
        name="VVSG",
        full_name="Vereniging van Vlaamse Steden en Gemeenten vzw",
        role=(
            "Ledenorganisatie van de lokale besturen: steden en gemeenten, OCMW's, politiezones, "
            "intercommunales en andere interlokale samenwerkingsverbanden."
        ),
        focus=(
            "Dienstverlening (informatie, advies, vorming), belangenbehartiging van het lokale "
            "bestuur bij Vlaanderen, en netwerk; volgt het Bovenlokaal Cultuurdecreet en de "
            "regiovorming op en schrijft er nieuwsberichten over."
        ),
        ask_for=(
            "Wat een nieuw decreet of de regiovorming betekent voor je bestuur, de stem van de "
            "gemeenten bij Vlaanderen, kennisuitwisseling tussen besturen."
        ),
        website="https://www.vvsg.be/",
        source_url="https://vvsg.be/over-ons",
        kind="vereniging",
    ),
    Organisation(
        code="publiq",
        name="publiq",
        full_name="publiq vzw",
        role=(
            "Organisatie voor vrijetijdscommunicatie en -participatie met een beheersovereenkomst "
            "met Vlaanderen (sinds 2024 onder het decreet Digitale Transformatie)."
        ),
        focus=(
            "Beheert de UiTdatabank (het vrijetijdsaanbod in Vlaanderen en Brussel), "
            "UiTinVlaanderen en het UiT-netwerk van lokale besturen, en de UiTPAS met kansentarief "
            "(ook in UiTPAS-regio's van meerdere gemeenten)."
        ),
        ask_for=(
            "Activiteiten invoeren en tonen per gemeente, een regionale UiTPAS, cijfers over het "
            "aanbod (de Monitor van Samenspel leest UiTdatabank-gegevens in)."
        ),
        website="https://www.publiq.be/",
        source_url=(
            "https://www.publiq.be/nl/nieuws/een-nieuwe-beheersovereenkomst-voor-publiq-wat-"
            "betekent-dit-voor-jou"
        ),
    ),
    Organisation(
        code="cjm",
        name="Departement Cultuur, Jeugd en Media",
        full_name="Vlaamse overheid, Departement Cultuur, Jeugd en Media (CJM)",
        role="Administratie van de Vlaamse overheid die het Bovenlokaal Cultuurdecreet uitvoert.",
        focus=(
            "Beoordeelt aanvragen en kent de werkingssubsidies voor IGS bovenlokale cultuur en de "
            "projectsubsidies toe; publiceert de regels, indiendata en toegekende subsidies; "
            "sluit de beheersovereenkomsten met steunpunten zoals Socius."
        ),
        ask_for="Subsidievoorwaarden, indiendata en de afhandeling van een subsidiedossier.",
        website="https://www.vlaanderen.be/cjm/nl",
        source_url=(
            "https://www.vlaanderen.be/cjm/nl/cultuur/bovenlokale-cultuur/subsidies/"
            "werkingssubsidie-voor-intergemeentelijke-samenwerkingsverbanden"
        ),
        kind="overheid",
    ),
    Organisation(
        code="abb",
        name="Agentschap Binnenlands Bestuur",
        full_name="Vlaamse overheid, Agentschap Binnenlands Bestuur (ABB)",
        role=(
            "Agentschap van de Vlaamse overheid voor de lokale besturen; coördineert de "
            "regiovorming."
        ),
        focus=(
            "Algemene coördinatie van de regiovorming en de referentieregio's (vragen aan "
            "regiovorming@vlaanderen.be), juridische en technische ondersteuning van "
            "grensgemeenten, kaartmateriaal van de regio's."
        ),
        ask_for=(
            "Vragen over de referentieregio's en hoe een samenwerkingsverband regioconform wordt."
        ),
        website="https://lokaalbestuur.vlaanderen.be/",
        source_url=(
            "https://lokaalbestuur.vlaanderen.be/faq/strategische-projecten/"
            "hoe-worden-gemeenten-en-regio%E2%80%99s-ondersteund-bij-regiovorming"
        ),
        kind="overheid",
    ),
    Organisation(
        code="socius",
        name="Socius",
        full_name="Socius, steunpunt voor sociaal-cultureel werk vzw",
        role="Steunpunt voor het sociaal-cultureel volwassenenwerk, gesubsidieerd door CJM.",
        focus=(
            "Praktijkondersteuning, praktijkontwikkeling, beeldvorming en communicatie voor "
            "sociaal-culturele organisaties en initiatieven; verbinding binnen en buiten dat veld."
        ),
        ask_for=(
            "Samenwerking met verenigingen en sociaal-culturele organisaties in de regio, "
            "vrijwilligerswerk, participatie."
        ),
        website="https://socius.be/",
        source_url=(
            "https://www.vlaanderen.be/cjm/nl/cultuur/sociaal-cultureel-volwassenenwerk/"
            "actoren-het-veld"
        ),
    ),
    Organisation(
        code="kunstenpunt",
        name="Kunstenpunt",
        full_name="Kunstenpunt (Flanders Arts Institute)",
        role=(
            "Steunpunt voor de professionele kunsten: podiumkunsten, klassieke muziek, "
            "beeldende kunst."
        ),
        focus=(
            "Info en advies, verbinden en uitwisselen, beschrijving van het kunstenveld "
            "(Landschapstekening) en internationale promotie."
        ),
        ask_for=(
            "Kennis over het kunstenveld en kunstenaars, bij een bovenlokaal project met "
            "professionele kunstenaars."
        ),
        website="https://www.kunsten.be/",
        source_url="https://www.kunsten.be/over-kunstenpunt/missie-visie-waarden/",
    ),
    Organisation(
        code="demos",
        name="Demos",
        full_name="Dēmos",
        role="Kenniscentrum (sinds 2025 deel van publiq vzw).",
        focus=(
            "Volgt maatschappelijke ontwikkelingen in cultuur, jeugdwerk en sport en werkt aan "
            "gelijke participatiekansen, in het bijzonder van groepen die ondervertegenwoordigd "
            "zijn."
        ),
        ask_for="Participatie van kansengroepen in een bovenlokale cultuurwerking.",
        website="https://demos.be/",
        source_url="https://demos.be/programmas/participatieve-kunstpraktijken",
        kind="kenniscentrum",
    ),
)

BY_CODE: dict[str, Organisation] = {o.code: o for o in ORGANISATIONS}

KIND_LABELS = {
    "steunpunt": "steunpunt",
    "vereniging": "vereniging van besturen",
    "overheid": "Vlaamse overheid",
    "kenniscentrum": "kenniscentrum",
}


def search(organisations, query: str) -> list[Organisation]:
    """The organisations whose name, role or focus contains every word of ``query``, ignoring
    case, accents, apostrophes and hyphens (:func:`samenspel.core.text.fold`, as "Wie is wie"
    searches people); all of them for an empty query."""
    words = fold(query).split()
    out = []
    for o in organisations:
        text = fold(" ".join((o.name, o.full_name, o.role, o.focus, o.ask_for)))
        if all(w in text for w in words):
            out.append(o)
    return out
