import { createHmac, randomBytes } from 'node:crypto';
import type { WorkerCategory } from '@yizhan/shared';
import { generateMemberKey, issueMemberCode } from '@yizhan/shared/member-code';
import type { MemberKeyRecord, MemberKeyRing, MemberRegistry } from '../store/hub-store.ts';

/**
 * The opaque `sub` a station sees for a member: HMAC of the member id under a hub secret, so no
 * raw member id reaches stations, and the same member always maps to the same pseudonym.
 */
export function memberPseudonym(members: MemberRegistry, member: string): string {
  return `m_${createHmac('sha256', members.pseudonymSecret()).update(member).digest('base64url')}`;
}

/** Makes and stores a new key; being the newest unretired key, it signs every code from now on. */
export function rotateMemberKey(keys: MemberKeyRing, nowMs: number): MemberKeyRecord {
  const at = new Date(nowMs);
  // Readable and unique: the date it was made plus randomness.
  const kid = `k${at.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
  const { signing, public: pub } = generateMemberKey(kid);
  const record: MemberKeyRecord = {
    kid,
    alg: pub.alg,
    publicKey: pub.publicKey,
    privateKeyPem: signing.privateKeyPem,
    createdAt: at.toISOString(),
    retiredAt: null,
  };
  keys.insert(record);
  return record;
}

export function ensureActiveMemberKey(keys: MemberKeyRing, nowMs: number): MemberKeyRecord {
  return keys.active() ?? rotateMemberKey(keys, nowMs);
}

export function issueCodeFor(
  keys: MemberKeyRing,
  members: MemberRegistry,
  request: { member: string; category: WorkerCategory; lifetimeSeconds: number },
  nowMs: number,
): string {
  const key = ensureActiveMemberKey(keys, nowMs);
  return issueMemberCode(
    { kid: key.kid, privateKeyPem: key.privateKeyPem },
    { sub: memberPseudonym(members, request.member), cat: request.category },
    Math.floor(nowMs / 1000),
    request.lifetimeSeconds,
  );
}
