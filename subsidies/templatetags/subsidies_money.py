"""Kept as an alias: ``{{ amount|euro }}`` is ``{{ amount|money }}`` of ``{% load notation %}``,
which new templates use."""

from __future__ import annotations

from django import template

from participatie.templatetags.notation import money

register = template.Library()

register.filter("euro", money)
