"""Reports (issue 6): the run machinery lives here; each app registers its own kinds.

* :mod:`participatie.reports.registry`: :class:`ReportKind` and ``register_report_kind``.
* :mod:`participatie.reports.content`: what a kind builds (tables, charts, text), format-free.
"""
