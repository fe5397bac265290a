# The CRM server with its web UI built in. Three stages: production dependencies, the UI build, a slim runtime that
# runs as the unprivileged `node` user. The server runs its TypeScript through tsx (measured: compiling to JavaScript
# does not make the start noticeably faster; see README, "Deploying").
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; vite (the UI build) and tsx (the runtime) are among them.
RUN npm ci --omit=dev --no-audit --no-fund

FROM deps AS ui
COPY ui ./ui
COPY scripts/build-ui.mjs ./scripts/
RUN node scripts/build-ui.mjs

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data \
    CRM_ROOT=/app
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY engine ./engine
COPY migrations ./migrations
COPY metadata ./metadata
COPY plugins ./plugins
COPY --from=ui /app/ui/dist ./ui/dist
# The embedded database (without DATABASE_URL), the server's lock file and plugin-purge backups live here.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# Ready = the database answers and the engine's migrations have run (not just "the process is up").
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM (docker stop) drains requests in flight, stops the job runner and closes the pools; give it time to.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "engine/cli/main.ts", "serve"]
