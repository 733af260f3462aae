"""Serializers of the custom-budget API: expenses against a year's custom budget (maatwerk).
Amounts are decimal strings; the person who recorded one is not named."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from subsidies.models import CustomBudgetExpense


class CustomBudgetExpenseSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = CustomBudgetExpense
        fields = ["id", "year", "spent_on", "description", "amount"]


class CustomBudgetExpenseInputSerializer(serializers.Serializer):
    # The amount is text, as on the page: the service reads "1250,00" and explains bad or
    # negative amounts in Dutch, naming ``amount``; it also refuses an overspend.
    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Het jaar van het maatwerkbudget; niet verplicht: het jaar van de datum."),
    )
    spent_on = serializers.DateField(
        input_formats=["%Y-%m-%d"], help_text=_("Verplicht, jjjj-mm-dd, in het jaar.")
    )
    description = serializers.CharField(allow_blank=True, max_length=200)
    amount = serializers.CharField(
        max_length=20, help_text=_("Verplicht, in euro's, bijvoorbeeld 1250.00 of 1250,00.")
    )
