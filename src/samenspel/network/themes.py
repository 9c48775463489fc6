"""The themes shared by the Samenwerkingsscan (its dimensions) and the practice library (a facet).

A low or diverging scan score on a dimension links to practices with the same theme. The first
eleven follow the themes of the research (KU Leuven for OP/TIL, "Hoe betrek je centrumsteden
sterker bij intergemeentelijke samenwerking rond cultuur?", see
shared/docs/onderzoek-centrumsteden-samenvatting.txt); the last two are recommendations of the
same research that are not scan dimensions (networks and communication, a clear verdeelsleutel).
Pure: no Django.
"""

from __future__ import annotations

#: (code, label) in the order the scan shows its dimensions.
THEMES: list[tuple[str, str]] = [
    ("vertrouwen", "Vertrouwen (ambtelijk en politiek)"),
    ("geschiedenis", "Gedeelde geschiedenis en kleine successen"),
    ("doelen", "Heldere doelen en wederzijdse verwachtingen"),
    ("identiteit", "Regionale identiteit"),
    ("winwin", "Win-win en wat elke partner terugkrijgt"),
    ("werklast", "Werklast en capaciteit"),
    ("nabijheid", "Nabijheid tegenover schaal"),
    ("gelijkwaardigheid", "Gelijkwaardigheid en dominantie"),
    ("goodwill", "Politieke goodwill"),
    ("steden", "Banden met andere steden"),
    ("referentieregio", "Aansluiting bij de referentieregio"),
    ("netwerk", "Netwerkvorming en transparante communicatie"),
    ("verdeelsleutel", "Verdeelsleutel en financiering"),
]
THEME_LABELS = dict(THEMES)
#: The scan's dimensions: the first eleven themes.
SCAN_DIMENSIONS = [code for code, _ in THEMES[:11]]
