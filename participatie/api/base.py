"""What every API view of one municipality shares."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import translation
from rest_framework import exceptions, generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from participatie.api import strict
from participatie.api.permissions import HasPermission
from participatie.tenancy.http import Access, access_of
from participatie.tenancy.permissions import Perm

_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


class TenantAPIMixin:
    """Views declare ``permission`` per method and define ``tenant_queryset()``, always through
    a visibility selector (``<things>_visible_to(self.access)``).

    During OpenAPI schema generation there is no request and no tenant: an empty queryset of
    the view's ``model`` (or the serializer's model) tells drf-spectacular the types without
    touching tenant data.
    """

    model: type[Model] | None = None
    request: Request
    kwargs: dict[str, Any]
    permission_classes = [IsAuthenticated, HasPermission]
    permission: dict[str, Perm] = {}
    # Query parameters a view reads itself (besides pagination and its FilterSet), for GET.
    extra_query_parameters: tuple[str, ...] = ()
    # Set on a view that calls ``paginate_queryset`` without being a list view.
    paginates = False

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # The API answers in Dutch unless the user chose another language: a browser's
        # Accept-Language is a guess, not a choice (the web lets the user's choice win, too).
        translation.activate(settings.LANGUAGE_CODE)
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        chosen = getattr(request.user, "language", "")
        if chosen and chosen != settings.LANGUAGE_CODE and chosen in _LANGUAGES:
            translation.activate(chosen)
        if request.method != "OPTIONS":
            self._check_query(request)

    def _check_query(self, request: Request) -> None:
        rules = strict.query_rules(type(self), request.method or "GET")
        checked = strict.check_query(request._request.GET, rules)
        if checked is not None:
            request._request.GET, self.deprecated_query_names = checked

    deprecated_query_names: dict[str, str] = {}

    def handle_exception(self, exc: Exception) -> Response:
        # Errors name the parameter as the client sent it, also under its old name.
        if (
            self.deprecated_query_names
            and isinstance(exc, exceptions.ValidationError)
            and isinstance(exc.detail, dict)
        ):
            renamed = self.deprecated_query_names
            exc.detail = {renamed.get(k, k): v for k, v in exc.detail.items()}
        return super().handle_exception(exc)  # type: ignore[misc]

    # A view that answers 201 names the detail view of what it created: the ``Location`` header
    # points there. ``created_lookup`` is the URL keyword and the response field that fill it;
    # ``created_municipality_field`` the field with the municipality's slug when the new
    # resource can live in another municipality than the request's (a place elsewhere).
    created_url_name: str | None = None
    created_lookup: str = "pk"
    created_lookup_field: str = "id"
    created_municipality_field: str | None = None

    @property
    def access(self) -> Access:
        return access_of(self.request)

    def tenant_queryset(self) -> QuerySet:
        raise NotImplementedError

    def created_location(self, data: Any) -> str:
        slug = self.kwargs["municipality_slug"]
        if self.created_municipality_field and data.get(self.created_municipality_field):
            slug = data[self.created_municipality_field]
        assert self.created_url_name, f"{type(self).__name__} answers 201: set created_url_name"
        path = reverse(
            self.created_url_name,
            kwargs={
                "municipality_slug": slug,
                self.created_lookup: data[self.created_lookup_field],
            },
        )
        return self.request.build_absolute_uri(path)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(  # type: ignore[misc]
            request, response, *args, **kwargs
        )
        if response.status_code == status.HTTP_201_CREATED and not response.has_header("Location"):
            response["Location"] = self.created_location(response.data)
        if self.deprecated_query_names:
            response["Deprecation"] = strict.DEPRECATION_HEADER
            response["Link"] = strict.DEPRECATION_LINK
        return response

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            model = self.model or self.get_serializer_class().Meta.model  # type: ignore[attr-defined]
            return model._base_manager.none()
        return self.tenant_queryset()


class TenantActionView(TenantAPIMixin, generics.GenericAPIView):
    """``POST .../<thing>/<pk>/<action>``: input serializer in, service call, output serializer out.

    The object is looked up (through ``tenant_queryset()``) before the method is dispatched, so
    an object of another municipality or company is 404 for every method, never 405.
    Subclasses define ``input_serializer_class``, ``output_serializer_class`` and
    ``perform(obj, data) -> result``.
    """

    input_serializer_class: type[BaseSerializer]
    output_serializer_class: type[BaseSerializer]
    success_status = status.HTTP_200_OK
    filter_backends: list[Any] = []
    pagination_class = None

    def get_serializer_class(self) -> type[BaseSerializer]:
        return self.input_serializer_class

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.object = self.get_object()

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(self.input_serializer_class, request, self.get_serializer_context())
        result = self.perform(self.object, data)
        output = self.output_serializer_class(result, context=self.get_serializer_context())
        return Response(output.data, status=self.success_status)


def validated(
    serializer_class: type[BaseSerializer], request: Request, context: dict[str, Any]
) -> dict[str, Any]:
    """The request body checked by an input serializer (400 problem+json when malformed):
    unknown and read-only fields and, for JSON, values of the wrong type are refused
    (``participatie.api.strict``), together with what the serializer itself finds."""
    serializer = serializer_class(data=request.data, context=context)
    json_body = (request.content_type or "").startswith("application/json")
    refused = strict.body_errors(serializer, request.data, json=json_body)
    if refused:
        # All errors at once: the serializer's own (missing fields, bad choices) too, except
        # where the strict check already named the field.
        serializer.is_valid()
        raise exceptions.ValidationError({**serializer.errors, **refused})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
