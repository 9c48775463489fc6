"""Template tags that read the rule sets, so page text never repeats a figure of a rule."""

from django import template

from samenspel.partnerships.coverage import PARTLY_RULE
from samenspel.partnerships.rules import CONTIGUITY_2027, RULE_SETS, RULES_PERIOD

register = template.Library()


@register.simple_tag
def rules(code: str):
    """The rule set of a period ('2020' or '2027'), e.g. ``{% rules "2027" as r %}``."""
    return RULE_SETS[code]


@register.simple_tag
def data_period():
    """(first, last) reference date the data and the rules speak about."""
    return RULES_PERIOD


@register.simple_tag
def partly_rule() -> str:
    return PARTLY_RULE


@register.simple_tag
def contiguity_assumption():
    return CONTIGUITY_2027
