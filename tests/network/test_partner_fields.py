"""The partner fields shared by the forms of practices and initiatives (network.forms), on the
synthetic bundle (Cultuur Zuid "zuid": Gent 44021, Merelbeke-Melle 44088; Cultuur Noord "noord":
Eeklo 43005, Evergem 44019)."""

import pytest
from django import forms

from samenspel.atlas.services import get_atlas
from samenspel.network.forms import clean_municipalities, clean_partnerships, dutch_messages


@pytest.fixture
def atlas(loaded):
    return get_atlas()


def test_names_and_codes_become_codes_in_order_without_repeats(atlas):
    assert clean_municipalities(atlas, "Gent, 43005, Evergem", 10) == ["44021", "43005", "44019"]
    assert clean_partnerships(atlas, "Cultuur Noord, zuid, noord", 10) == ["noord", "zuid"]
    assert clean_municipalities(atlas, "", 10) == [] == clean_partnerships(atlas, " ", 10)


def test_unknown_or_too_many_partners_get_a_dutch_message(atlas):
    with pytest.raises(forms.ValidationError, match="Onbekende REFNIS-code"):
        clean_municipalities(atlas, "Gent, 99999", 10)
    with pytest.raises(forms.ValidationError, match="Hoogstens 1 gemeenten"):
        clean_municipalities(atlas, "Gent, Eeklo", 1)
    # three names typed for at most two: refused before any look-up
    with pytest.raises(forms.ValidationError, match="Hoogstens 2 IGS"):
        clean_partnerships(atlas, "noord, zuid, noord", 2)
    with pytest.raises(forms.ValidationError, match="Cultuur Nergens"):
        clean_partnerships(atlas, "noord, Cultuur Nergens", 5)


def test_netwerk_forms_say_what_is_missing_and_too_long_in_dutch():
    class F(forms.Form):
        tekst = forms.CharField(max_length=200)

    f = F({"tekst": "x" * 201})
    dutch_messages(f)
    assert f.errors["tekst"] == ["Hoogstens 200 tekens (nu 201)."]
    g = F({"tekst": ""})
    dutch_messages(g)
    assert g.errors["tekst"] == ["Vul dit veld in."]
