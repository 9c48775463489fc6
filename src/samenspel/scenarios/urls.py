from django.urls import path

from samenspel.scenarios import views, views_whatif

urlpatterns: list = [
    path("scenarios/", views.scenario_page, name="scenario_page"),
    path("scenarios/kaart.json", views.scenario_map, name="scenario_map"),
    path("scenarios/vergelijk/", views.compare, name="scenario_compare"),
    path("scenarios/bewaar/", views.save, name="scenario_save"),
    path("scenarios/mijn/", views.mine, name="scenario_mine"),
    path("scenarios/b/<uuid:pk>/", views.saved, name="scenario_saved"),
    path("scenarios/b/<uuid:pk>/verwijder/", views.delete, name="scenario_delete"),
    path("wat-als/", views_whatif.whatif_list, name="whatif_list"),
    path("wat-als/<str:refnis>/", views_whatif.whatif, name="whatif"),
]
