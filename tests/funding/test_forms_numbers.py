"""The Verdeelsleutel form reads Belgian numbers and refuses hostile ones with a Dutch error.

Every field error is a form error (the view answers 400 on an invalid form), never an exception.
"""

from decimal import Decimal

import pytest
from django import forms

from samenspel.funding.forms import ComparisonForm, check_benefit_codes, parse_pairs

BASE = {"igs": "noord", "sleutel_1": "inwoners"}


def form(**data):
    return ComparisonForm(data={**BASE, **data})


@pytest.mark.parametrize("text", ["250.000,50", "250000,50", "250000.50", "250.000,5"])
def test_amount_in_each_belgian_spelling(text):
    f = form(bedrag=text)
    assert f.is_valid(), f.errors
    assert f.cleaned_data["bedrag"] == Decimal("250000.50")


def test_amount_with_thousands_dot_only():
    f = form(bedrag="250.000")
    assert f.is_valid(), f.errors
    assert f.cleaned_data["bedrag"] == Decimal("250000")


def test_rate_of_three_decimals_and_fixed_amount_reach_the_key_unchanged():
    # 4.000 € vast + 0,235 € per inhabitant, as in the field test.
    f = form(sleutel_1="vast-plus-inwoners", vast="4.000", per_inwoner="0,235")
    assert f.is_valid(), f.errors
    spec = f.specs()[0]
    assert (spec.fixed, spec.per_inhabitant) == (4000.0, 0.235)


def test_cap_in_percent_becomes_a_share_and_exponent_is_read():
    f = form(max_aandeel="33,5", schaal="0,8", vaste_kost="25.000")
    assert f.is_valid(), f.errors
    assert f.specs()[0].max_share == 0.335
    model = f.model()
    assert (model.fixed_cost, model.exponent) == (25_000.0, 0.8)


def test_number_fields_ask_phones_for_a_decimal_keyboard():
    f = ComparisonForm()
    for name in ("bedrag", "vast", "per_inwoner", "max_aandeel", "minimum", "vaste_kost"):
        html = str(f[name])
        assert 'inputmode="decimal"' in html and 'type="text"' in html, name


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bedrag", "1e26", "wetenschappelijke notatie"),
        ("bedrag", "1e308", "wetenschappelijke notatie"),
        ("bedrag", "1e999", "wetenschappelijke notatie"),
        ("bedrag", "inf", "geen getal"),
        ("bedrag", "nan", "geen getal"),
        ("bedrag", "1.000.000.001", "hoogstens 1.000.000.000 €"),
        ("bedrag", "0", "minstens 0,01 €"),
        ("bedrag", "100,005", "hoogstens 2"),
        ("bedrag", "1,2,3", "maar één komma"),
        ("vast", "1e30", "wetenschappelijke notatie"),
        ("vast", "100.000.001", "hoogstens 100.000.000 €"),
        ("vast", "-1", "minstens 0 €"),
        ("minimum", "1e30", "wetenschappelijke notatie"),
        ("minimum", "9" * 30, "veel te groot"),
        ("per_inwoner", "1e30", "wetenschappelijke notatie"),
        ("per_inwoner", "1.235", "duizendtallen"),  # 1235 € per inhabitant: the dot explained
        ("max_aandeel", "150", "hoogstens 100 %"),
        ("vaste_kost", "2.000.000.000", "hoogstens 1.000.000.000 €"),
        ("schaal", "0", "groter zijn dan 0"),
        ("schaal", "2,5", "hoogstens 2"),
        ("gewichten", "inwoners=1e308,draagkracht=1", "wetenschappelijke notatie"),
        ("gewichten", "inwoners=1001,draagkracht=1", "hoogstens 1.000"),
        ("gewichten", "inwoners=-1,draagkracht=2", "minstens 0"),
        ("gewichten", "inwoners=0,5,inwoners=0,5", "meer dan eens"),
        ("gewichten", "inwoners=veel", "is geen getal"),
        ("profijt", "44021=inf", "geen getal"),
        ("profijt", "gent=100", "'gent' is geen REFNIS-code"),
    ],
)
def test_hostile_values_give_a_form_error_on_their_field(field, value, message):
    f = form(**{field: value})
    assert not f.is_valid()
    assert field in f.errors, f.errors
    assert any(message in e for e in f.errors[field]), f.errors[field]


def test_mix_weights_with_decimal_commas_or_dots():
    # Decimal commas: a comma followed by a part without '=' belongs to the number.
    for text in (
        "inwoners=0,5,draagkracht=0,3,profijt=0,2",
        "inwoners=0.5;draagkracht=0.3;profijt=0.2",
    ):
        f = form(sleutel_1="mix", gewichten=text)
        assert f.is_valid(), f.errors
        assert f.cleaned_data["weights"] == {"inwoners": 0.5, "draagkracht": 0.3, "profijt": 0.2}


def test_benefit_for_a_municipality_that_was_not_chosen_is_refused_naming_it():
    # Chosen: Eeklo (43005) and Evergem (44019); 44021 (Gent) is not one of them.
    f = form(gemeenten="43005,44019", profijt="43005=1.200,44019=800,44021=5.000")
    assert not f.is_valid()
    assert any("44021" in e and "geen van de gekozen gemeenten" in e for e in f.errors["profijt"])
    # Gent added with 'extra': now the figures are accepted, with Belgian thousands dots.
    f = form(gemeenten="43005,44019", extra="44021", profijt="43005=1.200,44019=800,44021=5.000")
    assert f.is_valid(), f.errors
    assert f.cleaned_data["benefits"] == {"43005": 1200.0, "44019": 800.0, "44021": 5000.0}


def test_check_benefit_codes_for_the_view():
    check_benefit_codes({"43005": 1.0}, ["43005", "44019"])
    with pytest.raises(ValueError, match="de codes 11001, 44021, die geen van"):
        check_benefit_codes({"44021": 1.0, "11001": 2.0, "43005": 1.0}, ["43005"])


def test_parse_pairs_stays_compatible_for_the_cli():
    assert parse_pairs("inwoners=0.5,draagkracht=0.5", "--gewichten") == {
        "inwoners": 0.5,
        "draagkracht": 0.5,
    }
    assert parse_pairs("44021=1.200; 44084=300,5", "--profijt") == {
        "44021": 1200.0,
        "44084": 300.5,
    }
    with pytest.raises(forms.ValidationError, match="heeft de vorm naam=getal niet"):
        parse_pairs("inwoners", "--gewichten")
