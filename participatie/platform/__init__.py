"""Platform administration: the pages at ``/beheer/`` where the platform administrator keeps
the global rows (regions, municipalities, organisations), the matching units' service areas and
the invitations. Not a tenant: the pages name no municipality, and reading or writing a
tenant-owned row (a service area) opens the tenant explicitly in the services and selectors."""
