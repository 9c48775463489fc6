from django import template

from samenspel.core.numbers import format_eur, format_number, format_percent

register = template.Library()


@register.filter
def getal(value, decimals=0):
    return "—" if value is None else format_number(value, int(decimals))


@register.filter
def eur(value, decimals=2):
    return "—" if value is None else format_eur(value, int(decimals))


@register.filter
def procent(value, decimals=1):
    return "—" if value is None else format_percent(value, int(decimals))


@register.simple_tag(takes_context=True)
def download_url(context, table, fmt):
    params = context["request"].GET.copy()
    params["formaat"] = fmt
    params["tabel"] = table.name
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def with_date(context, url):
    on = context.get("on")
    return f"{url}?peildatum={on.isoformat()}" if on else url


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def absoluut(value):
    """The absolute value, for 'verliest 12.000,00 €' where the difference is negative."""
    return abs(value)
