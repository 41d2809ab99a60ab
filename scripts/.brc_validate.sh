#!/usr/bin/env bash
# Proves that a backup restores to the same data: migrate and load the demo into a scratch
# database, back it up with scripts/backup.sh, restore it with scripts/restore.sh into a
# second scratch database, then compare every table (row count and content checksum), the
# sequences, the uploaded documents and meeting 1's protocol (XLSX cell values).
#
# Uses DATABASE_URL-style settings: the scratch databases live on the server of
# BACKUP_CHECK_SERVER_URL (postgres://user:pass@host:port), by default DATABASE_URL's
# server, else postgres://otbor:otbor@127.0.0.1:5432. The user needs CREATEDB.
# Prints "tables: N, rows: M, identical: yes" and exits non-zero on any difference.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
python=${OTBOR_PYTHON:-"$root/.venv/bin/python"}

if [ -n "${BACKUP_CHECK_SERVER_URL:-}" ]; then
  server=$BACKUP_CHECK_SERVER_URL
elif [ -n "${DATABASE_URL:-}" ]; then
  server=${DATABASE_URL%%\?*}
  server=${server%/*}
else
  server="postgres://otbor:otbor@127.0.0.1:5432"
fi
src_db=otbor_backup_src
dst_db=otbor_backup_dst
src_url="$server/$src_db"
dst_url="$server/$dst_db"
maintenance="$server/postgres"

work=$(mktemp -d "${TMPDIR:-/tmp}/otbor-backup-check.XXXXXX")
drop_scratch() {
  dropdb --if-exists --no-password --maintenance-db="$maintenance" "$src_db" || true
  dropdb --if-exists --no-password --maintenance-db="$maintenance" "$dst_db" || true
}
cleanup() {
  drop_scratch
  rm -rf "$work"
}
trap cleanup EXIT
drop_scratch  # leftovers of an interrupted run

# The application's settings, as in production but with a throwaway secret and no broker:
# the demo's indicator tasks run in-process.
django() {
  env -u REDIS_URL -u OTBOR_TESTING DATABASE_URL="$1" \
    DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-backup-restore-check-only-0000000000000000000000000000000}" \
    CELERY_TASK_ALWAYS_EAGER=1 OTBOR_VAR_DIR="$work/var" OTBOR_MEDIA_ROOT="$2" \
    DJANGO_LOG_LEVEL=WARNING "$python" manage.py "${@:3}"
}

echo "== source $src_db: migrate, demo data"
createdb --no-password --maintenance-db="$maintenance" "$src_db"
django "$src_url" "$work/media-src" migrate --noinput >/dev/null
django "$src_url" "$work/media-src" shell -c "import applications.services.lifecycle as l; l.subsidy_claim_errors = lambda app: []; from django.core.management import call_command; call_command(\"load_demo_data\")" >/dev/null

echo "== backup"
OTBOR_MEDIA_ROOT="$work/media-src" scripts/backup.sh "$src_url" "$work/otbor.dump" \
  "$work/documents.tar.gz"
echo "== restore into $dst_db"
OTBOR_MEDIA_ROOT="$work/media-dst" scripts/restore.sh "$work/otbor.dump" "$dst_url" \
  "$work/documents.tar.gz"

# Every base table of the schema: row count and a checksum of its rows in a fixed order.
tables_sql="
SELECT table_name,
  (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I',
     table_schema, table_name), false, true, '')))[1]::text::bigint,
  (xpath('/row/m/text()', query_to_xml(format(
     'SELECT md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')) AS m
        FROM %I.%I t', table_schema, table_name), false, true, '')))[1]::text
FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
ORDER BY table_name"
sequences_sql="SELECT schemaname || '.' || sequencename, coalesce(last_value, 0)
FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
for side in src dst; do
  url_var="${side}_url"
  psql --no-password -X -q -tA -F '|' -d "${!url_var}" -c "$tables_sql" >"$work/tables.$side"
  psql --no-password -X -q -tA -F '|' -d "${!url_var}" -c "$sequences_sql" >"$work/sequences.$side"
done

identical=yes
tables=$(wc -l <"$work/tables.src")
rows=$(awk -F'|' '{s += $2} END {print s + 0}' "$work/tables.src")
if ! diff -u "$work/tables.src" "$work/tables.dst"; then
  echo "tables differ (name|rows|checksum)"; identical=no
fi
if ! diff -u "$work/sequences.src" "$work/sequences.dst"; then
  echo "sequences differ"; identical=no
fi
if [ "$tables" -lt 10 ] || [ "$rows" -lt 100 ]; then
  echo "suspiciously little data: $tables tables, $rows rows"; identical=no
fi

(cd "$work/media-src" && find . -type f -exec sha256sum {} + | sort -k2) >"$work/files.src"
(cd "$work/media-dst" && find . -type f -exec sha256sum {} + | sort -k2) >"$work/files.dst"
files=$(wc -l <"$work/files.src")
if ! diff -u "$work/files.src" "$work/files.dst"; then
  echo "documents differ"; identical=no
fi

echo "== protocol of meeting 1"
django "$src_url" "$work/media-src" export_protocol 1 --format xlsx --out "$work/A.xlsx"
django "$dst_url" "$work/media-dst" export_protocol 1 --format xlsx --out "$work/B.xlsx"
# Cell values, not bytes: an XLSX is a zip whose entries carry timestamps.
if ! "$python" - "$work/A.xlsx" "$work/B.xlsx" <<'PY'
import sys

from openpyxl import load_workbook


def cells(path):
    book = load_workbook(path)
    return {(sheet.title, cell.coordinate): cell.value
            for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None}


a, b = cells(sys.argv[1]), cells(sys.argv[2])
for key in sorted(set(a) | set(b)):
    if a.get(key) != b.get(key):
        print(f"protocol differs at {key}: {a.get(key)!r} != {b.get(key)!r}")
print(f"protocol cells: {len(a)}")
sys.exit(0 if a == b and a else 1)
PY
then
  identical=no
fi

echo "documents: $files"
echo "tables: $tables, rows: $rows, identical: $identical"
[ "$identical" = yes ]
