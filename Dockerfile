# syntax=docker/dockerfile:1
# All-in-one image: the embedded mode (every service in one process, web UI included) on port 8080.
# Without DATABASE_URL/REDIS_URL it keeps its database (PGlite), queue and media under SMH_DATA_DIR=/data.
# Build:  docker build -t smh/all-in-one .      Run:  docker run -p 8080:8080 -v smh-data:/data smh/all-in-one
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: production dependencies of every back-end workspace ----
FROM ${NODE_IMAGE} AS deps
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
COPY infrastructure/docker/install-tsx.sh /usr/local/bin/install-tsx
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund \
      --workspace=@smh/shared \
      --workspace=@smh/api-gateway \
      --workspace=@smh/download-service \
      --workspace=@smh/video-service \
      --workspace=@smh/account-service \
      --workspace=@smh/file-service \
      --workspace=@smh/scheduler-service \
 && install-tsx /app
COPY shared/ shared/
COPY services/ services/
COPY scripts/embedded.ts scripts/

# ---- frontend: the web UI (frontend/dist) ----
FROM ${NODE_IMAGE} AS frontend
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
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund --workspace=@smh/frontend
COPY shared/ shared/
COPY frontend/ frontend/
RUN npm run build -w @smh/frontend

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
# Debian's ffmpeg/ffprobe for the in-process video jobs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PORT=8080 \
    SMH_DATA_DIR=/data \
    FFMPEG_PATH=/usr/bin/ffmpeg \
    FFPROBE_PATH=/usr/bin/ffprobe
WORKDIR /app
COPY --from=deps /opt/ /opt/
COPY --from=deps /app/ /app/
COPY --from=frontend /app/frontend/dist/ /app/frontend/dist/
COPY infrastructure/docker/docker-entrypoint.sh /usr/local/bin/docker-entrypoint
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["docker-entrypoint"]
CMD ["node", "--import", "tsx", "scripts/embedded.ts"]
