import { fileURLToPath } from 'node:url';

/** Absolute path of the built kiosk (`pnpm --filter @yizhan/kiosk-ui build`); the station agent serves it at `/`. */
export const kioskDistDir = fileURLToPath(new URL('./dist', import.meta.url));
