#!/bin/sh
# Prints the npm --workspace options an image of SERVICE installs: @smh/shared plus the service's own
# workspace, or every back-end workspace for the all-in-one image. Fails on an unknown name.
set -eu
backend="api-gateway download-service video-service account-service file-service scheduler-service"
case " $backend all-in-one " in
  *" ${1:-} "*) ;;
  *) echo "service-workspaces: unknown SERVICE '${1:-}' (known: $backend all-in-one)" >&2; exit 1 ;;
esac
if [ "$1" = all-in-one ]; then selected="$backend"; else selected="$1"; fi
printf -- '--workspace=@smh/shared'
for name in $selected; do printf -- ' --workspace=@smh/%s' "$name"; done
printf '\n'
