#!/bin/sh
# Regenerate the single initial migration from the models, against an empty
# PostgreSQL database (autogenerate there sees every foreign key).
set -e
db="duty_migrate_$$"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" postgres
trap 'psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" postgres' EXIT
rm -f migrations/versions/*.py
DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" INSTANCE_PATH="$(mktemp -d)" \
  .venv/bin/flask --app app db migrate -m "Create the schema" 2>&1 | tail -1
.venv/bin/python scripts/fix_circular_fk.py migrations/versions/*_create_the_schema.py
