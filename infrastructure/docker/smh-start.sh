#!/bin/sh
# The image's default command: runs what SMH_SERVICE names (set from the build's ARG SERVICE): one service's
# compiled main module, or the embedded hub (all-in-one), as `npm run build:server` lays them out in dist/.
# An image carries only its own service's code.
set -eu
service="${SMH_SERVICE:-}"
case "$service" in
  all-in-one) main=dist/scripts/embedded.js ;;
  '') echo "smh-start: SMH_SERVICE is not set" >&2; exit 64 ;;
  *) main="services/$service/dist/main.js" ;;
esac
if [ ! -f "/app/$main" ]; then
  echo "smh-start: this image does not carry '$service' (SMH_SERVICE); build it with --build-arg SERVICE=$service" >&2
  exit 64
fi
cd /app
exec node --conditions=smh-compiled "$main"
