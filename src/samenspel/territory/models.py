"""The territory: provinces, referentieregio's, the 2025 municipalities and their figures."""

from django.db import models

from samenspel.core.models import VersionedManager


class Province(models.Model):
    refnis = models.CharField("REFNIS", max_length=5, primary_key=True)
    name = models.CharField("naam", max_length=100)

    objects = VersionedManager()

    class Meta:
        verbose_name = "provincie"
        verbose_name_plural = "provincies"
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReferenceRegion(models.Model):
    """One of the 15 referentieregio's of the Regiodecreet (BS 9 March 2023)."""

    code = models.CharField("code", max_length=20, primary_key=True)
    name = models.CharField("naam", max_length=100, unique=True)
    slug = models.SlugField(unique=True)

    objects = VersionedManager()

    class Meta:
        verbose_name = "referentieregio"
        verbose_name_plural = "referentieregio's"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A Flemish municipality as it exists since the mergers of 1 January 2025."""

    KIND_CHOICES = [("", "—"), ("grootstad", "grootstad"), ("regionale stad", "regionale stad")]

    refnis = models.CharField("REFNIS", max_length=5, primary_key=True)
    name_nl = models.CharField("naam", max_length=100)
    name_fr = models.CharField("Franse naam", max_length=100, blank=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, verbose_name="provincie")
    reference_region = models.ForeignKey(
        ReferenceRegion,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name="referentieregio",
    )
    is_centrumstad = models.BooleanField("centrumstad", default=False)
    centrumstad_kind = models.CharField("soort", max_length=20, blank=True, choices=KIND_CHOICES)
    geometry = models.TextField("geometrie (GeoJSON, WGS84)")
    centroid_lon = models.FloatField()
    centroid_lat = models.FloatField()
    neighbours = models.ManyToManyField(
        "self", through="Adjacency", symmetrical=False, related_name="+"
    )

    objects = VersionedManager()

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["name_nl"]

    def __str__(self):
        return self.name_nl


class FormerMunicipality(models.Model):
    """A municipality from before 1 January 2025 and the 2025 municipality it became part of."""

    refnis = models.CharField("REFNIS", max_length=5, primary_key=True)
    name_nl = models.CharField("naam", max_length=100)
    successor = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="former_parts",
        verbose_name="opgegaan in",
    )

    objects = VersionedManager()

    class Meta:
        verbose_name = "gemeente van voor 2025"
        verbose_name_plural = "gemeenten van voor 2025"
        ordering = ["name_nl"]

    def __str__(self):
        return f"{self.name_nl} ({self.refnis})"


class Adjacency(models.Model):
    """Two municipalities that touch (queen contiguity); stored once, ``a.refnis < b.refnis``."""

    a = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    shared_border_km = models.FloatField("gedeelde grens (km)", default=0)

    objects = VersionedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["a", "b"], name="unique_adjacency")]


class Indicator(models.Model):
    """A kind of figure, e.g. population or income per inhabitant. New ones need no migration."""

    code = models.SlugField(max_length=50, primary_key=True)
    label = models.CharField("naam", max_length=200)
    unit = models.CharField("eenheid", max_length=50, blank=True)
    source = models.TextField("bron", blank=True)

    objects = VersionedManager()

    class Meta:
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"

    def __str__(self):
        return self.label


class Figure(models.Model):
    """The value of one indicator for one municipality in one year."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="figures")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField("jaar")
    value = models.FloatField("waarde")

    objects = VersionedManager()

    class Meta:
        verbose_name = "cijfer"
        verbose_name_plural = "cijfers"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "indicator", "year"], name="unique_figure"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="figure_not_negative"),
        ]
