"""API views of the enrolments of one municipality (the organisations it admitted)."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics

from participatie.api.base import TenantAPIMixin
from participatie.enrolments.api import serializers as s
from participatie.enrolments.selectors import enrolments_visible_to
from participatie.models import Enrolment
from participatie.privacy.audit import ReadLoggedRetrieveMixin
from participatie.tenancy.permissions import Perm


class EnrolmentListView(TenantAPIMixin, generics.ListAPIView):
    """The organisations admitted by this municipality; a learning-work company sees its own."""

    permission = {"GET": Perm.TENANT_ENTER}
    serializer_class = s.EnrolmentSerializer
    filterset_fields = ["status"]

    def tenant_queryset(self) -> QuerySet[Enrolment]:
        return enrolments_visible_to(self.access)


class EnrolmentDetailView(TenantAPIMixin, ReadLoggedRetrieveMixin, generics.RetrieveAPIView):
    """One enrolment; every opening is kept as a read event (participatie.privacy.audit)."""

    permission = {"GET": Perm.TENANT_ENTER}
    serializer_class = s.EnrolmentSerializer

    def tenant_queryset(self) -> QuerySet[Enrolment]:
        return enrolments_visible_to(self.access)
