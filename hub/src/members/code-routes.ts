/**
 * `POST /api/v1/member-codes`: the union's member app asks for a worker's door code.
 * Authenticated with an integration key (`Authorization: Bearer yzik_…`) and rate-limited per key
 * and per member, so a leaked key cannot mint codes in bulk.
 */

import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import { HubError } from '../errors.ts';
import { tokenHash } from '../http/secret-token.ts';
import type { HubStore } from '../store.ts';
import { createIssueRate, type IssueRate } from './issue-rate.ts';
import { issueCodeFor, memberPseudonym } from './member-codes.ts';
import { issuedCode, memberCodeRequest } from './schema.ts';

export interface MemberCodeLimits {
  /** Codes per minute for one integration key (all its members together). */
  perIntegrationPerMinute: number;
  /** Codes per minute for one member: a page renewing every 90 s needs about one. */
  perMemberPerMinute: number;
}

export const DEFAULT_MEMBER_CODE_LIMITS: MemberCodeLimits = { perIntegrationPerMinute: 6000, perMemberPerMinute: 10 };

/** Throws 429 with `retry-after` when the bucket is empty. */
export function takeOrRefuse(rate: IssueRate, key: string, nowMs: number, reply: FastifyReply): void {
  const wait = rate.take(key, nowMs);
  if (wait > 0) {
    reply.header('retry-after', String(wait));
    throw new HubError('YZ_ERR_TOO_MANY_ATTEMPTS', `too many codes requested; try again in ${wait} s`);
  }
}

export function memberCodeRoutes(deps: {
  store: HubStore;
  clock: Clock;
  limits?: MemberCodeLimits;
}): FastifyPluginAsync {
  const limits = deps.limits ?? DEFAULT_MEMBER_CODE_LIMITS;
  const perIntegration = createIssueRate({ perMinute: limits.perIntegrationPerMinute });
  const perMember = createIssueRate({ perMinute: limits.perMemberPerMinute });
  const INTEGRATION = 'yzIntegration';

  const requireIntegration = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const name = match ? await deps.store.memberAccess.findIntegration(tokenHash(match[1]!)) : undefined;
    if (!name) {
      reply.header('www-authenticate', 'Bearer realm="yizhan-hub"');
      throw new HubError('YZ_ERR_UNAUTHENTICATED', 'a valid integration key is required');
    }
    takeOrRefuse(perIntegration, name, deps.clock(), reply);
    request.setDecorator(INTEGRATION, name);
  };

  return async (app) => {
    app.decorateRequest(INTEGRATION, null);
    app.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/member-codes',
      {
        onRequest: requireIntegration,
        bodyLimit: 4096,
        schema: { body: memberCodeRequest, response: { 201: issuedCode } },
      },
      async (request, reply) => {
        const now = deps.clock();
        const { member, category, lifetimeSeconds } = request.body;
        takeOrRefuse(perMember, await memberPseudonym(deps.store.members, member), now, reply);
        const issued = await issueCodeFor(
          deps.store.memberKeys,
          deps.store.members,
          { member, category, lifetimeSeconds },
          now,
        );
        return reply.status(201).header('cache-control', 'no-store').send(issued);
      },
    );
  };
}
