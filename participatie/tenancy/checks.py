"""System checks that keep every tenant-owned model honest about whose it is."""

from __future__ import annotations

from django.core import checks

from participatie.tenancy.base import TenantModel, tenant_models


@checks.register(checks.Tags.models)
def check_tenant_models(app_configs: object, **kwargs: object) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for model in tenant_models():
        label = model._meta.label
        if getattr(model, "tenant_history", False):
            continue
        constraints = model._meta.constraints
        if not any(
            tuple(getattr(c, "fields", None) or ()) == ("municipality", "id") for c in constraints
        ):
            errors.append(
                checks.Error(
                    f"{label} lacks UniqueConstraint(municipality, id).",
                    hint="Add tenant_key_constraint(...) to Meta.constraints.",
                    id="tenancy.E001",
                )
            )
        for constraint in constraints:
            fields = getattr(constraint, "fields", None)
            if fields and "municipality" not in fields and hasattr(constraint, "fields"):
                errors.append(
                    checks.Error(
                        f"{label}: unique constraint {constraint.name} omits municipality.",
                        id="tenancy.E002",
                    )
                )
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key:
                errors.append(
                    checks.Error(
                        f"{label}.{field.name} is unique across tenants.",
                        hint="Use a UniqueConstraint that includes municipality.",
                        id="tenancy.E003",
                    )
                )
            related = getattr(field, "related_model", None)
            if (
                field.is_relation
                and isinstance(related, type)
                and issubclass(related, TenantModel)
                and not getattr(field, "tenant_composite", False)
            ):
                errors.append(
                    checks.Error(
                        f"{label}.{field.name} points to a tenant-owned model without "
                        "a composite key.",
                        hint="Declare it with TenantForeignKey and add CompositeForeignKey.",
                        id="tenancy.E004",
                    )
                )
    return errors
