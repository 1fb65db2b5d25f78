import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
// By path, not by package name: Vite bundles a config's relative imports, but loads packages with Node (no .ts).
import { precompress } from '../../shared/src/build/precompress.ts';

// Built to dist/ (with .br and .gz copies beside each text file) and served by the hub at `/`. In `vite dev`, /api (REST and the live WebSocket) goes to a
// running hub named by YIZHAN_HUB_URL.
const hub = process.env.YIZHAN_HUB_URL;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [preact(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Two pages: the dashboard, and the office's big screen (/screen), each with only the code it needs.
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        screen: fileURLToPath(new URL('./screen.html', import.meta.url)),
      },
    },
  },
  server: hub ? { proxy: { '/api': { target: hub, ws: true } } } : {},
});
