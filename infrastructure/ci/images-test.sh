#!/usr/bin/env bash
# The container stage (`make images-test`, and a step of scripts/test.sh): in a private podman store under a
# temporary directory, build the Debian base and the stand-in images (build-base.sh), every project image
# (scripts/build.sh), then run tests/images: each image alone (/health, /ready, /metrics, non-root, read-only),
# the compose journey through nginx (podman-compose), the chart's Deployments as pods (podman kube play).
# Writes a Vitest JSON report (argument 1, default .tmp/images.json) that scripts/test-summary.mjs counts; a
# failed build is written there as a failed test. Removes its store at the end; exits non-zero on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
report="$(realpath -m "${1:-.tmp/images.json}")"
mkdir -p "$(dirname "$report")"
rm -f "$report"
started=$SECONDS
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"

for tool in podman podman-compose mmdebstrap; do
  command -v "$tool" >/dev/null || { echo "images-test: $tool is missing (scripts/system/packages.txt)" >&2; exit 1; }
done

SMH_IMAGES_DIR="$(mktemp -d "${TMPDIR:-/tmp}/smh-images.XXXXXX")"
# shellcheck source=podman-env.sh
source infrastructure/ci/podman-env.sh

cleanup() {
  local status=$?
  podman pod rm --all --force >/dev/null 2>&1 || true
  podman rm --all --force --time 0 >/dev/null 2>&1 || true
  podman volume rm --all --force >/dev/null 2>&1 || true
  podman secret ls --format '{{.Name}}' 2>/dev/null | xargs -r podman secret rm >/dev/null 2>&1 || true
  podman network ls --format '{{.Name}}' 2>/dev/null | grep -v '^podman$' | xargs -r podman network rm --force >/dev/null 2>&1 || true
  findmnt -rn -o TARGET | grep "^$SMH_IMAGES_DIR" | sort -r | xargs -r umount -l 2>/dev/null || true
  rm -rf "$SMH_IMAGES_DIR"
  echo "images-test: store $SMH_IMAGES_DIR removed; stage wall time $((SECONDS - started)) s"
  # CPU time of everything the stage ran (podman, builds, containers it waited for), and how busy the machine was.
  local cpu
  cpu="$(mktemp /tmp/smh-images-times.XXXXXX)" # not in $TMPDIR: that was the store, just removed
  times >"$cpu" # in this shell: a subshell would count none of the stage's processes
  echo "images-test: CPU time (user, system) of the stage's processes: $(tail -1 "$cpu")"
  rm -f "$cpu"
  echo "images-test: load average at start $load_at_start, at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  exit $status
}
trap cleanup EXIT

failed_build() {
  # One failed test in the summary, named after the step that broke.
  node -e 'const [file, name] = process.argv.slice(1); require("fs").writeFileSync(file, JSON.stringify({ numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0, numFailedTestSuites: 1, testResults: [{ name, status: "failed", message: name + " failed" }] }));' "$report" "$1"
  echo "images-test: $1 failed" >&2
  exit 1
}

echo "==> base and stand-in images (mmdebstrap, Debian packages)"
step=$SECONDS
bash infrastructure/ci/build-base.sh || failed_build "building the base and stand-in images"
base_seconds=$((SECONDS - step))

echo "==> project images"
step=$SECONDS
bash scripts/build.sh --no-frontend --engine podman --registry smh --tag dev || failed_build "building the project images"
images_seconds=$((SECONDS - step))

echo "==> images, compose journey, pods (tests/images)"
step=$SECONDS
status=0
NO_COLOR=1 npx vitest run --config tests/images/vitest.config.ts --reporter=default --reporter=json \
  --outputFile.json="$report" || status=$?
[ -f "$report" ] || failed_build "the tests/images run (no report)"
echo "images-test: base ${base_seconds} s, project images ${images_seconds} s, tests $((SECONDS - step)) s"
exit $status
