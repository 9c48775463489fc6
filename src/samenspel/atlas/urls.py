from django.urls import path

from samenspel.atlas import views, views_search, views_territory

urlpatterns = [
    path("", views.home, name="home"),
    path("igs/", views.partnership_list, name="partnership_list"),
    path("igs/<slug:slug>/", views.partnership_detail, name="partnership_detail"),
    path("kaart/topologie.json", views.map_topology, name="map_topology"),
    path("kaart/toestand.json", views.map_status, name="map_status"),
    path("gemeenten/", views_territory.municipality_list, name="municipality_list"),
    path(
        "gemeenten/<str:refnis>/",
        views_territory.municipality_detail,
        name="municipality_detail",
    ),
    path("referentieregios/", views_territory.region_list, name="region_list"),
    path("referentieregios/<slug:slug>/", views_territory.region_detail, name="region_detail"),
    path("zoek/", views_search.search, name="search"),
]
