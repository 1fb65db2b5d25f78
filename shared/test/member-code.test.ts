import { describe, expect, it } from 'vitest';
import {
  CLOCK_SKEW_SECONDS,
  generateMemberKey,
  issueMemberCode,
  MAX_CODE_LENGTH,
  signClaims,
  verifyMemberCode,
} from '../src/member-code.ts';

const NOW = 1_795_000_000;
const k1 = generateMemberKey('k1');
const k2 = generateMemberKey('k2');
const member = { sub: 'm_abc', cat: 'courier' as const };
const claims = { kid: 'k1', sub: 'm_abc', cat: 'courier', iat: NOW, exp: NOW + 120, jti: 'jti-00000001' };

describe('verifyMemberCode', () => {
  it('accepts a fresh code and returns exactly its claims', () => {
    const code = signClaims(k1.signing, claims);
    expect(verifyMemberCode(code, [k1.public], NOW)).toEqual({ ok: true, claims });
  });

  it('issues codes of at most 120 s that stay under the size limit', () => {
    const code = issueMemberCode(k1.signing, member, NOW);
    expect(code.length).toBeLessThan(MAX_CODE_LENGTH);
    const check = verifyMemberCode(code, [k1.public], NOW);
    expect(check.ok && check.claims.exp - check.claims.iat).toBe(120);
  });

  it('allows 30 s of clock skew on both ends, not a second more', () => {
    const code = signClaims(k1.signing, claims);
    expect(verifyMemberCode(code, [k1.public], NOW + 120 + CLOCK_SKEW_SECONDS).ok).toBe(true);
    expect(verifyMemberCode(code, [k1.public], NOW + 121 + CLOCK_SKEW_SECONDS)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifyMemberCode(code, [k1.public], NOW - CLOCK_SKEW_SECONDS).ok).toBe(true);
    expect(verifyMemberCode(code, [k1.public], NOW - CLOCK_SKEW_SECONDS - 1)).toEqual({
      ok: false,
      reason: 'not-yet-valid',
    });
  });

  it('verifies with several keys at once (rotation) and refuses a retired one with its own reason', () => {
    const old = signClaims(k1.signing, claims);
    const fresh = signClaims(k2.signing, { ...claims, kid: 'k2' });
    const ring = [k1.public, k2.public];
    expect(verifyMemberCode(old, ring, NOW).ok).toBe(true);
    expect(verifyMemberCode(fresh, ring, NOW).ok).toBe(true);
    const retired = [{ ...k1.public, retired: true }, k2.public];
    expect(verifyMemberCode(old, retired, NOW)).toEqual({ ok: false, reason: 'retired-key' });
    // A forger naming the retired key learns nothing new: the signature is checked first.
    expect(verifyMemberCode(signClaims(k2.signing, claims), retired, NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it.each<[string, string, string]>([
    ['oversized', `YZ1.${'a'.repeat(MAX_CODE_LENGTH)}.b`, 'oversized'],
    ['two parts', 'YZ1.abc', 'malformed'],
    ['another version', signClaims(k1.signing, claims, 'YZ2'), 'unsupported-version'],
    ['not base64url', 'YZ1.a+b.c/d', 'malformed'],
    ['payload not JSON', `YZ1.${Buffer.from('nope').toString('base64url')}.abc`, 'malformed'],
    ['claims missing jti', signClaims(k1.signing, { ...claims, jti: undefined }), 'malformed'],
    ['unknown key', signClaims(k2.signing, { ...claims, kid: 'k9' }), 'unknown-key'],
    ['forged signature', signClaims(k2.signing, claims), 'bad-signature'],
    ['truncated signature', signClaims(k1.signing, claims).slice(0, -4), 'bad-signature'],
    ['lifetime over 120 s', signClaims(k1.signing, { ...claims, exp: NOW + 121 }), 'lifetime-too-long'],
    ['exp before iat', signClaims(k1.signing, { ...claims, exp: NOW - 1 }), 'lifetime-too-long'],
  ])('refuses %s', (_name, code, reason) => {
    expect(verifyMemberCode(code, [k1.public, k2.public], NOW)).toEqual({ ok: false, reason });
  });

  it('refuses a key of another algorithm before trying it', () => {
    const code = signClaims(k1.signing, claims);
    expect(verifyMemberCode(code, [{ ...k1.public, alg: 'HS256' }], NOW)).toEqual({
      ok: false,
      reason: 'wrong-algorithm',
    });
  });
});
