from django.urls import path

from samenspel.network import views

urlpatterns = [
    path("netwerk/", views.home, name="network_home"),
    path("netwerk/wie-is-wie/", views.who, name="network_who"),
    path("netwerk/kaart/", views.network_view, name="network_graph"),
]
