#!/usr/bin/env bash
# Removes build output and test artefacts; with --all also the local data and the compose stack's volumes.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/cleanup.sh [options]

Without options: removes build output and test artefacts (frontend/dist, dist/, coverage/, .tmp/,
test-results/, playwright-report/, *.log at the top level). ./data (media library, embedded database) is kept.

Options:
  --all        also delete ./data (your media library and embedded database!) and run
               `docker compose down -v` (containers and volumes) when a Docker engine is reachable
  --dry-run    print what would be removed
  -h, --help   show this help
USAGE
}

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
all=false dry_run=false

while [ "$#" -gt 0 ]; do
  case "$1" in
    --all) all=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "cleanup.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

cd "$ROOT"

remove() {
  local path
  for path in "$@"; do
    [ -e "$path" ] || continue
    if [ "$dry_run" = true ]; then echo "would remove $path"; else rm -rf -- "$path" && echo "removed $path"; fi
  done
}

shopt -s nullglob
remove frontend/dist dist shared/dist services/*/dist coverage .tmp test-results playwright-report ./*.log

if [ "$all" = true ]; then
  remove data
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && [ -f docker-compose.yml ]; then
    if [ "$dry_run" = true ]; then echo "would run: docker compose down -v --remove-orphans"; else docker compose down -v --remove-orphans; fi
  else
    echo "no reachable Docker engine: skipped docker compose down -v"
  fi
fi
