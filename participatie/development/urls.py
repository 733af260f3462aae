"""Development plan pages (included under ``/<municipality_slug>/``)."""

from __future__ import annotations

from django.urls import path

from participatie.development import views

app_name = "development"

urlpatterns = [
    path("plaatsingen/<int:placement_pk>/ontwikkelplan/", views.plan_detail, name="plan"),
    path(
        "plaatsingen/<int:placement_pk>/ontwikkelplan/bewerken/",
        views.plan_edit,
        name="plan-edit",
    ),
    path(
        "plaatsingen/<int:placement_pk>/ontwikkelplan/gesprek/",
        views.talk_record,
        name="talk-record",
    ),
    path("ontwikkelplannen/achterstallig/", views.overdue_list, name="overdue"),
]
