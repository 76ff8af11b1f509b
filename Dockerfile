# syntax=docker/dockerfile:1
# One image recipe for the hub: ARG SERVICE picks what the image runs.
#   SERVICE=all-in-one (default)  the embedded mode: every service in one process, web UI, ffmpeg, port 8080
#   SERVICE=api-gateway | download-service | video-service | account-service | file-service | scheduler-service
# Build from the repository root:
#   docker build -t smh/all-in-one .
#   docker build --build-arg SERVICE=video-service -t smh/video-service .      (`make images` builds them all)
# The back end is compiled the same way as on a workstation: `npm run build:server` (tsc -b into each package's
# dist/), run with `node --conditions=smh-compiled` (no tsx). Every stage before the runtime is the same for all
# seven images (one npm ci, one compile, one web UI build, one prune to production dependencies); only the last
# steps depend on SERVICE, so building the seven in a row reuses the layer cache. The runtime is Debian slim + the
# node binary + the production dependencies of the service's workspaces only: no npm, no compiler, no sources.
ARG NODE_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---- manifests: every workspace's package.json (npm ci must see them all to match the lock file) ----
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY services/api-gateway/package.json services/api-gateway/
COPY services/download-service/package.json services/download-service/
COPY services/video-service/package.json services/video-service/
COPY services/account-service/package.json services/account-service/
COPY services/file-service/package.json services/file-service/
COPY services/scheduler-service/package.json services/scheduler-service/
COPY frontend/package.json frontend/

# ---- devdeps: all dependencies, for the compiler and the web UI build ----
# NPM_CACHE is where npm looks for tarballs: the cache mount below keeps them between docker (BuildKit) builds; the
# container stage mounts the host's own npm cache there instead (scripts/build.sh with podman: --volume …:O, a
# throw-away overlay), so this install reads what the host's `npm ci` already downloaded.
FROM manifests AS devdeps
ARG NPM_CACHE=/root/.npm
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund --ignore-scripts --prefer-offline --cache "$NPM_CACHE"

# ---- compile: `npm run build:server` (as `make dev` does); then only the JavaScript and the assets stay ----
FROM devdeps AS compile
COPY tsconfig.json tsconfig.build.base.json ./
COPY shared/ shared/
COPY services/ services/
COPY scripts/embedded.ts scripts/tsconfig.build.json scripts/
RUN npm run build:server \
 && find shared services scripts dist -type f \
      \( -name '*.ts' -o -name '*.d.mts' -o -name '*.map' -o -name '.tsbuildinfo' \) -delete

# ---- webui: the web UI (frontend/dist) ----
FROM devdeps AS webui
COPY shared/ shared/
COPY frontend/ frontend/
RUN npm run build -w @smh/frontend

# ---- proddeps: production dependencies of every workspace: the full install pruned (no second npm ci) ----
FROM devdeps AS proddeps
COPY infrastructure/docker/service-workspaces.sh /usr/local/bin/service-workspaces
COPY infrastructure/docker/prune-node-modules.sh /usr/local/bin/prune-node-modules
COPY infrastructure/docker/prune-to-workspaces.mjs /usr/local/lib/smh/prune-to-workspaces.mjs
RUN npm prune --omit=dev --no-audit --no-fund && prune-node-modules node_modules

# ---- node: the node binary stripped of its symbols and debug information (-12 MB; JS stack traces unchanged) ----
FROM ${NODE_IMAGE} AS node
RUN apt-get update && apt-get install -y --no-install-recommends binutils \
 && strip -o /usr/local/bin/node-runtime /usr/local/bin/node \
 && /usr/local/bin/node-runtime --version

# ---- base: what every image shares (node, user, entrypoint scripts) ----
FROM ${RUNTIME_IMAGE} AS base
COPY --from=node /usr/local/bin/node-runtime /usr/local/bin/node
RUN groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /usr/sbin/nologin --no-create-home --home-dir /data node \
 && mkdir -p /data && chown node:node /data
COPY infrastructure/docker/docker-entrypoint.sh /usr/local/bin/docker-entrypoint
COPY infrastructure/docker/smh-start.sh /usr/local/bin/smh-start
COPY infrastructure/docker/healthcheck.mjs /usr/local/lib/smh/healthcheck.mjs
# METRICS_PORT: the gateway and the all-in-one hub serve /metrics there, not on their public port (services
# ignore it: their own port is internal).
ENV NODE_ENV=production \
    SMH_DATA_DIR=/data \
    METRICS_PORT=9464
WORKDIR /app
# The unprivileged "node" user (uid 1000) owns only the data directory; the root filesystem may be read-only.
USER node
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/usr/local/lib/smh/healthcheck.mjs"]
ENTRYPOINT ["docker-entrypoint"]
CMD ["smh-start"]

# ---- deps: the production dependencies of @smh/shared and the service's workspace(s) only (npm ls decides) ----
FROM proddeps AS deps
ARG SERVICE=all-in-one
RUN workspaces="$(service-workspaces "$SERVICE")" \
 && npm ls --omit=dev --all --parseable $workspaces >/tmp/keep \
 && node /usr/local/lib/smh/prune-to-workspaces.mjs /app </tmp/keep && rm /tmp/keep

# ---- code: the compiled code this image runs (all services and the launcher for all-in-one), its web UI ----
FROM compile AS code
COPY --from=webui /app/frontend/dist/ /app/frontend/dist/
ARG SERVICE=all-in-one
RUN mkdir -p /out/services && cp -a package.json /out/ && cp -a shared /out/ \
 && case "$SERVICE" in \
      all-in-one) cp -a services/. /out/services/ && cp -a dist frontend /out/ ;; \
      *) [ -d "services/$SERVICE" ] || { echo "unknown SERVICE '$SERVICE'" >&2; exit 1; } \
         && cp -a "services/$SERVICE" /out/services/ \
         && if [ "$SERVICE" = api-gateway ]; then mkdir -p /out/frontend && cp -a frontend/dist /out/frontend/; fi ;; \
    esac

# ---- runtime: the shared base with this service's dependencies and code (files stay root-owned, read-only) ----
FROM base AS runtime
ARG SERVICE=all-in-one
# yt-dlp for downloads from other sites (download-service), without its recommends. The ffmpeg it merges video and
# audio with is the static one from the npm package @ffmpeg-installer/ffmpeg (a download-service dependency, in
# node_modules; the service passes it with --ffmpeg-location), not Debian's ffmpeg (+516 MB with its libraries).
USER root
RUN if [ "$SERVICE" = "download-service" ] || [ "$SERVICE" = "all-in-one" ]; then \
      apt-get update && apt-get install -y --no-install-recommends yt-dlp ca-certificates \
      && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin; \
    fi
USER node
COPY --from=deps /app/node_modules/ /app/node_modules/
COPY --from=code /out/ /app/
ENV SMH_SERVICE=${SERVICE}
