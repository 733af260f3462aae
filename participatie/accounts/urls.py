"""Own account pages, mounted at /accounts/ before allauth's."""

from __future__ import annotations

from django.urls import path

from participatie.accounts import views

app_name = "accounts"

urlpatterns = [
    path("uitnodigingen/", views.invitation_list, name="invitation-list"),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("tokens/", views.api_token_list, name="api-token-list"),
    path("taal/", views.language_choose, name="language"),
    path("e-mail/", views.email_settings, name="email-settings"),
    path("tokens/<int:pk>/intrekken/", views.api_token_revoke, name="api-token-revoke"),
]
