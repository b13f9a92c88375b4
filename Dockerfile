# syntax=docker/dockerfile:1
# LabTrace: one image for every process of a deployment (docs/deploy.md).
#   API          node dist/main.js        (the default command; serves the lab console at /)
#   worker       node dist/worker.js      (deliveries to the state, sweeper, webhooks, audit chain)
#   migrations   node node_modules/typeorm/cli.js -d dist/database/data-source.js migration:run
#   simulators   node tools/biotrack-simulator/dist/main.js, node tools/metrc-simulator/dist/main.js
# NODE_IMAGE: any Debian-based Node 20 image (a registry mirror, or a local base where Docker Hub is out of reach).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Dependencies first, so that a source change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/package.json web/package-lock.json web/
RUN cd web && npm ci --no-audit --no-fund --loglevel=error
COPY . .
# The server, the migrations and the simulators (npm run build), then the lab console into web/dist.
RUN npm run build && cd web && npm run build
RUN npm prune --omit=dev --no-audit --no-fund --loglevel=error

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    LISTEN_HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/web/dist web/dist
COPY --from=build /app/tools/biotrack-simulator/dist tools/biotrack-simulator/dist
COPY --from=build /app/tools/metrc-simulator/dist tools/metrc-simulator/dist
# Files are root's and read-only to the process; it runs as the image's unprivileged user.
USER node
EXPOSE 3000
# The API's liveness; the worker has no HTTP port (compose checks it is running, /health reports its queue).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM stops taking work and drains what is in flight (see docs/deploy.md "Stopping").
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
