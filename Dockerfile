# One image, every role: the compose file picks the role with the command. It runs what
# `npm start` runs (`node cli/bin.js start all`, tsx loading the TypeScript sources) with the
# console built here, since `npm start`'s prestart build needs the dev dependencies pruned below.
FROM node:20-bookworm-slim
# Chromium for whatsapp-web.js (bots role) from Debian, never a downloaded build; redis-server
# for `start all` without REDIS_URL, as `npm start` finds it on PATH; poppler is not needed at run time.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-dejavu-core ca-certificates redis-server \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium HOST=0.0.0.0
COPY package.json package-lock.json .puppeteerrc.cjs ./
# The console is built here (its build tools are dev dependencies), then they are pruned.
RUN npm ci --include=dev
COPY . .
RUN npm run build:console \
  && test -f console/dist/index.html \
  && npm prune --omit=dev \
  && npm cache clean --force
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# 3000: the API (HOST=0.0.0.0 in a container); 9464: /metrics when METRICS_PORT=9464, never published.
EXPOSE 3000 9464
ENTRYPOINT ["node", "cli/bin.js"]
CMD ["start", "all"]
