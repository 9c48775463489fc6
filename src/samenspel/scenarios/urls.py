from django.urls import path

from samenspel.scenarios import views_whatif

urlpatterns: list = [
    path("wat-als/", views_whatif.whatif_list, name="whatif_list"),
    path("wat-als/<str:refnis>/", views_whatif.whatif, name="whatif"),
]
