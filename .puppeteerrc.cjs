// whatsapp-web.js brings puppeteer: never download a browser at install, use the system Chromium.
module.exports = { skipDownload: true };
