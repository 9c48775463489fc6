"""The one accent folding of the searches in accounts and the Netwerk (core.text)."""

from samenspel.core.text import fold, strip_accents


def test_fold_drops_case_accents_apostrophes_and_hyphens():
    assert fold("Coördinatie") == "coordinatie"
    assert fold("Sint-Niklaas") == "sint niklaas"
    assert fold("D’Haese") == fold("d'haese") == fold("DHaese") == "dhaese"
    assert fold("Lèuven – Brussel") == "leuven   brussel"  # the dash is a space, no word


def test_strip_accents_keeps_punctuation_for_callers_that_split_words():
    assert strip_accents("Cultúur-beleid, COÖRDINATIE!") == "cultuur-beleid, coordinatie!"
    assert strip_accents("") == ""
