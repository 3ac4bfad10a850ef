# syntax=docker/dockerfile:1
# Two stages: compile with the dev dependencies, then run the compiled code with production dependencies only.
#   docker build -t support-bot .
#   docker run --env-file .env -p 3000:3000 support-bot        (or: docker compose up, see compose.yaml)

# ── build: TypeScript → dist/ (with the .lua Redis scripts copied beside the compiled modules) ─────────────────
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# --ignore-scripts: "prepare" builds, and the sources are not copied yet (this layer is cached while the lock is unchanged).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && rm -rf dist/test

# ── runtime: production dependencies, the compiled dist/, the knowledge bases; no TypeScript, no sources ───────
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY kb ./kb
# The image's unprivileged user; nothing in /app is writable by it except through mounted volumes.
USER node
EXPOSE 3000
# Slim images have no curl: node asks /healthz itself.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.PORT||3000,path:'/healthz',timeout:4000},(r)=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1)).on('timeout',()=>process.exit(1))"]
# Exec form: node itself receives SIGTERM (no npm or shell in between) and shuts down gracefully.
CMD ["node", "dist/bin/start.js"]
