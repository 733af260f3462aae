"""What ``OPTIONS`` answers on every API endpoint."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request, clone_request


class Metadata(SimpleMetadata):
    """DRF's description of a view, without ``get_object()``: DRF calls it for PUT to check the
    object permission, which fails with a server error on a view without a ``pk`` in its URL
    (``/attendance``) and costs queries everywhere else. The fields shown are those of the
    methods the caller may use; the objects themselves are checked when the method is called."""

    def determine_actions(self, request: Request, view: Any) -> dict[str, Any]:
        actions: dict[str, Any] = {}
        for method in {"PUT", "POST"} & set(view.allowed_methods):
            view.request = clone_request(request, method)
            try:
                view.check_permissions(view.request)
                serializer = view.get_serializer()
            except (exceptions.APIException, PermissionDenied, Http404):
                continue
            finally:
                view.request = request
            actions[method] = self.get_serializer_info(serializer)
        return actions
