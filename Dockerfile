# SA Studio image (docs/operations.md "Containers", decisions 218-220).
# Stage 1 installs every dependency, builds the web app and drops the dev dependencies; stage 2 is
# the runtime: the same files, a non-root user, node as PID 1's only process (signals reach the
# server: graceful shutdown on SIGTERM), /healthz as the health check.
#   docker build -t sa-studio .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://… -e ADMIN_PASSWORD=… sa-studio

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV CI=true
COPY package.json package-lock.json ./
# Without lifecycle scripts (a `prepare` would build before the sources are here); esbuild's own
# install step, which vite needs, is run by the rebuild.
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && npm rebuild esbuild
COPY . .
ARG SA_APP_VERSION=""
# The web app (vite build) and the migrated embedded database cluster (server/cli/prepare.ts).
RUN SA_APP_VERSION="${SA_APP_VERSION}" node --import tsx server/cli/prepare.ts \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .svelte-kit tests bench docs .ci

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    LOG_LEVEL=info
WORKDIR /app
# The `node` user (uid 1000) of the base image owns nothing but the data folder.
COPY --from=build --chown=root:root /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form, node directly (not npm, not a shell): SIGTERM from `docker stop` or Kubernetes reaches
# the server, which drains its requests within SHUTDOWN_TIMEOUT_SECONDS (10) and exits 0.
STOPSIGNAL SIGTERM
# The memory flags are npm start's (package.json; decision 332).
CMD ["node", "--max-semi-space-size=2", "--heap-growing-percent=50", "--import", "tsx", "server/cli/start.ts"]
