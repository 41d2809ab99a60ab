#!/usr/bin/env bash
# Back up Otbor: the database as a pg_dump custom-format archive and, optionally, the
# uploaded documents (OTBOR_MEDIA_ROOT) as a tar.gz.
#
#   scripts/backup.sh DATABASE_URL OUT.dump [MEDIA_OUT.tar.gz]
#
# DATABASE_URL is the application's own (postgres://user:password@host:port/name).
# The dump is consistent (one snapshot) and can be taken while Otbor runs.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 DATABASE_URL OUT.dump [MEDIA_OUT.tar.gz]" >&2
  exit 2
fi
database_url=$1
out=$2
media_out=${3:-}

tmp="$out.partial"
trap 'rm -f "$tmp"' EXIT
pg_dump --format=custom --compress=6 --no-password --file="$tmp" --dbname="$database_url"
pg_restore --list "$tmp" >/dev/null  # the archive is readable before it replaces anything
mv "$tmp" "$out"
echo "database: $out ($(wc -c <"$out") bytes)"

if [ -n "$media_out" ]; then
  media_root=${OTBOR_MEDIA_ROOT:-"$(cd "$(dirname "$0")/.." && pwd)/var/documents"}
  if [ ! -d "$media_root" ]; then
    echo "OTBOR_MEDIA_ROOT $media_root does not exist" >&2
    exit 1
  fi
  tar --create --gzip --file="$media_out" --directory="$media_root" .
  echo "documents: $media_out ($(find "$media_root" -type f | wc -l) files from $media_root)"
fi
