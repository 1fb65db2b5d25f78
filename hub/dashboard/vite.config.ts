import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Built to dist/ and served by the hub at `/`. In `vite dev`, /api (REST and the live WebSocket) goes to a
// running hub named by YIZHAN_HUB_URL.
const hub = process.env.YIZHAN_HUB_URL;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: hub ? { proxy: { '/api': { target: hub, ws: true } } } : {},
});
