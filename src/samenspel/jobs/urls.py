from django.urls import path

from samenspel.jobs import views

urlpatterns = [
    path("taken/<uuid:pk>/", views.status, name="job_status"),
]
