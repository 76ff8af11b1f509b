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
# The store in memory (tmpfs) when run as root with room to spare (SMH_IMAGES_TMPFS=off keeps it on disk): the
# builds write several GB of small files (node_modules in layers) and deleting them from a busy disk took 2-3.5
# minutes; unmounting a tmpfs takes none. The store peaks at about 5 GB.
if [ "${SMH_IMAGES_TMPFS:-auto}" != off ] && [ "$(id -u)" = 0 ] &&
  [ "$(awk '/^MemAvailable:/ { print int($2 / 1048576) }' /proc/meminfo)" -ge "${SMH_IMAGES_TMPFS_MIN_GB:-12}" ]; then
  mount -t tmpfs -o "size=${SMH_IMAGES_TMPFS_SIZE:-10g},mode=0700" smh-images "$SMH_IMAGES_DIR" &&
    echo "images-test: store on a tmpfs at $SMH_IMAGES_DIR"
fi
# shellcheck source=podman-env.sh
source infrastructure/ci/podman-env.sh

services_pid=
cleanup() {
  local status=$?
  if [ -n "$services_pid" ]; then kill -- "-$services_pid" 2>/dev/null || true; wait "$services_pid" 2>/dev/null || true; fi
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

echo "==> base images the Dockerfile builds FROM (mmdebstrap, node stand-in)"
step=$SECONDS
bash infrastructure/ci/build-base.sh build || failed_build "building the Debian base and the node stand-in"
base_seconds=$((SECONDS - step))

# The stand-ins only the tests run (postgres, redis, nginx, prometheus: apt downloads and dpkg) build while the
# project images build (CPU: tsc, vite); own process group, so a failure elsewhere stops all of it.
echo "==> stand-ins for the tests, in the background (log: $SMH_IMAGES_DIR/standins.log)"
services_started=$SECONDS
setsid bash infrastructure/ci/build-base.sh services >"$SMH_IMAGES_DIR/standins.log" 2>&1 &
services_pid=$!

echo "==> project images"
step=$SECONDS
bash scripts/build.sh --no-frontend --engine podman --registry smh --tag dev || failed_build "building the project images"
images_seconds=$((SECONDS - step))

services_status=0
wait "$services_pid" || services_status=$?
services_pid=
cat "$SMH_IMAGES_DIR/standins.log"
[ "$services_status" = 0 ] || failed_build "building the stand-ins the tests run"
echo "images-test: stand-ins for the tests joined $((SECONDS - services_started)) s after they started (their own times above)"
if findmnt -rn -t tmpfs "$SMH_IMAGES_DIR" >/dev/null; then
  echo "images-test: store uses $(df -m --output=used "$SMH_IMAGES_DIR" | tail -1 | tr -d ' ') MB of its tmpfs"
fi

waited=0
if [ -n "${SMH_IMAGES_TESTS_AFTER:-}" ]; then
  # Started in the background by scripts/test.sh so the builds overlap the browser tests: the tests here wait for
  # them to end (the file appears), and give up if the run that started the stage is gone.
  echo "==> waiting for $SMH_IMAGES_TESTS_AFTER (the browser tests are running)"
  step=$SECONDS
  until [ -e "$SMH_IMAGES_TESTS_AFTER" ]; do
    kill -0 "${SMH_IMAGES_PARENT_PID:-$PPID}" 2>/dev/null || failed_build "waiting for the browser tests (the run that started the stage is gone)"
    sleep 1
  done
  waited=$((SECONDS - step))
fi

echo "==> images, compose journey, pods (tests/images)"
step=$SECONDS
status=0
NO_COLOR=1 npx vitest run --config tests/images/vitest.config.ts --reporter=default --reporter=json \
  --outputFile.json="$report" || status=$?
[ -f "$report" ] || failed_build "the tests/images run (no report)"
echo "images-test: base ${base_seconds} s, project images ${images_seconds} s, waiting for the browser tests ${waited} s, tests $((SECONDS - step)) s"
exit $status
