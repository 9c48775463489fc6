from django.urls import path

from samenspel.accounts import views

urlpatterns = [
    path("account/", views.mine, name="account_mine"),
    path("account/gegevens.json", views.download, name="account_download"),
    path("account/verwijderen/", views.delete, name="account_delete"),
    path("account/verwijderd/", views.deleted, name="account_deleted"),
    path("account/mensen/igs/<str:slug>/", views.people_igs, name="people_igs"),
    path(
        "account/mensen/gemeente/<str:refnis>/",
        views.people_municipality,
        name="people_municipality",
    ),
]
