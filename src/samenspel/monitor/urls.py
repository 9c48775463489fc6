from django.urls import path

from samenspel.monitor import views

urlpatterns: list = [
    path("monitor/", views.indicator_list, name="monitor_indicators"),
    path("monitor/sjabloon/", views.import_template, name="monitor_template"),
]
