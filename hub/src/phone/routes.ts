/**
 * The phone at the door: the page the door QR opens (`/d?c=<code>`), the first visit's registration (a
 * pseudonymous member cookie, no name or phone number), joining an existing member link to the phone, and the
 * admission itself. Every post is validated and rate-limited per member and per address.
 */
import { randomUUID } from 'node:crypto';
import { doorCodeStation } from '@yizhan/shared/door-code';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StationChannels } from '../channel/station-channels.ts';
import type { HubConfig } from '../config.ts';
import { HubError } from '../errors.ts';
import { bilingual, sendPhonePage } from '../http/html-page.ts';
import { cookieValue } from '../http/principals.ts';
import { newSecretToken, tokenHash } from '../http/secret-token.ts';
import type { HubContext } from '../hub-context.ts';
import { MEMBER_LINK_PREFIX } from '../members/admin.ts';
import { takeOrRefuse } from '../members/code-routes.ts';
import { createIssueRate } from '../members/issue-rate.ts';
import { memberPseudonym } from '../members/member-codes.ts';
import { admitPhone } from './door-admission.ts';
import { doorPageBody, doorPageScript } from './page.ts';
import {
  admissionAnswer,
  admissionRequest,
  type PhoneMember,
  phoneMemberAnswer,
  phoneMemberRequest,
} from './schema.ts';

export const PHONE_COOKIE = 'yz_phone';
export const PHONE_TOKEN_PREFIX = 'yzph_';
/** A phone keeps its member cookie this long (browsers cap cookies at 400 days). */
const COOKIE_DAYS = 400;

const doorPageQuery = z.object({ c: z.string().max(1000).optional() });
const linkRequest = z.strictObject({
  link: z.string().regex(new RegExp(`^${MEMBER_LINK_PREFIX}[A-Za-z0-9_-]{43}$`), 'a member link token'),
});

export function phoneRoutes(
  deps: HubContext & { channels: StationChannels; session: HubConfig['session']; limits: HubConfig['phone'] },
): FastifyPluginAsync {
  const { store, clock } = deps;
  const { limits } = deps;
  const perMember = createIssueRate({ perMinute: limits.perMemberPerMinute });
  const perAddress = createIssueRate({ perMinute: limits.perAddressPerMinute });

  const cookie = (token: string) =>
    [
      `${PHONE_COOKIE}=${token}`,
      'Path=/',
      'HttpOnly',
      // Lax, not Strict: the page is opened from WeChat's scanner, a navigation from outside the site.
      'SameSite=Lax',
      `Max-Age=${COOKIE_DAYS * 86_400}`,
      ...(deps.session.secureCookie ? ['Secure'] : []),
    ].join('; ');

  const phoneMemberOf = async (request: FastifyRequest): Promise<PhoneMember | undefined> => {
    const token = cookieValue(request, PHONE_COOKIE);
    return token?.startsWith(PHONE_TOKEN_PREFIX) ? store.phone.findMember(tokenHash(token)) : undefined;
  };
  const byAddress = async (request: FastifyRequest, reply: FastifyReply) => {
    takeOrRefuse(perAddress, request.ip, clock(), reply);
  };

  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get('/d', { schema: { querystring: doorPageQuery } }, async (request, reply) => {
      const code = request.query.c ?? '';
      const stationId = doorCodeStation(code);
      const station = stationId === undefined ? undefined : await store.stations.get(stationId);
      if (!station || station.retiredAt !== null) {
        return sendPhonePage(reply, 404, {
          title: '无效的二维码 · Not a station code',
          body: `<header>${bilingual('这不是有效的驿站二维码', 'This is not a valid station code', 'h1')}</header>
<main data-testid="phone-result" data-ok="false" data-reason="invalid-code">${bilingual('请扫描驿站门口屏幕上的二维码。', 'Scan the code on the screen at the station door.')}</main>`,
        });
      }
      const member = await phoneMemberOf(request);
      return sendPhonePage(reply, 200, {
        title: `${station.name} · 扫码进站`,
        body: doorPageBody(station, member?.category),
        script: doorPageScript(code, member !== undefined),
      });
    });

    api.post(
      '/api/v1/phone/member',
      {
        onRequest: byAddress,
        bodyLimit: 1024,
        schema: { body: phoneMemberRequest, response: { 200: phoneMemberAnswer, 201: phoneMemberAnswer } },
      },
      async (request, reply) => {
        const existing = await phoneMemberOf(request);
        if (existing) return reply.status(200).send({ category: existing.category });
        const token = newSecretToken(PHONE_TOKEN_PREFIX);
        // A pseudonym like every member's, of an id nobody holds: the phone is the member.
        const member = await memberPseudonym(store.members, `phone:${randomUUID()}`);
        await store.phone.addMember(tokenHash(token), member, request.body.category, new Date(clock()).toISOString());
        return reply.status(201).header('set-cookie', cookie(token)).send({ category: request.body.category });
      },
    );

    api.post(
      '/api/v1/phone/member/link',
      {
        onRequest: byAddress,
        bodyLimit: 1024,
        schema: { body: linkRequest, response: { 201: phoneMemberAnswer } },
      },
      async (request, reply) => {
        const link = await store.memberAccess.findLink(tokenHash(request.body.link));
        if (!link) throw new HubError('YZ_ERR_NOT_FOUND', 'this member link is not valid');
        const token = newSecretToken(PHONE_TOKEN_PREFIX);
        await store.phone.addMember(tokenHash(token), link.member, link.category, new Date(clock()).toISOString());
        return reply.status(201).header('set-cookie', cookie(token)).send({ category: link.category });
      },
    );

    api.post(
      '/api/v1/phone/admissions',
      {
        onRequest: byAddress,
        bodyLimit: 2048,
        schema: {
          body: admissionRequest,
          // A refusal is an answer too (the request was understood; the door did not open): 200 with its reason.
          response: { 200: admissionAnswer },
        },
      },
      async (request, reply) => {
        const member = await phoneMemberOf(request);
        if (!member)
          throw new HubError('YZ_ERR_UNAUTHENTICATED', 'this phone has not registered: choose your work first');
        takeOrRefuse(perMember, member.member, clock(), reply);
        const answer = await admitPhone(deps, member, request.body.code);
        reply.header('cache-control', 'no-store');
        return answer;
      },
    );
  };
}
