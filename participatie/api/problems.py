"""The shapes of ``application/problem+json`` for the OpenAPI document (NLGov API design
rules): ``Problem`` with ``invalidParams`` (``InvalidParams``) on input errors. The bodies are
made by ``participatie.kernel.problems``; these serializers only describe them."""

from __future__ import annotations

from rest_framework import serializers


class InvalidParamsSerializer(serializers.Serializer):
    name = serializers.CharField(
        help_text="De parameter of het veld zoals de client het stuurde, bijvoorbeeld "
        "`rows.3.day`; `__all__` voor het verzoek als geheel."
    )
    code = serializers.CharField(
        help_text="Vaste code voor programma's, bijvoorbeeld `required`, `invalid`, `unknown`."
    )
    reason = serializers.CharField(help_text="Wat er mis is, voor mensen.")


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="URI van de soort fout; `about:blank` als er geen is.")
    title = serializers.CharField(help_text="Korte omschrijving van de soort fout.")
    status = serializers.IntegerField(help_text="De HTTP-statuscode.")
    detail = serializers.CharField(help_text="Wat er in dit geval mis is.")
    instance = serializers.CharField(help_text="Het pad van het verzoek.")
    invalidParams = InvalidParamsSerializer(
        many=True, required=False, help_text="Bij ongeldige invoer: per veld of parameter."
    )
