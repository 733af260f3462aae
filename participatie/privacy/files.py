"""Files leave the product only through views that check tenant and role (issue 15).

``MEDIA_ROOT`` is never served as static files, not even with DEBUG on: a letter or report is
reached only through a view that looks the object up with the visibility selector of its kind
(another municipality's or company's object is a 404), and that view answers with
:func:`file_download`, which

* records a read event of kind "download" for the object (who, which object, which route);
* sends ``Cache-Control: no-store`` (a shared computer's browser cache keeps nothing);
* names the download without ids.

Stored names come from :func:`private_file_name`: random, so a path can neither be guessed nor
counted through. Every new download (import error files, exports) uses these two functions.
"""

from __future__ import annotations

import io
import secrets

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from rest_framework.request import Request

from participatie.privacy import audit
from participatie.privacy.choices import ReadKind


def private_file_name(extension: str) -> str:
    """A stored file name nobody can guess: 32 random hex digits (no id, year or name)."""
    return f"{secrets.token_hex(16)}.{extension.lstrip('.')}"


def file_download(
    request: HttpRequest | Request,
    stored: FieldFile | None,
    *,
    obj: models.Model,
    filename: str,
    content_type: str,
    inline: bool = False,
    object_type: str | None = None,
) -> FileResponse:
    """The stored file of ``obj`` as a download, logged and never cached. ``obj`` must come
    from the visibility selector of its kind (that is the authorisation)."""
    if not stored or not stored.storage.exists(stored.name):
        raise Http404(_("Dit bestand bestaat niet (meer)."))
    return file_bytes_download(
        request,
        stored.open("rb"),
        obj=obj,
        filename=filename,
        content_type=content_type,
        inline=inline,
        object_type=object_type,
    )


def file_bytes_download(
    request: HttpRequest | Request,
    content: object,
    *,
    obj: models.Model,
    filename: str,
    content_type: str,
    inline: bool = False,
    object_type: str | None = None,
    kind: str = ReadKind.DOWNLOAD,
) -> FileResponse:
    """As :func:`file_download`, for a file made on the fly (bytes or an open file)."""
    stream = io.BytesIO(content) if isinstance(content, bytes) else content
    response = FileResponse(
        stream, as_attachment=not inline, filename=filename, content_type=content_type
    )
    add_never_cache_headers(response)
    if hasattr(obj, "municipality_id"):
        # Regional files (aggregates of a region) belong to no municipality: nothing to log.
        audit.record_read(request, obj, object_type=object_type, kind=kind)
    return response
