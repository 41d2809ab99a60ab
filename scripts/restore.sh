#!/usr/bin/env bash
# Restore an Otbor backup into a NEW database (never over an existing one) and, optionally,
# its documents into an empty OTBOR_MEDIA_ROOT.
#
#   scripts/restore.sh DUMP NEW_DATABASE_URL [MEDIA.tar.gz]
#
# The database named in NEW_DATABASE_URL is created (createdb; the user needs CREATEDB)
# and owned by that URL's user: objects are restored with --no-owner.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 DUMP NEW_DATABASE_URL [MEDIA.tar.gz]" >&2
  exit 2
fi
dump=$1
new_url=$2
media_in=${3:-}

[ -r "$dump" ] || { echo "cannot read $dump" >&2; exit 1; }
# postgres://user:pass@host:port/name?options -> name, and the same server's "postgres" db.
without_query=${new_url%%\?*}
query=${new_url#"$without_query"}
name=${without_query##*/}
server=${without_query%/*}
if [ -z "$name" ] || [ "$server" = "$without_query" ]; then
  echo "NEW_DATABASE_URL must name the database: postgres://user:pass@host:port/name" >&2
  exit 2
fi

createdb --no-password --maintenance-db="$server/postgres$query" "$name"
pg_restore --no-owner --no-privileges --exit-on-error --no-password --dbname="$new_url" "$dump"
echo "database: restored $dump into $name"

if [ -n "$media_in" ]; then
  media_root=${OTBOR_MEDIA_ROOT:?set OTBOR_MEDIA_ROOT to the directory to restore documents into}
  mkdir -p "$media_root"
  if [ -n "$(ls -A "$media_root")" ]; then
    echo "$media_root is not empty; restore documents into an empty directory" >&2
    exit 1
  fi
  tar --extract --gzip --file="$media_in" --directory="$media_root"
  echo "documents: $(find "$media_root" -type f | wc -l) files into $media_root"
fi
