import { z } from 'zod';
import { parseInput } from '../admin-input.ts';
import type { Clock } from '../clock.ts';
import { HubError } from '../errors.ts';
import { newSecretToken, tokenHash } from '../http/secret-token.ts';
import type { HubStore } from '../store.ts';
import { ensureActiveMemberKey, issueCodeFor, memberPseudonym, rotateMemberKey } from './member-codes.ts';
import {
  integrationName,
  type MemberCodeInput,
  type MemberLinkInput,
  memberCodeInput,
  memberLinkInput,
} from './schema.ts';

/** Integration keys (the union's member app) and member-page links are bearer secrets. */
export const INTEGRATION_KEY_PREFIX = 'yzik_';
export const MEMBER_LINK_PREFIX = 'yzml_';

const memberId = z.string().trim().min(1).max(128);
const kidInput = z.string().trim().min(1).max(64);

export interface MemberAdmin {
  /** A signed member code (`YZ1.…`) for the member's pseudonym. */
  issueMemberCode(input: MemberCodeInput): Promise<string>;
  memberPseudonym(member: string): Promise<string>;
  /** Refused at every station once their bundle refreshes. */
  revokeMember(member: string): Promise<string>;
  ensureActiveMemberKey(): Promise<{ kid: string }>;
  rotateMemberKey(): Promise<{ kid: string }>;
  /** Codes signed by the key stop opening doors once stations have the next bundle. */
  retireMemberKey(kid: string): Promise<{ kid: string }>;
  /** A key for an integration such as the union's member app (shown once). */
  addIntegration(name: string): Promise<{ name: string; key: string }>;
  /** A worker's personal member-page token (shown once): the page at `/m/<token>` shows a live code. */
  addMemberLink(input: MemberLinkInput): Promise<{ token: string; member: string }>;
}

export function memberAdmin(store: HubStore, clock: Clock): MemberAdmin {
  const nowIso = () => new Date(clock()).toISOString();
  return {
    issueMemberCode: async (input) =>
      (await issueCodeFor(store.memberKeys, store.members, parseInput(memberCodeInput, input), clock())).code,
    memberPseudonym: (member) => memberPseudonym(store.members, parseInput(memberId, member)),
    async revokeMember(member) {
      const pseudonym = await memberPseudonym(store.members, parseInput(memberId, member));
      await store.members.revoke(pseudonym, nowIso());
      return pseudonym;
    },
    ensureActiveMemberKey: async () => ({ kid: (await ensureActiveMemberKey(store.memberKeys, clock())).kid }),
    rotateMemberKey: async () => ({ kid: (await rotateMemberKey(store.memberKeys, clock())).kid }),
    async retireMemberKey(kid) {
      if (!(await store.memberKeys.retire(parseInput(kidInput, kid), nowIso()))) {
        throw new HubError('YZ_ERR_NOT_FOUND', `no unretired member key ${kid}`);
      }
      return { kid };
    },
    async addIntegration(name) {
      const parsed = parseInput(integrationName, name);
      const key = newSecretToken(INTEGRATION_KEY_PREFIX);
      if (!(await store.memberAccess.addIntegration(parsed, tokenHash(key), nowIso()))) {
        throw new HubError('YZ_ERR_INTEGRATION_EXISTS', `integration ${parsed} already exists`);
      }
      return { name: parsed, key };
    },
    async addMemberLink(input) {
      const parsed = parseInput(memberLinkInput, input);
      const member = await memberPseudonym(store.members, parsed.member);
      const token = newSecretToken(MEMBER_LINK_PREFIX);
      await store.memberAccess.addLink(tokenHash(token), member, parsed.category, nowIso());
      return { token, member };
    },
  };
}
