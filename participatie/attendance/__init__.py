"""Attendance per placement per day: the weekly grid of a learning-work company, the bulk API
for company systems, period locks and the matching unit's monthly check (issue 4, items 1-5)."""
