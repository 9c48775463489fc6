from django.urls import path

from samenspel.scan import views, views_answer, views_results

urlpatterns = [
    path("scan/", views.home, name="scan_home"),
    path("scan/nieuw/", views.group_new, name="scan_group_new"),
    path("scan/groep/<int:pk>/", views.group_detail, name="scan_group"),
    path("scan/groep/<int:pk>/ronde/", views.round_new, name="scan_round_new"),
    path("scan/ronde/<int:pk>/", views.round_detail, name="scan_round"),
    path("scan/ronde/<int:pk>/links/", views.links_new, name="scan_links_new"),
    path("scan/ronde/<int:pk>/links.csv", views.links_csv, name="scan_links_csv"),
    path("scan/ronde/<int:pk>/afsluiten/", views.round_close, name="scan_round_close"),
    path("scan/ronde/<int:pk>/resultaten/", views_results.results, name="scan_results"),
    path("scan/antwoord/<str:token>/", views_answer.answer, name="scan_answer"),
]
