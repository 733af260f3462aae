"""The ceiling on a request body, for every API endpoint.

``API_MAX_BODY_BYTES`` (settings) holds for every view; a view that takes bulk input raises it
with a ``max_body_bytes`` attribute. The middleware (``participatie.api.middleware``) refuses
a too-large declared ``Content-Length`` before the view reads a byte; the parser
(``BoundedJSONParser``, the default) never reads more than the limit plus one byte, whatever
the headers said.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = gettext_lazy("Het verzoek is te groot.")
    default_code = "payload_too_large"


def body_limit(view: Any) -> int:
    """The largest body ``view`` (a view class or instance, or ``None``) accepts, in bytes."""
    return getattr(view, "max_body_bytes", None) or settings.API_MAX_BODY_BYTES


def too_large_detail(view: Any) -> str:
    """What the 413 says: the view's own explanation when it has one."""
    explain = getattr(view, "body_too_large_detail", None)
    if explain is not None:
        return str(explain())
    limit = body_limit(view)
    if limit >= 1024 * 1024:
        size = _("%(mb)s MB") % {"mb": limit // (1024 * 1024)}
    else:
        size = _("%(kb)s kB") % {"kb": limit // 1024}
    return _("Het verzoek is groter dan %(size)s. Stuur minder gegevens per verzoek.") % {
        "size": size
    }


class BoundedJSONParser(JSONParser):
    """JSON with the view's ceiling on the body: DRF reads the request stream directly, past
    Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``, so the limit is enforced while reading too."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        view = (parser_context or {}).get("view")
        limit = body_limit(view)
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise PayloadTooLarge(too_large_detail(view))
        try:
            return json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(
                _("De inhoud is geen geldige JSON: %(error)s") % {"error": exc}
            ) from None
