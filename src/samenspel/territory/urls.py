from django.urls import path

from samenspel.territory import views

urlpatterns = [
    path("gemeenten/", views.municipality_list, name="municipality_list"),
    path("gemeenten/<str:refnis>/", views.municipality_detail, name="municipality_detail"),
    path("referentieregios/", views.region_list, name="region_list"),
    path("referentieregios/<slug:slug>/", views.region_detail, name="region_detail"),
]
