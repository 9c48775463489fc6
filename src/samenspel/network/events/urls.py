from django.urls import path

from samenspel.network.events import views

urlpatterns = [
    path("netwerk/ontmoetingen/", views.event_list, name="event_list"),
    path("netwerk/ontmoetingen/agenda.ics", views.event_feed, name="event_feed"),
    path("netwerk/ontmoetingen/nieuw/", views.event_new, name="event_new"),
    path("netwerk/ontmoetingen/<int:pk>/", views.event_detail, name="event_detail"),
    path("netwerk/ontmoetingen/<int:pk>.ics", views.event_ics, name="event_ics"),
    path("netwerk/ontmoetingen/<int:pk>/wijzigen/", views.event_edit, name="event_edit"),
    path("netwerk/ontmoetingen/<int:pk>/inschrijven/", views.event_register, name="event_register"),
    path(
        "netwerk/ontmoetingen/<int:pk>/uitschrijven/",
        views.event_unregister,
        name="event_unregister",
    ),
    path(
        "netwerk/ontmoetingen/<int:pk>/aanwezigheid/",
        views.event_attendance,
        name="event_attendance",
    ),
    path(
        "netwerk/ontmoetingen/<int:pk>/inschrijvingen.csv",
        views.event_registrations_csv,
        name="event_registrations_csv",
    ),
]
