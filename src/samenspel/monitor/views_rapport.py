"""The yearly report of an IGS (page and XLSX); work in progress."""

from django.http import Http404


def report(request, slug, jaar):
    raise Http404("Het jaarverslag volgt.")


def report_xlsx(request, slug, jaar):
    raise Http404("Het jaarverslag volgt.")
