from django.urls import path

from samenspel.monitor import (
    views,
    views_eigen,
    views_igs,
    views_import,
    views_rapport,
    views_verhalen,
)

urlpatterns: list = [
    path("monitor/", views.indicator_list, name="monitor_indicators"),
    path("monitor/sjabloon/", views.import_template, name="monitor_template"),
    # imports through the page (m1)
    path("monitor/inlezen/", views_import.import_page, name="monitor_import"),
    path("monitor/inlezen/<uuid:pk>/", views_import.import_result, name="monitor_import_result"),
    # stories (m3)
    path("monitor/verhalen/", views_verhalen.story_list, name="monitor_stories"),
    path("monitor/verhalen/nieuw/", views_verhalen.story_new, name="monitor_story_new"),
    path("monitor/verhalen/<int:pk>/", views_verhalen.story_detail, name="monitor_story"),
    path("monitor/verhalen/<int:pk>/wijzig/", views_verhalen.story_edit, name="monitor_story_edit"),
    path(
        "monitor/verhalen/<int:pk>/verwijder/",
        views_verhalen.story_delete,
        name="monitor_story_delete",
    ),
    path(
        "monitor/verhalen/<int:pk>/bijlage/",
        views_verhalen.attachment,
        name="monitor_story_attachment",
    ),
    # yearly report per IGS (m3)
    path(
        "monitor/igs/<slug:slug>/rapport/<int:jaar>/",
        views_rapport.report,
        name="monitor_report",
    ),
    path(
        "monitor/igs/<slug:slug>/rapport/<int:jaar>.xlsx",
        views_rapport.report_xlsx,
        name="monitor_report_xlsx",
    ),
    # an IGS's own indicators and the manual entry of measurements (m4)
    path("monitor/igs/<str:slug>/eigen/", views_eigen.own_list, name="monitor_own_indicators"),
    path(
        "monitor/igs/<str:slug>/eigen/<str:code>/",
        views_eigen.own_edit,
        name="monitor_own_indicator_edit",
    ),
    path(
        "monitor/igs/<str:slug>/eigen/<str:code>/verwijder/",
        views_eigen.own_delete,
        name="monitor_own_indicator_delete",
    ),
    path("monitor/invoer/", views_eigen.manual_entry, name="monitor_manual_entry"),
    # pages per IGS, per municipality and per group (m2)
    path("monitor/igs/<str:slug>/", views_igs.igs_page, name="monitor_igs"),
    path(
        "monitor/gemeente/<str:refnis>/",
        views_igs.municipality_page,
        name="monitor_municipality",
    ),
    path("monitor/groep/", views_igs.group_page, name="monitor_group"),
]
