import type { Operator } from './schema.ts';

/** Operator accounts and their sign-in sessions. Engine-neutral; every method is asynchronous. */
export interface OperatorStore {
  /** false when the username is taken. */
  insert(operator: Operator, passwordHash: string, at: string): Promise<boolean>;
  upsert(operator: Operator, passwordHash: string, at: string): Promise<void>;
  /** The operator with its stored password hash, for sign-in. */
  get(username: string): Promise<(Operator & { passwordHash: string }) | undefined>;
}

export interface SessionStore {
  insert(idHash: string, username: string, createdAt: string, expiresAt: string): Promise<void>;
  /** The session's operator if it exists and has not expired at `now`. */
  find(idHash: string, now: string): Promise<Operator | undefined>;
  delete(idHash: string): Promise<void>;
  deleteExpired(now: string): Promise<number>;
}
