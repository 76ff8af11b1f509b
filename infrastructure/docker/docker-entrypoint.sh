#!/bin/sh
# Container entrypoint for every Social Media Hub image.
# Supports the "<VAR>_FILE" convention for secrets (Docker/Compose `secrets:`, Kubernetes secret volumes):
# when SMH_SECRET_KEY_FILE, DATABASE_URL_FILE or REDIS_URL_FILE is set, the file's content becomes the variable.
# Then it replaces itself with the given command (so signals reach node directly).
set -eu

for var in SMH_SECRET_KEY DATABASE_URL REDIS_URL; do
  file_var="${var}_FILE"
  eval "file_path=\${${file_var}:-}"
  [ -n "$file_path" ] || continue
  eval "direct_value=\${${var}:-}"
  if [ -n "$direct_value" ]; then
    echo "docker-entrypoint: both ${var} and ${file_var} are set; set only one of them" >&2
    exit 64
  fi
  if [ ! -r "$file_path" ]; then
    echo "docker-entrypoint: ${file_var}=${file_path} is not a readable file" >&2
    exit 66
  fi
  value="$(cat "$file_path")"
  if [ -z "$value" ]; then
    echo "docker-entrypoint: ${file_var}=${file_path} is empty" >&2
    exit 65
  fi
  export "${var}=${value}"
  unset "${file_var}"
done

if [ "$#" -eq 0 ]; then
  echo "docker-entrypoint: no command given" >&2
  exit 64
fi
exec "$@"
