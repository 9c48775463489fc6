"""Template tags of the Scenario's: the "Wat als …?" links on the municipality and IGS pages.

The Atlas views sit in a lower layer and cannot import the scenarios; their templates load this
library instead: ``{% load scenarios %}{% whatif_links municipality=m.refnis on=on %}``.
"""

from django import template

from samenspel.atlas.services import get_atlas
from samenspel.scenarios.views_whatif import whatif_links as _links

register = template.Library()


@register.inclusion_tag("scenarios/whatif_links.html")
def whatif_links(on, municipality=None, igs=None):
    """The what-ifs that concern a municipality (REFNIS) or an IGS (slug) on ``on``."""
    return {"links": _links(get_atlas(), on, municipality=municipality, igs=igs)}
