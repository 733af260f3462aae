"""The import and transfer pages, included in ``matching.urls`` (namespace ``matching``)."""

from __future__ import annotations

from django.urls import path

from matching.imports import views

urlpatterns = [
    path("import/", views.import_home, name="imports"),
    path("import/sjabloon.xlsx", views.template_download, name="import-template"),
    path("import/<uuid:reference>/", views.import_detail, name="import-detail"),
    path("import/<uuid:reference>/voortgang/", views.import_progress, name="import-progress"),
    path("import/<uuid:reference>/importeren/", views.import_commit, name="import-commit"),
    path("import/<uuid:reference>/ongedaan-maken/", views.import_undo, name="import-undo"),
    path("import/<uuid:reference>/meldingen.xlsx", views.import_error_file, name="import-errors"),
    path("overdrachten/", views.transfers, name="transfers"),
    path(
        "overdrachten/<uuid:reference>/bestand.xlsx",
        views.transfer_download,
        name="transfer-download",
    ),
    path(
        "overdrachten/<uuid:reference>/importeren/",
        views.transfer_import,
        name="transfer-import",
    ),
]
