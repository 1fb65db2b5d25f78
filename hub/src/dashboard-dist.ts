import { fileURLToPath } from 'node:url';

/** Absolute path of the built dashboard (`pnpm --filter @yizhan/hub build:dashboard`); the hub serves it at `/`. */
export const dashboardDistDir = fileURLToPath(new URL('../dashboard/dist', import.meta.url));
