import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the API at /console/ (api/console/console.routes.ts), so every
// asset URL carries that base. `npm run console:dev` proxies the API for hot reload.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/r': 'http://127.0.0.1:3000', '/admin/queues': 'http://127.0.0.1:3000' },
  },
});
