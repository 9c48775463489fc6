from django.urls import path
from django.views.generic import TemplateView

# Placeholder until the app's own views land.
urlpatterns: list = [
    path("netwerk/", TemplateView.as_view(template_name="base.html"), name="network_home"),
]
