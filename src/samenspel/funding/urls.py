from django.urls import path

from samenspel.funding import views

urlpatterns = [
    path("verdeelsleutel/", views.comparison, name="funding_comparison"),
    path("verdeelsleutel/bewaar/", views.save, name="funding_save"),
    path("verdeelsleutel/mijn/", views.mine, name="funding_mine"),
    path("verdeelsleutel/v/<uuid:pk>/", views.saved, name="funding_saved"),
    path("verdeelsleutel/v/<uuid:pk>/herbereken/", views.recompute, name="funding_recompute"),
    path("verdeelsleutel/v/<uuid:pk>/hernoem/", views.rename, name="funding_rename"),
    path("verdeelsleutel/v/<uuid:pk>/verwijder/", views.delete, name="funding_delete"),
]
