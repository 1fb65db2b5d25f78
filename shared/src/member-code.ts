/**
 * The member code shown at the door: `YZ1.<payload>.<signature>` (DESIGN.md, "Member code").
 * payload = base64url(JSON {kid, sub, cat, iat, exp, jti}); signature = base64url(Ed25519("YZ1.<payload>")).
 * Node-only (node:crypto); the kiosk never handles keys.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import { z } from 'zod';
import { WORKER_CATEGORIES } from './categories.ts';
import type { ScanRejection } from './live.ts';
import type { MemberKey } from './sync.ts';

export const CODE_PREFIX = 'YZ1';
export const CODE_ALGORITHM = 'Ed25519';
export const MAX_LIFETIME_SECONDS = 120;
export const CLOCK_SKEW_SECONDS = 30;
/** Longer than any code we issue (about 250 characters); anything bigger is refused before parsing. */
export const MAX_CODE_LENGTH = 512;

export const memberClaims = z.object({
  kid: z.string().min(1).max(64),
  sub: z.string().min(1).max(128),
  cat: z.enum(WORKER_CATEGORIES),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().nonnegative(),
  jti: z.string().min(8).max(64),
});
export type MemberClaims = z.infer<typeof memberClaims>;

export interface SigningKey {
  kid: string;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
}

/** A fresh Ed25519 key pair: the private half for the hub, the public half for the station bundle. */
export function generateMemberKey(kid: string): { signing: SigningKey; public: MemberKey } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    signing: { kid, privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() },
    public: { kid, alg: CODE_ALGORITHM, publicKey: rawPublicKey(publicKey), retired: false },
  };
}

/** The raw 32-byte Ed25519 public key of a key object, base64url: how bundles and stations carry keys. */
export function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an Ed25519 public key');
  return jwk.x;
}

export function issueMemberCode(
  key: SigningKey,
  member: { sub: string; cat: MemberClaims['cat'] },
  nowSeconds: number,
  lifetimeSeconds = MAX_LIFETIME_SECONDS,
): string {
  const claims: MemberClaims = {
    kid: key.kid,
    sub: member.sub,
    cat: member.cat,
    iat: nowSeconds,
    exp: nowSeconds + lifetimeSeconds,
    jti: randomBytes(12).toString('base64url'),
  };
  return signClaims(key, claims);
}

/** Signs any claims as given; issuing goes through `issueMemberCode`, tests use this to build bad codes. */
export function signClaims(key: SigningKey, claims: unknown, prefix = CODE_PREFIX): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signingInput = `${prefix}.${payload}`;
  const signature = sign(null, Buffer.from(signingInput), createPrivateKey(key.privateKeyPem));
  return `${signingInput}.${signature.toString('base64url')}`;
}

export type CodeCheck = { ok: true; claims: MemberClaims } | { ok: false; reason: ScanRejection };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A token signed by one of the hub's keys, with the claims its signature vouches for (not yet its time window). */
export type SignedCheck<T> = { ok: true; claims: T; key: MemberKey } | { ok: false; reason: ScanRejection };

/**
 * Checks a `<prefix>.<payload>.<signature>` token signed by a hub key: form, size, key (known, Ed25519, not
 * retired) and signature. No claim is returned unless the signature holds. Member codes and phone admissions
 * (admission.ts) both go through it.
 */
export function verifySigned<T extends { kid: string }>(
  token: string,
  expectedPrefix: string,
  claimsSchema: z.ZodType<T>,
  keys: readonly MemberKey[],
): SignedCheck<T> {
  if (token.length > MAX_CODE_LENGTH) return { ok: false, reason: 'oversized' };
  const parts = token.trim().split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [prefix, payload, signature] = parts as [string, string, string];
  if (prefix !== expectedPrefix) {
    const family = expectedPrefix.replace(/\d+$/, '');
    return { ok: false, reason: new RegExp(`^${family}\\d+$`).test(prefix) ? 'unsupported-version' : 'malformed' };
  }
  if (!BASE64URL.test(payload) || !BASE64URL.test(signature)) return { ok: false, reason: 'malformed' };

  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const claims = claimsSchema.safeParse(parsed);
  if (!claims.success) return { ok: false, reason: 'malformed' };

  const key = keys.find((k) => k.kid === claims.data.kid);
  if (!key) return { ok: false, reason: 'unknown-key' };
  if (key.alg !== CODE_ALGORITHM) return { ok: false, reason: 'wrong-algorithm' };
  const sig = Buffer.from(signature, 'base64url');
  // One spelling per signature: base64url's spare low bits would otherwise give every code 15 look-alikes.
  const canonical = sig.toString('base64url') === signature;
  if (sig.length !== 64 || !canonical || !verifyEd25519(key.publicKey, `${prefix}.${payload}`, sig)) {
    return { ok: false, reason: 'bad-signature' };
  }
  // After the signature: only a code the retired key really signed is told apart from a forgery.
  if (key.retired) return { ok: false, reason: 'retired-key' };
  return { ok: true, claims: claims.data, key };
}

/** Lifetime and time window of signed claims `{iat, exp}`, with the door's clock skew. */
export function checkLifetime(
  claims: { iat: number; exp: number },
  nowSeconds: number,
  maxLifetimeSeconds: number,
): ScanRejection | undefined {
  const { iat, exp } = claims;
  if (exp - iat > maxLifetimeSeconds || exp < iat) return 'lifetime-too-long';
  if (nowSeconds > exp + CLOCK_SKEW_SECONDS) return 'expired';
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) return 'not-yet-valid';
  return undefined;
}

/**
 * Checks form, key (known, Ed25519, not retired), signature and time window. Single use and revocation need the station's
 * state and are checked by the door. No claim is returned unless the signature holds.
 */
export function verifyMemberCode(code: string, keys: readonly MemberKey[], nowSeconds: number): CodeCheck {
  const signed = verifySigned(code, CODE_PREFIX, memberClaims, keys);
  if (!signed.ok) return signed;
  const late = checkLifetime(signed.claims, nowSeconds, MAX_LIFETIME_SECONDS);
  return late ? { ok: false, reason: late } : { ok: true, claims: signed.claims };
}

/** An Ed25519 signature over `signingInput` by the raw public key (base64url); false for a key that does not decode. */
export function verifyEd25519(publicKey: string, signingInput: string, signature: Buffer): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    return verify(null, Buffer.from(signingInput), key, signature);
  } catch {
    // A public key that does not decode cannot vouch for anything.
    return false;
  }
}
