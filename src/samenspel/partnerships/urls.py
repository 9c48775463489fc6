from django.urls import path

from samenspel.partnerships import views

urlpatterns = [
    path("", views.home, name="home"),
    path("igs/", views.partnership_list, name="partnership_list"),
    path("igs/<slug:slug>/", views.partnership_detail, name="partnership_detail"),
    path("kaart/topologie.json", views.map_topology, name="map_topology"),
    path("kaart/toestand.json", views.map_status, name="map_status"),
]
