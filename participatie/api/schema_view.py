"""The view that serves the OpenAPI document. Apart from :mod:`participatie.api.schema`, which
drf-spectacular imports through ``DEFAULT_SCHEMA_CLASS`` while its own views are being defined:
importing those views from there would be circular."""

from __future__ import annotations

import threading
from typing import ClassVar

from django.utils import translation
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.response import Response


class CachedSpectacularJSONAPIView(SpectacularJSONAPIView):
    """The OpenAPI document, generated once per process (per API version and language) and
    served from memory afterwards: generating it walks every view and serializer and cost 13x the
    cheapest page on every request. The document is public (the same for every caller) and only
    changes with the code, i.e. with a new process."""

    _documents: ClassVar[dict[tuple[str | None, str], dict]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, translation.get_language() or "")
        document = self._documents.get(key)
        if document is None:
            with self._lock:
                document = self._documents.get(key)
                if document is None:
                    generator = self.generator_class(
                        urlconf=self.urlconf, api_version=version, patterns=self.patterns
                    )
                    document = generator.get_schema(request=request, public=self.serve_public)
                    self._documents[key] = document
        return Response(
            data=document,
            headers={
                "Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'
            },
        )
