# One image, every role: the compose file picks the role with the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PUPPETEER_SKIP_DOWNLOAD=1
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
USER node
EXPOSE 3000
ENTRYPOINT ["node", "cli/bin.js"]
CMD ["start", "all"]
