import type { WorkerCategory } from '@yizhan/shared';
import type { MemberKeyRecord, MemberLink } from './schema.ts';

/** The keys member codes are signed with. Engine-neutral; every method is asynchronous. */
export interface MemberKeyStore {
  /** Oldest first. */
  list(): Promise<MemberKeyRecord[]>;
  /** The newest key that is not retired: the one new codes are signed with. */
  active(): Promise<MemberKeyRecord | undefined>;
  /** false when the kid is taken. */
  insert(key: MemberKeyRecord): Promise<boolean>;
  retire(kid: string, at: string): Promise<boolean>;
}

export interface MemberStore {
  /** Secret of the member pseudonym HMAC, made once with the database. */
  pseudonymSecret(): Promise<Buffer>;
  revoke(member: string, at: string): Promise<void>;
  /** Every revoked pseudonym, in order: stations need the whole list. */
  revoked(): Promise<string[]>;
  isRevoked(member: string): Promise<boolean>;
}

/** Who may ask the hub for member codes: integrations (the member app) and workers' member-page links. */
export interface MemberAccessStore {
  /** false when the name is taken. */
  addIntegration(name: string, tokenHash: string, at: string): Promise<boolean>;
  /** The integration's name, when the key is known and not revoked. */
  findIntegration(tokenHash: string): Promise<string | undefined>;
  revokeIntegration(name: string, at: string): Promise<boolean>;
  /** false when the token is taken. */
  addLink(tokenHash: string, member: string, category: WorkerCategory, at: string): Promise<boolean>;
  /** The pseudonym and category behind a live link. */
  findLink(tokenHash: string): Promise<MemberLink | undefined>;
}
