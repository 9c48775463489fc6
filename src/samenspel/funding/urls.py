from django.urls import path

from samenspel.funding import views, views_council

urlpatterns = [
    path("verdeelsleutel/", views.comparison, name="funding_comparison"),
    path("verdeelsleutel/raad.pdf", views_council.council_pdf, name="funding_council_pdf"),
    path("verdeelsleutel/bewaar/", views.save, name="funding_save"),
    path("verdeelsleutel/bijdragen/", views.upload, name="funding_upload"),
    path("verdeelsleutel/mijn/", views.mine, name="funding_mine"),
    path("verdeelsleutel/v/<uuid:pk>/", views.saved, name="funding_saved"),
    path(
        "verdeelsleutel/v/<uuid:pk>/raad.pdf",
        views_council.saved_council_pdf,
        name="funding_saved_council_pdf",
    ),
    path("verdeelsleutel/v/<uuid:pk>/herbereken/", views.recompute, name="funding_recompute"),
    path("verdeelsleutel/v/<uuid:pk>/hernoem/", views.rename, name="funding_rename"),
    path("verdeelsleutel/v/<uuid:pk>/verwijder/", views.delete, name="funding_delete"),
]
