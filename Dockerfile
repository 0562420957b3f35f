# One image, every role: the compose file picks the role with the command.
FROM node:20-bookworm-slim
# Chromium for whatsapp-web.js (bots role) from Debian, never a downloaded build;
# poppler is not needed at run time.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-dejavu-core ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium
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
EXPOSE 3000
ENTRYPOINT ["node", "cli/bin.js"]
CMD ["start", "all"]
