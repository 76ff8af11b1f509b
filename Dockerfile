# syntax=docker/dockerfile:1
# One image recipe for the hub: ARG SERVICE picks what the image runs.
#   SERVICE=all-in-one (default)  the embedded mode: every service in one process, web UI, ffmpeg, port 8080
#   SERVICE=api-gateway | download-service | video-service | account-service | file-service | scheduler-service
# Build from the repository root:
#   docker build -t smh/all-in-one .
#   docker build --build-arg SERVICE=video-service -t smh/video-service .      (`make images` builds them all)
# Back-end TypeScript is compiled by tsc in the build stage (tsconfig.build.json); images run plain JavaScript
# with node (no tsx). The runtime is Debian slim + the node binary + production dependencies of the service's
# workspaces only: no npm, no compiler, no sources.
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

# ---- devdeps: all dependencies, for the compiler and the web UI build (same layer for every SERVICE) ----
FROM manifests AS devdeps
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund --ignore-scripts

# ---- compile: back end to JavaScript next to its sources; workspace exports pointed at the .js files ----
FROM devdeps AS compile
COPY tsconfig.json tsconfig.build.json ./
COPY shared/ shared/
COPY services/ services/
COPY scripts/embedded.ts scripts/
COPY infrastructure/docker/compiled-exports.mjs /usr/local/bin/
RUN npx tsc -p tsconfig.build.json \
 && node /usr/local/bin/compiled-exports.mjs shared services/* \
 && find shared services scripts -name '*.ts' -delete

# ---- webui: the web UI (frontend/dist), kept only by the images that serve it ----
FROM devdeps AS webui
COPY shared/ shared/
COPY frontend/ frontend/
RUN npm run build -w @smh/frontend
ARG SERVICE=all-in-one
RUN case "$SERVICE" in all-in-one|api-gateway) ;; *) rm -rf frontend/dist && mkdir frontend/dist ;; esac

# ---- code: the compiled code this image runs (all services for all-in-one) ----
FROM compile AS code
ARG SERVICE=all-in-one
RUN case "$SERVICE" in \
      all-in-one) ;; \
      *) [ -d "services/$SERVICE" ] || { echo "unknown SERVICE '$SERVICE'" >&2; exit 1; } \
         && find services -mindepth 1 -maxdepth 1 ! -name "$SERVICE" -exec rm -rf {} + && rm -rf scripts ;; \
    esac && mkdir -p scripts

# ---- deps: production dependencies of @smh/shared and the service's workspace(s) only ----
FROM manifests AS deps
ARG SERVICE=all-in-one
COPY infrastructure/docker/service-workspaces.sh /usr/local/bin/service-workspaces
COPY infrastructure/docker/prune-node-modules.sh /usr/local/bin/prune-node-modules
RUN --mount=type=cache,target=/root/.npm \
    workspaces="$(service-workspaces "$SERVICE")" \
 && npm ci --omit=dev --no-audit --no-fund $workspaces \
 && prune-node-modules node_modules

# ---- node: the node binary stripped of its symbols and debug information (-12 MB; JS stack traces unchanged) ----
FROM ${NODE_IMAGE} AS node
RUN apt-get update && apt-get install -y --no-install-recommends binutils \
 && strip -o /usr/local/bin/node-runtime /usr/local/bin/node \
 && /usr/local/bin/node-runtime --version

# ---- runtime ----
FROM ${RUNTIME_IMAGE} AS runtime
ARG SERVICE=all-in-one
COPY --from=node /usr/local/bin/node-runtime /usr/local/bin/node
RUN groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /usr/sbin/nologin --no-create-home --home-dir /data node \
 && mkdir -p /data && chown node:node /data
# yt-dlp, and the ffmpeg it merges video and audio with, for downloads from other sites (download-service).
RUN if [ "$SERVICE" = "download-service" ] || [ "$SERVICE" = "all-in-one" ]; then \
      apt-get update && apt-get install -y --no-install-recommends yt-dlp ffmpeg ca-certificates \
      && rm -rf /var/lib/apt/lists/*; \
    fi
ENV NODE_ENV=production \
    SMH_SERVICE=${SERVICE} \
    SMH_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/ /app/
COPY --from=code /app/shared/ /app/shared/
COPY --from=code /app/services/ /app/services/
COPY --from=code /app/scripts/ /app/scripts/
COPY --from=webui /app/frontend/dist/ /app/frontend/dist/
COPY infrastructure/docker/docker-entrypoint.sh /usr/local/bin/docker-entrypoint
COPY infrastructure/docker/smh-start.sh /usr/local/bin/smh-start
COPY infrastructure/docker/healthcheck.mjs /usr/local/lib/smh/healthcheck.mjs
# The unprivileged "node" user (uid 1000) owns only the data directory; the root filesystem may be read-only.
USER node
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/usr/local/lib/smh/healthcheck.mjs"]
ENTRYPOINT ["docker-entrypoint"]
CMD ["smh-start"]
