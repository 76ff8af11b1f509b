#!/usr/bin/env bash
# Builds the web UI (frontend/dist) and the container images, with podman or docker, from the one Dockerfile.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/build.sh [options]

Builds the web UI with `npm run build -w @smh/frontend`, then one image per service plus the all-in-one image,
all from the root Dockerfile (--build-arg SERVICE=<name>), with podman when it is installed, else docker.
Prints each image's build time and size.

Options:
  --registry PREFIX   image name prefix (default: $SMH_IMAGE_PREFIX or "smh"), e.g. ghcr.io/me/social-media-hub
  --tag TAG           image tag (default: $SMH_VERSION or the git short SHA, else "dev")
  --services "A B"    only these images (default: the six services and "all-in-one")
  --engine NAME       podman or docker (default: $SMH_CONTAINER_ENGINE, else podman when installed, else docker)
  --push              push the images after building
  --no-frontend       skip the web UI build
  --no-images         skip the images
  --dry-run           print the commands instead of running them
  -h, --help          show this help
USAGE
}

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ALL_IMAGES="api-gateway download-service video-service account-service file-service scheduler-service all-in-one"
registry="${SMH_IMAGE_PREFIX:-smh}"
tag="${SMH_VERSION:-}"
images="$ALL_IMAGES"
engine="${SMH_CONTAINER_ENGINE:-}"
push=false frontend=true build_images=true dry_run=false

while [ "$#" -gt 0 ]; do
  case "$1" in
    --registry) registry="${2:?--registry needs a value}"; shift 2 ;;
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    --services) images="${2:?--services needs a value}"; shift 2 ;;
    --engine) engine="${2:?--engine needs a value}"; shift 2 ;;
    --push) push=true; shift ;;
    --no-frontend) frontend=false; shift ;;
    --no-images | --no-docker) build_images=false; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

for image in $images; do
  case " $ALL_IMAGES " in *" $image "*) ;; *) echo "build.sh: unknown service '$image' (known: $ALL_IMAGES)" >&2; exit 2 ;; esac
done
if [ -z "$engine" ]; then
  if command -v podman >/dev/null 2>&1; then engine=podman; else engine=docker; fi
fi
case "$engine" in podman | docker) ;; *) echo "build.sh: unknown engine '$engine' (podman or docker)" >&2; exit 2 ;; esac

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

if [ "$build_images" = false ]; then
  exit 0
fi
if [ "$dry_run" = false ] && ! command -v "$engine" >/dev/null 2>&1; then
  echo "==> neither podman nor docker is installed: skipping the images (use --no-images to silence this)"
  exit 0
fi

# podman: the npm registry through the host's network (no bridge needed to build), layer cache, the docker image
# format (the OCI format has no HEALTHCHECK), and independent stages two at a time (the compile and the web UI
# build, the node binary and the install; docker's BuildKit does this by itself).
extra=()
if [ "$engine" = podman ]; then extra=(--network host --layers --format docker --jobs 2); fi
# podman also lends the build this machine's npm cache (read through an overlay that is thrown away afterwards):
# the in-build `npm ci` then reads the tarballs the host's own install downloaded instead of fetching them again
# (the Dockerfile's NPM_CACHE). SMH_BUILD_NPM_CACHE=none turns it off.
npm_cache="${SMH_BUILD_NPM_CACHE:-}"
if [ -z "$npm_cache" ] && [ "$engine" = podman ] && [ "$dry_run" = false ]; then
  npm_cache="$(npm config get cache 2>/dev/null || true)"
fi
if [ "$engine" = podman ] && [ "$npm_cache" != none ] && [ -d "$npm_cache/_cacache" ]; then
  extra+=(--volume "$npm_cache:/npm-host-cache:O" --build-arg NPM_CACHE=/npm-host-cache)
fi
summary=()
for image in $images; do
  ref="$registry/$image:$tag"
  echo "==> image $ref"
  started=$SECONDS
  run "$engine" build "${extra[@]}" --file Dockerfile --build-arg "SERVICE=$image" --tag "$ref" \
    --label "org.opencontainers.image.revision=$tag" .
  if [ "$dry_run" = false ]; then
    bytes="$("$engine" image inspect --format '{{.Size}}' "$ref")"
    summary+=("$(printf '%-40s %4d MB  built in %3d s' "$ref" $((bytes / 1000000)) $((SECONDS - started)))")
  fi
  if [ "$push" = true ]; then run "$engine" push "$ref"; fi
done
if [ ${#summary[@]} -gt 0 ]; then
  echo "==> image sizes"
  printf '  %s\n' "${summary[@]}"
fi
