from django.urls import path
from django.views.generic import TemplateView

# Placeholder until the app's own views land.
urlpatterns: list = [
    path("scan/", TemplateView.as_view(template_name="base.html"), name="scan_home"),
]
