#!/usr/bin/env bash
# The whole test suite: install if needed, typecheck, unit + integration tests (Vitest), browser e2e
# (Playwright on Debian's Chromium), the container stage (infrastructure/ci/images-test.sh; its Debian root
# filesystem is made in the background from the start, at a low CPU and I/O priority, its images are built while the
# browser tests run, and its own tests run after them; SMH_SKIP_IMAGES=1 leaves the stage out on a machine
# without podman), then one closing line "N passed, N failed" with each failed test named above it.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

step "System packages and local servers"
bash scripts/system/ensure.sh || exit 1

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing dependencies (npm ci)"
  npm ci --no-audit --no-fund || exit 1
fi

failed_steps=()

# The root filesystem made beside lint, typecheck and Vitest runs at a low CPU and I/O priority: it uses what they
# leave idle. (The image builds later are not lowered: they are the run's critical path beside the browser tests,
# which passed under load; lowered, they ended 53 s after the browser tests in a measured run.)
low_priority=(nice -n 10 ionice -c 2 -n 7)

rootfs_pid=
if [ "${SMH_SKIP_IMAGES:-0}" != 1 ] && command -v mmdebstrap >/dev/null 2>&1; then
  # The container stage's longest download (mmdebstrap's Debian root filesystem, into the stage's cache) runs
  # while lint, typecheck and the tests run; the stage waits for it and then finds it in the cache.
  "${low_priority[@]}" bash infrastructure/ci/build-base.sh rootfs >.tmp/images-rootfs.log 2>&1 &
  rootfs_pid=$!
fi

step "Lint and format (Biome)"
npm run --silent lint || failed_steps+=("lint")

step "Typecheck"
npm run --silent typecheck || failed_steps+=("typecheck")
if [ -f tests/e2e-browser/tsconfig.json ]; then
  npx tsc -p tests/e2e-browser/tsconfig.json || failed_steps+=("e2e typecheck")
fi
if [ -f frontend/package.json ]; then
  npm run --silent typecheck -w @smh/frontend || failed_steps+=("frontend typecheck")
  step "Building the web UI"
  npm run --silent build -w @smh/frontend >/dev/null || failed_steps+=("frontend build")
fi

step "Unit and integration tests (Vitest)"
rm -f .tmp/vitest.json .tmp/playwright.json .tmp/playwright-named-site.json
# The JSON reporter is Vitest's own plus the run's unhandled errors (scripts/vitest-json-reporter.mjs).
NO_COLOR=1 npx vitest run --reporter=default --reporter=./scripts/vitest-json-reporter.mjs \
  --outputFile.json=.tmp/vitest.json
vitest_status=$?
# Every runner named here is expected to write a report; a missing one counts as a failure in the summary.
runners=(vitest=.tmp/vitest.json --exit "vitest=$vitest_status")

images_status=0
images_pid=
if [ "${SMH_SKIP_IMAGES:-0}" != 1 ]; then
  step "Container images: building in the background while the browser tests run"
  if [ -n "$rootfs_pid" ]; then
    # A failure here is not fatal: the stage then makes the root filesystem itself.
    wait "$rootfs_pid" || echo "(the root filesystem made in the background failed: the stage makes it)"
    cat .tmp/images-rootfs.log
  fi
  rm -f .tmp/images.json .tmp/images-tests-may-start
  # The builds (apt, npm, tsc, vite in containers) overlap the browser tests; the stage's own tests wait for
  # .tmp/images-tests-may-start, so no two suites of servers run at once. Its output is shown when it is done.
  SMH_IMAGES_TESTS_AFTER=.tmp/images-tests-may-start SMH_IMAGES_PARENT_PID=$$ \
    bash infrastructure/ci/images-test.sh .tmp/images.json >.tmp/images-stage.log 2>&1 &
  images_pid=$!
fi

playwright_status=0
if [ -f tests/e2e-browser/playwright.config.ts ]; then
  step "Browser end-to-end tests (Playwright + Chromium)"
  PLAYWRIGHT_JSON_OUTPUT_NAME=.tmp/playwright.json PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    npx playwright test -c tests/e2e-browser/playwright.config.ts --reporter=list,json
  playwright_status=$?
  runners+=(playwright=.tmp/playwright.json --exit "playwright=$playwright_status")

  step "The named site through the web UI (PeerTube as framatube.org, in a private network namespace)"
  rm -f .tmp/playwright-named-site.json
  PLAYWRIGHT_JSON_OUTPUT_NAME=.tmp/playwright-named-site.json \
    node --import tsx tests/e2e-browser/named-site/run.ts --reporter=list,json
  named_site_status=$?
  [ $named_site_status -ne 0 ] && playwright_status=$named_site_status
  runners+=(playwright-named-site=.tmp/playwright-named-site.json --exit "playwright-named-site=$named_site_status")
fi

if [ -n "$images_pid" ]; then
  step "Container images: build, run, compose journey, kube play (podman)"
  touch .tmp/images-tests-may-start
  wait "$images_pid"
  images_status=$?
  cat .tmp/images-stage.log
  if [ $images_status -ne 0 ] && [ ! -f .tmp/images.json ]; then
    echo '{"numPassedTests":0,"numFailedTests":1,"numPendingTests":0,"numFailedTestSuites":1}' >.tmp/images.json
  fi
  runners+=(images=.tmp/images.json --exit "images=$images_status")
fi

step "Summary"
# Under CI (CI=true or SMH_REQUIRE_SERVICES=1) the summary also counts every skipped test as a failure.
node scripts/test-summary.mjs "${runners[@]}"
summary_status=$?

if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "Failed steps: ${failed_steps[*]}"
  exit 1
fi
if [ $vitest_status -ne 0 ] || [ $playwright_status -ne 0 ] || [ $images_status -ne 0 ] || [ $summary_status -ne 0 ]; then
  exit 1
fi
exit 0
