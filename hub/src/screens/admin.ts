/** Making a big-screen link, for the route and for the demo (which prints the screen's URL). */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Clock } from '../clock.ts';
import { newSecretToken, tokenHash } from '../http/secret-token.ts';
import type { HubStore } from '../store.ts';
import { type newScreenToken, type ScreenToken, screenTokenInput } from './schema.ts';

/** Screen tokens say what they are when they leak. */
export const SCREEN_TOKEN_PREFIX = 'yzsc_';

export interface ScreenAdmin {
  /** A new read-only screen link; the token is in the returned path's fragment, shown this once. */
  createScreen(input: { name: string; district?: string }, by: string): Promise<z.infer<typeof newScreenToken>>;
}

export function screenAdmin(store: HubStore, clock: Clock): ScreenAdmin {
  return {
    async createScreen(input, by) {
      const { name, district } = screenTokenInput.parse(input);
      const token = newSecretToken(SCREEN_TOKEN_PREFIX);
      const screen: ScreenToken = {
        id: `scr-${randomUUID().slice(0, 8)}`,
        name,
        district: district ?? null,
        createdAt: new Date(clock()).toISOString(),
        createdBy: by,
        revokedAt: null,
      };
      await store.screens.create(screen, tokenHash(token));
      // In the URL's fragment: a browser never sends it, so no proxy or access log sees the token.
      return { screen, token, path: `/screen#token=${token}` };
    },
  };
}
