"""The tenant policy computes its id array once per statement instead of once per row."""

from django.db import migrations

import participatie.tenancy.db as tenancy_db


class Migration(migrations.Migration):
    dependencies = [("participatie", "0004_reports")]

    operations = [tenancy_db.RefreshTenantPolicies()]
