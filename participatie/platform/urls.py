"""The platform administration, mounted at ``/beheer/`` (namespace ``platform``). No tenant in
these URLs: "beheer" is a reserved word, never a municipality's web address."""

from __future__ import annotations

from django.urls import path

from participatie.mail import views as mail_views
from participatie.platform import views

app_name = "platform"

urlpatterns = [
    path("", views.home, name="home"),
    path("regios/", views.region_list, name="region-list"),
    path("regios/nieuw/", views.region_create, name="region-create"),
    path("regios/<int:pk>/", views.region_edit, name="region-edit"),
    path("gemeenten/", views.municipality_list, name="municipality-list"),
    path("gemeenten/nieuw/", views.municipality_create, name="municipality-create"),
    path("gemeenten/<int:pk>/", views.municipality_edit, name="municipality-edit"),
    path("organisaties/", views.organisation_list, name="organisation-list"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation-create"),
    path("organisaties/<int:pk>/", views.organisation_edit, name="organisation-edit"),
    path("organisaties/<int:pk>/werkgebied/", views.service_area, name="service-area"),
    path(
        "organisaties/<int:pk>/werkgebied/<int:municipality_pk>/verwijderen/",
        views.service_area_remove,
        name="service-area-remove",
    ),
    path("uitnodigingen/", views.invitation_list, name="invitation-list"),
    path(
        "uitnodigingen/<int:pk>/intrekken/",
        views.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path(
        "uitnodigingen/<int:pk>/opnieuw/",
        views.invitation_resend,
        name="invitation-resend",
    ),
    path("e-mail/", mail_views.mail_list, name="mail-list"),
    path("e-mail/<int:pk>/opnieuw/", mail_views.mail_resend, name="mail-resend"),
    path(
        "e-mail/gemeente/<int:pk>/opnieuw/",
        mail_views.municipal_mail_resend,
        name="municipal-mail-resend",
    ),
]
