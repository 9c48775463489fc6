"""Codes between commas (core.codes), the storage of partners in the scan and the Netwerk."""

from samenspel.core.codes import join_codes, split_codes


def test_join_keeps_order_and_drops_repeats_and_blanks():
    assert join_codes(["44021", "", "44088", "44021"]) == ",44021,44088,"
    assert join_codes([]) == ""


def test_split_reverses_join_and_accepts_nothing():
    assert split_codes(",44021,44088,") == ["44021", "44088"]
    assert split_codes(join_codes(["noord", "zuid"])) == ["noord", "zuid"]
    assert split_codes("") == split_codes(None) == []
