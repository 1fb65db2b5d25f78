/**
 * What a phone reaches without signing in: the declaration page and its POST, and the look-up of a case's
 * status by its number. Declarations are limited per client address and per phone number; look-ups per
 * address, so case numbers cannot be guessed in bulk.
 */
import { createHash, randomBytes } from 'node:crypto';
import { localDayOf } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HubError } from '../errors.ts';
import { createIssueRate } from '../members/issue-rate.ts';
import type { InjuryContext } from './case-routes.ts';
import { checkFields, intakeFacts, newCase } from './intake.ts';
import { declarationPage, lookupPage, type PageChoices } from './phone-pages.ts';
import { declarationInput, declarationReceipt, declarationStatus } from './schema.ts';
import { normalizeCaseId } from './workflow.ts';

const viaQuery = z.object({ via: z.string().max(100).optional() });
const lookupQuery = z.object({ case: z.string().max(40).optional() });

export function declarationRoutes(deps: InjuryContext): FastifyPluginAsync {
  const { limits } = deps.injuries;
  const perAddress = createIssueRate({
    perMinute: limits.declarationsPerAddressPerHour / 60,
    burst: limits.declarationsPerAddressPerHour,
  });
  const perPhone = createIssueRate({
    perMinute: limits.declarationsPerPhonePerDay / 1440,
    burst: limits.declarationsPerPhonePerDay,
  });
  const lookups = createIssueRate({ perMinute: limits.lookupsPerAddressPerMinute });
  const localDay = localDayOf(deps.timezone);
  const dayOf = (iso: string | null) => (iso === null ? null : localDay(iso));

  const addressOf = (request: FastifyRequest): string => {
    if (deps.injuries.clientAddress === 'socket') return request.ip;
    const forwarded = String(request.headers['x-forwarded-for'] ?? '').split(',');
    return forwarded[forwarded.length - 1]!.trim() || request.ip;
  };
  const limit = (rate: ReturnType<typeof createIssueRate>, key: string, reply: FastifyReply) => {
    const wait = rate.take(key, deps.clock());
    if (wait === 0) return;
    reply.header('retry-after', String(wait));
    const minutes = Math.ceil(wait / 60);
    throw new HubError(
      'YZ_ERR_TOO_MANY_ATTEMPTS',
      `提交过于频繁，请 ${minutes} 分钟后再试 · too many declarations; try again in ${minutes} min`,
    );
  };

  /** A poster's `via`, kept only when it names something the hub knows (a stale poster still works). */
  const knownVia = async (via: string | undefined) => {
    if (!via) return { via: null } as const;
    const [kind, ref] = [via.slice(0, via.indexOf(':')), via.slice(via.indexOf(':') + 1)];
    if (kind === 'station') {
      const station = await deps.store.stations.get(ref);
      return station ? ({ via, district: station.district } as const) : ({ via: null } as const);
    }
    if (kind === 'enterprise') {
      const listed = await deps.store.injuries.getEnterprise(ref);
      return listed
        ? ({ via, district: listed.district ?? undefined, enterprise: listed } as const)
        : ({ via: null } as const);
    }
    return kind === 'site' && ref.length > 0 ? ({ via } as const) : ({ via: null } as const);
  };

  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get('/injury/declare', { schema: { querystring: viaQuery } }, async (request, reply) => {
      const source = await knownVia(request.query.via);
      const choices: PageChoices = {
        causes: deps.injuries.causes,
        industries: deps.injuries.industries,
        posts: deps.injuries.posts,
        districts: [...new Set((await deps.store.injuries.areas()).map((a) => a.district))],
        enterprises: (await deps.store.injuries.enterprises(2000)).map((e) => e.name),
      };
      const nonce = randomBytes(16).toString('base64');
      return phonePage(
        reply,
        nonce,
        declarationPage(
          nonce,
          choices,
          {
            via: source.via,
            district: 'district' in source ? source.district : undefined,
            enterprise: 'enterprise' in source ? source.enterprise?.name : undefined,
            today: localDay(deps.clock()),
          },
          deps.injuries.eraseAfterMonths,
        ),
      );
    });

    api.get('/injury/lookup', { schema: { querystring: lookupQuery } }, async (request, reply) => {
      const nonce = randomBytes(16).toString('base64');
      return phonePage(reply, nonce, lookupPage(nonce, request.query.case ?? ''));
    });

    api.post(
      '/api/v1/injury-declarations',
      { schema: { body: declarationInput, response: { 201: declarationReceipt } } },
      async (request, reply) => {
        const input = request.body;
        const today = localDay(deps.clock());
        const facts = await intakeFacts(deps.store, today, [input]);
        const issues = checkFields(input, deps.injuries, facts);
        if (issues.length > 0) throw new HubError('YZ_ERR_INVALID_BODY', 'invalid body', issues);
        limit(perPhone, createHash('sha256').update(input.phone).digest('base64url'), reply);
        limit(perAddress, addressOf(request), reply);
        const at = new Date(deps.clock()).toISOString();
        const source = await knownVia(input.via);
        const declarant =
          input.declarant === 'self' ? undefined : { name: input.declarantName!, phone: input.declarantPhone! };
        const created = newCase(
          input,
          {
            entry: 'phone',
            foundThrough: input.declarant,
            via: source.via,
            consentAt: at,
            actor: 'declarant',
            action: 'declared',
            ...(declarant ? { declarant } : {}),
          },
          facts,
          deps.sealer,
          at,
        );
        if (!(await deps.store.injuries.insert([created]))) throw new Error('case number collision');
        reply.header('cache-control', 'no-store');
        return reply.status(201).send({ caseId: created.record.caseId, status: created.record.status });
      },
    );

    api.get(
      '/api/v1/injury-declarations/:caseNumber',
      { schema: { params: z.object({ caseNumber: z.string().min(1).max(40) }), response: { 200: declarationStatus } } },
      async (request, reply) => {
        limit(lookups, addressOf(request), reply);
        const found = await deps.store.injuries.get(normalizeCaseId(request.params.caseNumber));
        if (!found) throw new HubError('YZ_ERR_NOT_FOUND', '没有这个案件编号 · no case with this number');
        reply.header('cache-control', 'no-store');
        return {
          caseId: found.caseId,
          status: found.status,
          declaredOn: localDay(found.declaredAt),
          screenedOn: dayOf(found.screenedAt),
          eligible: found.eligible,
          visitedOn: found.firstVisitOn,
          followedUpOn: found.firstFollowUpOn,
          closedOn: dayOf(found.closedAt),
        };
      },
    );
  };
}

/** The phone pages' headers: their own CSP (one inline script by nonce), nothing cached or referred. */
function phonePage(reply: FastifyReply, nonce: string, html: string) {
  return reply
    .header(
      'content-security-policy',
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    )
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);
}
