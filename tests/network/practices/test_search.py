"""The pure search: normalisation, ranking on a hand-made set, facets and their counts."""

from samenspel.network.practices.search import (
    Doc,
    facet_rows,
    match_quality,
    normalise,
    query_tokens,
    search,
)


def test_normalise_folds_case_and_accents_and_splits_on_punctuation():
    assert normalise("  Cultúur-beleid, coördinatie!") == "cultuur beleid coordinatie"
    assert normalise("ÉÉN café") == "een cafe"
    assert normalise("") == ""


def test_query_tokens_drop_function_words_and_repeats_and_are_bounded():
    assert query_tokens("De cultuur en het Cultúur van de regio") == ["cultuur", "regio"]
    # only function words: kept rather than searching for nothing
    assert query_tokens("de het") == ["de", "het"]
    assert len(query_tokens(" ".join(f"woord{i}" for i in range(50)))) == 8
    assert query_tokens("x" * 5000) == ["x" * 200]


def test_match_quality_whole_prefix_inside():
    words = {"streekbibliotheek", "samenwerking", "plein"}
    assert match_quality("plein", words) == 1.0
    assert match_quality("samenwerk", words) == 0.75
    assert match_quality("bibliotheek", words) == 0.5
    assert match_quality("eek", words) == 0.0  # too short to match inside a word
    assert match_quality("ploeg", words) == 0.0


def _set():
    # A: the word in the title; B: in the summary; C: in the body; D: only the start of a word
    # in the title; E: does not contain it.
    return [
        Doc(1, "Vertrouwen tussen schepenen", "Een etentje.", "", "", {"thema": {"vertrouwen"}}, 1),
        Doc(
            2, "Jaarlijks overleg", "Vertrouwen groeit langzaam.", "", "", {"thema": {"doelen"}}, 2
        ),
        Doc(3, "Gedeelde affiche", "Samen drukken.", "Het vertrouwen kwam later.", "", {}, 3),
        Doc(4, "Vertrouwensband", "", "", "", {"thema": {"vertrouwen"}}, 4),
        Doc(5, "Verdeelsleutel", "Per inwoner.", "", "", {"thema": {"verdeelsleutel"}}, 5),
    ]


def test_ranking_title_beats_summary_beats_body():
    r = search(_set(), "vertrouwen", {})
    # scores by hand: 1: title whole 5×1 = 5; 4: title prefix 5×0,75 = 3,75;
    # 2: summary whole 3×1 = 3; 3: body whole 1×1 = 1; 5: no match
    assert [(h.doc.id, h.score) for h in r.hits] == [(1, 5.0), (4, 3.75), (2, 3.0), (3, 1.0)]


def test_all_words_must_match_and_scores_add_up():
    r = search(_set(), "vertrouwen etentje", {})
    # only 1 has both: 5 (title) + 3 (summary) = 8
    assert [(h.doc.id, h.score) for h in r.hits] == [(1, 8.0)]


def test_accents_and_case_do_not_matter_either_way():
    docs = [Doc(1, "Cultúur in de regio", "", "", "", {}, 1), Doc(2, "CULTUUR", "", "", "", {}, 2)]
    assert {h.doc.id for h in search(docs, "cultuur", {}).hits} == {1, 2}
    assert {h.doc.id for h in search(docs, "Cultúur", {}).hits} == {1, 2}


def test_without_a_query_the_newest_come_first():
    assert [h.doc.id for h in search(_set(), "", {}).hits] == [5, 4, 3, 2, 1]


def _facetted():
    # kind / theme / year per doc
    rows = [
        (1, "goed", {"vertrouwen"}, "2023"),
        (2, "goed", {"vertrouwen", "doelen"}, "2024"),
        (3, "leerrijk", {"doelen"}, "2024"),
        (4, "leerrijk", {"werklast"}, "2022"),
        (5, "goed", {"werklast"}, "2024"),
    ]
    return [
        Doc(i, f"Praktijk {i}", "", "", "", {"soort": {k}, "thema": t, "jaar": {y}}, i)
        for i, k, t, y in rows
    ]


def test_facet_counts_without_a_choice_count_every_match():
    r = search(_facetted(), "", {}, facets=("soort", "thema", "jaar"))
    assert r.counts["soort"] == {"goed": 3, "leerrijk": 2}
    # doc 2 has two themes and counts in both
    assert r.counts["thema"] == {"vertrouwen": 2, "doelen": 2, "werklast": 2}
    assert r.counts["jaar"] == {"2024": 3, "2023": 1, "2022": 1}


def test_chosen_values_or_within_a_facet_and_across_facets():
    chosen = {"thema": {"doelen", "werklast"}, "soort": {"leerrijk"}}
    r = search(_facetted(), "", chosen, facets=("soort", "thema", "jaar"))
    # (doelen or werklast) and leerrijk: docs 3 and 4
    assert sorted(h.doc.id for h in r.hits) == [3, 4]
    # soort counted over the theme choice only (docs 2,3,4,5): goed 2, leerrijk 2
    assert r.counts["soort"] == {"goed": 2, "leerrijk": 2}
    # thema counted over the soort choice only (docs 3,4)
    assert r.counts["thema"] == {"doelen": 1, "werklast": 1}
    # jaar counted over both choices (docs 3,4)
    assert r.counts["jaar"] == {"2024": 1, "2022": 1}


def test_facet_counts_follow_the_query():
    docs = _facetted()
    docs[0] = Doc(1, "Bibliotheek", "", "", "", docs[0].facets, 1)
    r = search(docs, "bibliotheek", {}, facets=("soort",))
    assert r.counts["soort"] == {"goed": 1}


def test_facet_rows_keep_a_chosen_value_without_results_and_order_them():
    rows = facet_rows({"b": 2, "a": 2, "c": 5}, {"a": "Alfa", "b": "Bèta", "c": "Gamma"}, ["z"])
    assert [(r.value, r.count, r.chosen) for r in rows] == [
        ("c", 5, False),
        ("a", 2, False),
        ("b", 2, False),
        ("z", 0, True),
    ]
    years = facet_rows({"2022": 1, "2024": 3}, {}, order="value_desc")
    assert [r.value for r in years] == ["2024", "2022"]
    many = facet_rows({str(i): 1 for i in range(100)}, {}, ["99"], limit=5)
    assert len(many) == 6 and many[-1].value == "99"


def test_an_apostrophe_or_hyphen_in_the_query_finds_what_a_dutch_reader_expects():
    """'Regio's' is one word to a reader: it finds a practice about the 'Regio Kortrijk' that
    has no other word starting with an s (the loose 's' of "regio's" must not be required).
    'stad-tot-stad' finds the city-to-city practice written as "stad tot stad" and the one
    written with hyphens; 'z'n' keeps its 'zn'-less meaning: only "regio" remains."""
    docs = [
        Doc(1, "Regio Kortrijk deelt één uitleendienst", "", "", "", {}, 1),
        Doc(2, "Stad tot stad: Kortrijk en Roeselare", "", "", "", {}, 2),
        Doc(3, "Stad-tot-stad tussen Aalst en Dendermonde", "", "", "", {}, 3),
        Doc(4, "Een gedeelde affiche", "", "", "", {}, 4),
    ]
    assert query_tokens("Regio's") == ["regio"]
    assert [h.doc.id for h in search(docs, "Regio's", {}).hits] == [1]
    assert [h.doc.id for h in search(docs, "regio’s", {}).hits] == [1]  # typographic apostrophe
    assert [h.doc.id for h in search(docs, "z'n regio", {}).hits] == [1]
    # both written forms, newest first at the same score (title, whole word: 5)
    found = search(docs, "stad-tot-stad", {}).hits
    assert [(h.doc.id, h.score) for h in found] == [(3, 5.0), (2, 5.0)]
    # a single letter alone is still searched (rather than searching for nothing)
    assert query_tokens("s") == ["s"]


def test_many_words_over_many_long_practices_stay_fast():
    """The worst case the prefilter lets through: 2.000 practices that all contain the 8 words
    of the query, each practice with 2.000 other distinct words, and every query word only the
    start of a word in the text ("samenwerk" for "samenwerkingen"), so no whole word ends the
    look-up early. A visitor waits well under 2 s (it took about 10 s when every word of every
    practice was compared one by one)."""
    import random
    import string
    import time

    rnd = random.Random(11)
    vocab = [
        "".join(rnd.choices(string.ascii_lowercase, k=rnd.randint(4, 12))) for _ in range(20_000)
    ]
    stems = [
        "samenwerk",
        "vertrouw",
        "bibliothe",
        "erfgoedc",
        "cultuurc",
        "netwerkm",
        "affichec",
        "jeugdwer",
    ]
    endings = " ".join(s + "ingen" for s in stems)
    docs = [
        Doc(
            i,
            f"Praktijk {i}",
            "Een samenvatting.",
            "",
            "",
            {},
            i,
            all_words=" ".join(rnd.sample(vocab, 2_000)) + " " + endings,
        )
        for i in range(2_000)
    ]
    start = time.perf_counter()
    result = search(docs, " ".join(stems), {})
    elapsed = time.perf_counter() - start
    assert len(result.hits) == 2_000
    # each word: the start of a word in the body (1 × 0,75), 8 words: 6
    assert {h.score for h in result.hits} == {6.0}
    assert elapsed < 2.0, f"{elapsed:.1f} s"
