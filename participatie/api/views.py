from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics

from participatie.api.base import TenantAPIMixin
from participatie.api.serializers import EnrolmentSerializer
from participatie.audit import ReadLoggedRetrieveMixin
from participatie.models import Enrolment


class EnrolmentListView(TenantAPIMixin, generics.ListAPIView):
    """The organisations admitted by this municipality."""

    serializer_class = EnrolmentSerializer
    filterset_fields = ["status"]

    def tenant_queryset(self) -> QuerySet[Enrolment]:
        return Enrolment.objects.filter(municipality=self.request.municipality).select_related(
            "organisation"
        )


class EnrolmentDetailView(TenantAPIMixin, ReadLoggedRetrieveMixin, generics.RetrieveAPIView):
    """One enrolment; every opening is kept as a read event (participatie.audit)."""

    serializer_class = EnrolmentSerializer

    def tenant_queryset(self) -> QuerySet[Enrolment]:
        return Enrolment.objects.filter(municipality=self.request.municipality).select_related(
            "organisation"
        )
