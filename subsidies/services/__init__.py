"""Writes for subsidies, by concern: settlement (quarter statements)."""
