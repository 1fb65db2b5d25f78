import type { ScreenToken } from './schema.ts';

/** The big screen's read-only links. Engine-neutral; every method is asynchronous. */
export interface ScreenStore {
  create(screen: ScreenToken, tokenHash: string): Promise<void>;
  /** The newest first, revoked ones included, at most `limit`. */
  list(limit: number): Promise<ScreenToken[]>;
  /** false when unknown or already revoked. */
  revoke(id: string, at: string): Promise<boolean>;
  /** The screen a token opens, unless it was revoked. */
  findByTokenHash(tokenHash: string): Promise<ScreenToken | undefined>;
}
