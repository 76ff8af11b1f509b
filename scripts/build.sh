#!/usr/bin/env bash
# Builds the web UI (frontend/dist) and, when a Docker engine is reachable, the container images.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/build.sh [options]

Builds the web UI with `npm run build -w @smh/frontend`, then one image per service
(services/<name>/Dockerfile) plus the all-in-one image (Dockerfile), when a Docker engine is reachable.

Options:
  --registry PREFIX   image name prefix (default: $SMH_IMAGE_PREFIX or "smh"), e.g. ghcr.io/me/social-media-hub
  --tag TAG           image tag (default: $SMH_VERSION or the git short SHA, else "dev")
  --services "A B"    only these services (default: all six; "all-in-one" is the root Dockerfile)
  --push              push the images after building
  --no-frontend       skip the web UI build
  --no-docker         skip the images
  --dry-run           print the commands instead of running them
  -h, --help          show this help
USAGE
}

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ALL_IMAGES="api-gateway download-service video-service account-service file-service scheduler-service all-in-one"
registry="${SMH_IMAGE_PREFIX:-smh}"
tag="${SMH_VERSION:-}"
images="$ALL_IMAGES"
push=false frontend=true docker_build=true dry_run=false

while [ "$#" -gt 0 ]; do
  case "$1" in
    --registry) registry="${2:?--registry needs a value}"; shift 2 ;;
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    --services) images="${2:?--services needs a value}"; shift 2 ;;
    --push) push=true; shift ;;
    --no-frontend) frontend=false; shift ;;
    --no-docker) docker_build=false; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

for image in $images; do
  case " $ALL_IMAGES " in *" $image "*) ;; *) echo "build.sh: unknown service '$image' (known: $ALL_IMAGES)" >&2; exit 2 ;; esac
done

if [ -z "$tag" ]; then
  tag="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo dev)"
fi

run() {
  if [ "$dry_run" = true ]; then printf '+ %s\n' "$*"; else "$@"; fi
}

cd "$ROOT"

if [ "$frontend" = true ]; then
  echo "==> web UI (frontend/dist)"
  run npm run build -w @smh/frontend
fi

if [ "$docker_build" = false ]; then
  exit 0
fi
if [ "$dry_run" = false ] && ! { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }; then
  echo "==> no reachable Docker engine: skipping the images (use --no-docker to silence this)"
  exit 0
fi

for image in $images; do
  if [ "$image" = all-in-one ]; then dockerfile=Dockerfile; else dockerfile="services/$image/Dockerfile"; fi
  ref="$registry/$image:$tag"
  echo "==> image $ref"
  run docker build --file "$dockerfile" --tag "$ref" --label "org.opencontainers.image.revision=$tag" .
  if [ "$push" = true ]; then run docker push "$ref"; fi
done
