# syntax=docker/dockerfile:1
# One image for every Ovation service (Kubernetes picks the entry point: see helm/), built from
# this repository:
#   docker build -t ovation:0.1.0 .                                   # gateway, room, gift, scheduler, danmaku-push, playback
#   docker build --target runtime-ffmpeg -t ovation:0.1.0-ffmpeg .    # ingest (needs ffmpeg)
#   docker build --build-arg SERVICE=room -t ovation-room:0.1.0 .     # default command runs room
# No HEALTHCHECK: Kubernetes probes /healthz and /readyz on the ops port.
ARG NODE_IMAGE=node:24-slim

# ---- build: every dependency, then swc compiles apps/ and libs/ into dist/ ------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# `npm ci`: exactly the committed lockfile (it lists every platform's optional binaries).
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY proto proto
COPY libs libs
COPY apps apps
COPY tools/build tools/build
RUN node tools/build/build.mjs

# ---- production dependencies only ------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- what every service image shares ---------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime-base
ENV NODE_ENV=production
WORKDIR /app
# A fixed non-root uid/gid (the charts run as 10001 with a read-only root filesystem); the only
# writable places are volumes: /tmp and the media directory.
RUN groupadd --gid 10001 ovation \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ovation \
 && mkdir -p /var/lib/ovation/media && chown 10001:10001 /var/lib/ovation/media
COPY --from=deps /app/node_modules node_modules
COPY --from=build /src/dist dist
COPY package.json ./
VOLUME ["/tmp", "/var/lib/ovation/media"]
USER 10001:10001
ARG SERVICE=gateway
ENV SERVICE=${SERVICE}
# exec: node is PID 1 and receives SIGTERM itself (graceful drain).
CMD exec node --require ./dist/libs/platform/observability/src/preload.js "dist/apps/${SERVICE}/src/main.js"

# ---- ingest: the same image plus ffmpeg (Debian's package) -----------------------------------------
FROM runtime-base AS runtime-ffmpeg
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
USER 10001:10001
ENV SERVICE=ingest

# ---- default target: every service but ingest ------------------------------------------------------
FROM runtime-base AS runtime
