"""API views of the enrolments of one municipality (the organisations it admitted)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from participatie.api.base import TenantAPIMixin, validated
from participatie.enrolments import services
from participatie.enrolments.api import serializers as s
from participatie.enrolments.selectors import enrolments_visible_to
from participatie.models import Enrolment
from participatie.privacy.audit import ReadLoggedRetrieveMixin
from participatie.tenancy.permissions import Perm


def _queryset(view: TenantAPIMixin) -> QuerySet[Enrolment]:
    return enrolments_visible_to(view.access).select_related("displacement_judged_by")


class EnrolmentListView(TenantAPIMixin, generics.ListAPIView):
    """The organisations admitted by this municipality; a learning-work company sees its own
    (without the municipality's assessment)."""

    permission = {"GET": Perm.TENANT_ENTER}
    serializer_class = s.EnrolmentSerializer
    filterset_fields = ["status"]

    def tenant_queryset(self) -> QuerySet[Enrolment]:
        return _queryset(self)


@contextmanager
def _api_field_names() -> Iterator[None]:
    """The services name the new status ``to_status``, after the web form; here it is
    ``status``."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {
                ("status" if name == "to_status" else name): messages
                for name, messages in error.error_dict.items()
            }
        ) from error


@extend_schema_view(
    patch=extend_schema(
        request=s.EnrolmentPatchInputSerializer,
        responses={200: s.EnrolmentSerializer},
        summary="Leerwerkbedrijf beoordelen, activeren, beëindigen of plekken wijzigen "
        "(accounthouder)",
    )
)
class EnrolmentDetailView(TenantAPIMixin, ReadLoggedRetrieveMixin, generics.RetrieveAPIView):
    """One enrolment; every opening is kept as a read event (participatie.privacy.audit).
    PATCH (account holder): the assessment, a new status and the maximum number of places, in
    that order and all or nothing."""

    permission = {"GET": Perm.TENANT_ENTER, "PATCH": Perm.ENROLMENTS_MANAGE}
    serializer_class = s.EnrolmentSerializer

    def tenant_queryset(self) -> QuerySet[Enrolment]:
        return _queryset(self)

    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        enrolment = self.get_object()
        data = validated(s.EnrolmentPatchInputSerializer, request, self.get_serializer_context())
        with _api_field_names():
            services.enrolment_change(enrolment=enrolment, actor=request.user, **data)
        return Response(self.get_serializer(self.tenant_queryset().get(pk=enrolment.pk)).data)
