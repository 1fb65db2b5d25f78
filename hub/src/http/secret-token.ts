import { createHash, randomBytes } from 'node:crypto';

/** A random bearer secret: the prefix lets secret scanners and people recognise what leaked. */
export function newSecretToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Tokens and session ids are stored only as this hash; they have full entropy, so no salt or stretching is needed. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
