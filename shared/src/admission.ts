/**
 * A phone admission (DESIGN.md, "The door QR"): what the hub relays to a station over the live channel once it
 * has checked a worker's phone at the door. `YZA1.<payload>.<signature>`, signed like a member code by one of the
 * hub's member keys (the station has their public halves in its bundle), bound to one station, single use (`jti`)
 * and short-lived, so a copied admission opens no other door and none later. Node-only (node:crypto).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { WORKER_CATEGORIES } from './categories.ts';
import type { ScanRejection } from './live.ts';
import { checkLifetime, type SigningKey, signClaims, verifySigned } from './member-code.ts';
import type { MemberKey } from './sync.ts';

export const ADMISSION_PREFIX = 'YZA1';
/** What the hub gives an admission: time to cross the live channel, not to be kept. */
export const ADMISSION_LIFETIME_SECONDS = 10;
export const MAX_ADMISSION_LIFETIME_SECONDS = 30;

export const admissionClaims = z.object({
  kid: z.string().min(1).max(64),
  /** The one station it opens. */
  sta: z.string().min(1).max(64),
  sub: z.string().min(1).max(128),
  cat: z.enum(WORKER_CATEGORIES),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().nonnegative(),
  jti: z.string().min(8).max(64),
});
export type AdmissionClaims = z.infer<typeof admissionClaims>;

export function issueAdmission(
  key: SigningKey,
  admission: { station: string; sub: string; cat: AdmissionClaims['cat'] },
  nowSeconds: number,
  lifetimeSeconds = ADMISSION_LIFETIME_SECONDS,
): { token: string; claims: AdmissionClaims } {
  const claims: AdmissionClaims = {
    kid: key.kid,
    sta: admission.station,
    sub: admission.sub,
    cat: admission.cat,
    iat: nowSeconds,
    exp: nowSeconds + lifetimeSeconds,
    jti: `a${randomBytes(12).toString('base64url')}`,
  };
  return { token: signClaims(key, claims, ADMISSION_PREFIX), claims };
}

export type AdmissionCheck =
  | { ok: true; claims: AdmissionClaims }
  | { ok: false; reason: ScanRejection | 'wrong-station' };

/** Form, key, signature, station and time window; single use and revocation are the door's (visit-log.ts). */
export function verifyAdmission(
  token: string,
  keys: readonly MemberKey[],
  stationId: string,
  nowSeconds: number,
): AdmissionCheck {
  const signed = verifySigned(token, ADMISSION_PREFIX, admissionClaims, keys);
  if (!signed.ok) return signed;
  if (signed.claims.sta !== stationId) return { ok: false, reason: 'wrong-station' };
  const late = checkLifetime(signed.claims, nowSeconds, MAX_ADMISSION_LIFETIME_SECONDS);
  return late ? { ok: false, reason: late } : { ok: true, claims: signed.claims };
}
