import { createHmac, randomBytes } from 'node:crypto';
import type { WorkerCategory } from '@yizhan/shared';
import { generateMemberKey, issueMemberCode } from '@yizhan/shared/member-code';
import { HubError } from '../errors.ts';
import type { IssuedCode, MemberKeyRecord } from './schema.ts';
import type { MemberKeyStore, MemberStore } from './store.ts';

/**
 * The opaque `sub` a station sees for a member: HMAC of the member id under a hub secret, so no
 * raw member id reaches stations, and the same member always maps to the same pseudonym.
 */
export async function memberPseudonym(members: MemberStore, member: string): Promise<string> {
  return `m_${createHmac('sha256', await members.pseudonymSecret())
    .update(member)
    .digest('base64url')}`;
}

/** Makes and stores a new key; being the newest unretired key, it signs every code from now on. */
export async function rotateMemberKey(keys: MemberKeyStore, nowMs: number): Promise<MemberKeyRecord> {
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
  await keys.insert(record);
  return record;
}

export async function ensureActiveMemberKey(keys: MemberKeyStore, nowMs: number): Promise<MemberKeyRecord> {
  return (await keys.active()) ?? rotateMemberKey(keys, nowMs);
}

/** A code for a pseudonym (`sub`); a revoked member gets none. */
export async function issueCodeForPseudonym(
  keys: MemberKeyStore,
  members: MemberStore,
  request: { sub: string; category: WorkerCategory; lifetimeSeconds: number },
  nowMs: number,
): Promise<IssuedCode> {
  if (await members.isRevoked(request.sub)) throw new HubError('YZ_ERR_MEMBER_REVOKED', 'this member has been revoked');
  const key = await ensureActiveMemberKey(keys, nowMs);
  const iat = Math.floor(nowMs / 1000);
  const code = issueMemberCode(
    { kid: key.kid, privateKeyPem: key.privateKeyPem },
    { sub: request.sub, cat: request.category },
    iat,
    request.lifetimeSeconds,
  );
  return {
    code,
    kid: key.kid,
    member: request.sub,
    expiresAt: new Date((iat + request.lifetimeSeconds) * 1000).toISOString(),
  };
}

export async function issueCodeFor(
  keys: MemberKeyStore,
  members: MemberStore,
  request: { member: string; category: WorkerCategory; lifetimeSeconds: number },
  nowMs: number,
): Promise<IssuedCode> {
  const sub = await memberPseudonym(members, request.member);
  return issueCodeForPseudonym(
    keys,
    members,
    { sub, category: request.category, lifetimeSeconds: request.lifetimeSeconds },
    nowMs,
  );
}
