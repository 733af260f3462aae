# Issue 18: a function the app role may call to ANALYZE the tables a bulk job filled
# (participatie.kernel.statistics). ANALYZE skips tables its caller does not own, and the
# application acts as a role that owns none; SECURITY DEFINER runs it as the owner, limited to
# tables of the public schema, with a fixed search_path. (No percent signs: the SQL goes
# through the driver's placeholder parsing.)

from django.db import migrations

import participatie.tenancy.db as tenancy_db

CREATE = """
CREATE OR REPLACE FUNCTION participatie_analyze(tables text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  name text;
BEGIN
  FOREACH name IN ARRAY tables LOOP
    IF to_regclass('public.' || quote_ident(name)) IS NULL THEN
      RAISE EXCEPTION USING MESSAGE = 'participatie_analyze: no table public.' || name;
    END IF;
    EXECUTE 'ANALYZE public.' || quote_ident(name);
  END LOOP;
END
$$
"""

DROP = "DROP FUNCTION IF EXISTS participatie_analyze(text[])"


class Migration(migrations.Migration):

    dependencies = [
        ('participatie', '0010_region_partners'),
    ]

    operations = [
        tenancy_db.PostgresOnlySQL(CREATE, DROP),
    ]
