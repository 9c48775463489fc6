from django.urls import path

from samenspel.network.initiatives import views

urlpatterns: list = [
    path("netwerk/initiatieven/", views.initiative_list, name="initiative_list"),
    path("netwerk/initiatieven/nieuw/", views.initiative_new, name="initiative_new"),
    path("netwerk/initiatieven/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("netwerk/initiatieven/<int:pk>/wijzigen/", views.initiative_edit, name="initiative_edit"),
    path(
        "netwerk/initiatieven/<int:pk>/publiceren/",
        views.initiative_publish,
        name="initiative_publish",
    ),
    path(
        "netwerk/initiatieven/<int:pk>/beslissing/",
        views.decision_add,
        name="initiative_decision_add",
    ),
    path(
        "netwerk/initiatieven/<int:pk>/document/",
        views.document_add,
        name="initiative_document_add",
    ),
    path(
        "netwerk/initiatieven/<int:pk>/<str:what>/<int:item_pk>/verwijderen/",
        views.item_delete,
        name="initiative_item_delete",
    ),
    path(
        "netwerk/initiatieven/documenten/<int:pk>/",
        views.initiative_document,
        name="initiative_document",
    ),
]
