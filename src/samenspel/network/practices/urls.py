from django.urls import path

from samenspel.network.practices import views

urlpatterns = [
    path("netwerk/praktijken/", views.practice_list, name="practice_list"),
    path("netwerk/praktijken/nieuw/", views.practice_new, name="practice_new"),
    path("netwerk/praktijken/review/", views.practice_review, name="practice_review"),
    path("netwerk/praktijken/mijn/", views.practice_mine, name="practice_mine"),
    path("netwerk/praktijken/<int:pk>/", views.practice_detail, name="practice_detail"),
    path("netwerk/praktijken/<int:pk>/wijzigen/", views.practice_edit, name="practice_edit"),
    path(
        "netwerk/praktijken/<int:pk>/status/",
        views.practice_transition,
        name="practice_transition",
    ),
]
