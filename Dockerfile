# One image for every Corex service; docker-compose.yml picks the app with `command`.

# The dashboard's pages (apps/dashboard), built with the dev dependencies (Vite, React,
# TypeScript) that the runtime image goes without; only the built files are copied over.
FROM node:20-bookworm-slim AS dashboard
ENV ONNXRUNTIME_NODE_INSTALL=skip \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /build
COPY . .
RUN npm ci --include=dev && npm run build:dashboard

FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    ONNXRUNTIME_NODE_INSTALL=skip \
    NPM_CONFIG_UPDATE_NOTIFIER=false

WORKDIR /app
# /corex-nats and /home/node/corex-node: a new volume mounted there starts with this owner, so
# the nats-auth service (docker-compose.yml) can write the deployment's NATS auth, and the
# node-runner its identity and issued NATS user, as the node user.
RUN chown node:node /app && mkdir -p /corex-nats /home/node/corex-node && chown node:node /corex-nats /home/node/corex-node
USER node

# The workspaces (libs/*, apps/*) must be present for `npm ci` to link them.
COPY --chown=node:node . .
RUN npm ci --omit=dev && npm cache clean --force
# Where the marketplace serves /dashboard/ from (DEFAULT_DASHBOARD_DIR, apps/marketplace/src/dashboard/serve-dashboard.ts).
COPY --from=dashboard --chown=node:node /build/apps/dashboard/dist /app/apps/dashboard/dist

EXPOSE 3000
CMD ["node", "-r", "@swc-node/register", "apps/marketplace/src/main.ts"]
