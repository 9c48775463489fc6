from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from samenspel.config import views

urlpatterns = [
    path("", include("samenspel.atlas.urls")),
    path("", include("samenspel.funding.urls")),
    path("", include("samenspel.scenarios.urls")),
    path("", include("samenspel.monitor.urls")),
    path("", include("samenspel.jobs.urls")),
    path("", include("samenspel.accounts.urls")),
    path("", include("samenspel.scan.urls")),
    path("", include("samenspel.network.urls")),
    path("", include("samenspel.network.practices.urls")),
    path("", include("samenspel.network.initiatives.urls")),
    path("", include("samenspel.network.events.urls")),
    path("aanmelden/", auth_views.LoginView.as_view(), name="login"),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("beheer/", admin.site.urls),
    path("gezondheid/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
]
