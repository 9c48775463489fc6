from django.urls import path

from samenspel.funding import views

urlpatterns = [
    path("verdeelsleutel/", views.comparison, name="funding_comparison"),
    path("verdeelsleutel/bewaar/", views.save, name="funding_save"),
    path("verdeelsleutel/v/<uuid:pk>/", views.saved, name="funding_saved"),
]
