import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
// By path, not by package name: Vite bundles a config's relative imports, but loads packages with Node (no .ts).
import { precompress } from '../shared/src/build/precompress.ts';

// `base: './'` keeps asset URLs relative, so the agent can serve dist/ at `/` (or any prefix).
// In `vite dev`, /api (REST and the live WebSocket) goes to a running agent named by YIZHAN_AGENT_URL.
const agent = process.env.YIZHAN_AGENT_URL;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [preact(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: agent ? { proxy: { '/api': { target: agent, ws: true } } } : {},
});
