#!/usr/bin/env bash
# Builds, without any image registry, the base images the project's Dockerfiles and compose files name:
# a Debian 12 base made with mmdebstrap, then stand-ins built from Debian packages (standins/*.Containerfile)
# and tagged with the upstream names (node:20-bookworm-slim, postgres:15-bookworm, redis:7-bookworm, nginx,
# prometheus). Usage: source podman-env.sh first (or let this script do it), then `bash build-base.sh [GROUP]`:
# `build` (Debian base and node: what the project's Dockerfile builds FROM), `services` (postgres, redis, nginx,
# prometheus: what only the tests run), `all` (default), or `rootfs` (only the Debian root filesystem, into the
# cache). Both the Debian root filesystem and each finished group of images are cached ($SMH_IMAGES_CACHE,
# default ~/.cache/smh-images; "none" builds everything from scratch and keeps nothing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
GROUP="${1:-all}"
case "$GROUP" in rootfs | build | services | all) ;; *) echo "build-base.sh: unknown group '$GROUP' (rootfs, build, services, all)" >&2; exit 2 ;; esac
# shellcheck source=podman-env.sh
[ "$GROUP" = rootfs ] || [ -n "${CONTAINERS_STORAGE_CONF:-}" ] || source "$here/podman-env.sh"
MIRROR="${SMH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${SMH_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"

timed() {
  local label="$1" started=$SECONDS
  shift
  "$@"
  echo "base: $label built in $((SECONDS - started)) s"
}

debian_rootfs() {
  # The root filesystem tarball is kept a week in a cache ($SMH_IMAGES_CACHE, "none" to disable): mmdebstrap is
  # the slowest step (1-2 min on a quiet machine, 9.5 min at load 20) and its output changes only with Debian's
  # point releases. `build-base.sh rootfs` makes only this (no podman), which the test command starts in the
  # background while the tests run.
  local rootfs="$1"
  if [ ! -f "$rootfs" ] || [ -z "$(find "$rootfs" -mtime -7 2>/dev/null)" ]; then
    mkdir -p "$(dirname "$rootfs")"
    # Slim like debian:bookworm-slim: merged /usr without the usrmerge package (which drags in perl), no manuals,
    # documentation or translations (the dpkg excludes stay in the image for later apt installs too).
    mmdebstrap --quiet --variant=minbase --include=ca-certificates \
      --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --dpkgopt='path-exclude=/usr/share/info/*' \
      bookworm "${rootfs%.tar}.partial.tar" \
      "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" "deb $SECURITY_MIRROR bookworm-security main" \
      >/dev/null
    mv "${rootfs%.tar}.partial.tar" "$rootfs"
  else
    echo "base: Debian root filesystem from the cache $rootfs"
  fi
}

debian_base() {
  local cache="${SMH_IMAGES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smh-images}"
  local rootfs="$cache/debian-bookworm-slim.tar"
  if [ "$cache" = none ]; then rootfs="$SMH_IMAGES_DIR/tmp/debian-rootfs.tar"; fi
  debian_rootfs "$rootfs"
  podman import --quiet --change 'CMD ["bash"]' "$rootfs" docker.io/library/debian:bookworm-slim >/dev/null
  if [ "$cache" = none ]; then rm -f "$rootfs"; fi
}

standin() {
  local file="$1" tag="$2" context="${3:-$here/standins}"
  podman build --quiet --pull=never --network host --layers -f "$here/standins/$file" -t "$tag" "$context" >/dev/null
}

node_context() {
  # Node 20 and npm of this machine (self-contained binary), plus its CA bundle: npm in a build must trust the
  # registry's chain the same way the host does (NODE_EXTRA_CA_CERTS).
  local context="$SMH_IMAGES_DIR/tmp/node-context"
  rm -rf "$context" && mkdir -p "$context"
  cp "$(readlink -f "$(command -v node)")" "$context/node"
  cp -r "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$context/npm"
  cp "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" "$context/extra-ca.crt"
  echo "$context"
}

# The images the project's Dockerfile builds FROM (needed before the project images), and those only the tests
# run (postgres, redis, nginx, prometheus: built while the project images build; images-test.sh).
# `rootfs`: only the Debian root filesystem into the cache (no podman).
if [ "$GROUP" = rootfs ]; then
  cache="${SMH_IMAGES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smh-images}"
  if [ "$cache" != none ]; then timed "Debian root filesystem" debian_rootfs "$cache/debian-bookworm-slim.tar"; fi
  exit 0
fi

in_parallel() {
  # Runs "label file tag [context]" jobs at once (apt downloads and dpkg, not CPU, bound them); fails if any fails.
  local pids=() job failed=0
  for job in "$@"; do
    # shellcheck disable=SC2086
    timed $job &
    pids+=($!)
  done
  for job in "${pids[@]}"; do wait "$job" || failed=1; done
  return $failed
}

build_all() {
  if ! podman image exists docker.io/library/debian:bookworm-slim; then timed debian:bookworm-slim debian_base; fi
  local jobs=()
  if [ "$GROUP" != services ]; then
    jobs+=("node:20-bookworm-slim standin node.Containerfile docker.io/library/node:20-bookworm-slim $(node_context)")
  fi
  if [ "$GROUP" != build ]; then
    jobs+=("postgres:15-bookworm standin postgres.Containerfile docker.io/library/postgres:15-bookworm")
    jobs+=("redis:7-bookworm standin redis.Containerfile docker.io/library/redis:7-bookworm")
    jobs+=("nginx:1.27-bookworm standin nginx.Containerfile docker.io/library/nginx:1.27-bookworm")
    if [ "${SMH_STANDIN_PROMETHEUS:-1}" = 1 ]; then
      jobs+=("prom/prometheus:v2.54.1 standin prometheus.Containerfile docker.io/prom/prometheus:v2.54.1")
    fi
  fi
  in_parallel "${jobs[@]}"
}

all_tags() {
  if [ "$GROUP" != services ]; then
    echo docker.io/library/debian:bookworm-slim docker.io/library/node:20-bookworm-slim
  fi
  if [ "$GROUP" != build ]; then
    echo docker.io/library/postgres:15-bookworm docker.io/library/redis:7-bookworm \
      docker.io/library/nginx:1.27-bookworm
    if [ "${SMH_STANDIN_PROMETHEUS:-1}" = 1 ]; then echo docker.io/prom/prometheus:v2.54.1; fi
  fi
}

# The finished set (base + stand-ins) is kept in the same cache as one image archive, named after everything it
# is made from (these scripts, the Containerfiles, this machine's node/npm and CA bundle): loading it takes seconds
# where building it takes minutes (apt downloads and installs in four images). Kept a week, like the root fs.
standins_key() {
  {
    cat "$here/build-base.sh" "$here"/standins/*
    node --version
    npm --version
    cat "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
    all_tags
  } | sha256sum | cut -c1-16
}

cache="${SMH_IMAGES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smh-images}"
if [ "$cache" = none ]; then
  build_all
  exit 0
fi
archive="$cache/standins-$GROUP-$(standins_key).tar"
if [ -n "$(find "$archive" -mtime -7 2>/dev/null)" ]; then
  started=$SECONDS
  podman load --quiet --input "$archive" >/dev/null
  echo "base: base and stand-in images loaded from the cache $archive in $((SECONDS - started)) s"
else
  build_all
  mkdir -p "$cache"
  rm -f "$cache/standins-$GROUP"-*.tar
  # shellcheck disable=SC2046
  podman save --quiet --multi-image-archive --output "$archive.partial" $(all_tags)
  mv "$archive.partial" "$archive"
  echo "base: saved to the cache $archive ($(du -m "$archive" | cut -f1) MB)"
fi
