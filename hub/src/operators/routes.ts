import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../clock.ts';
import type { HubConfig } from '../config.ts';
import { HubError } from '../errors.ts';
import { authenticatedOperator, requireOperator, SESSION_COOKIE, sessionIdFrom } from '../http/principals.ts';
import { newSecretToken, tokenHash } from '../http/secret-token.ts';
import type { HubStore } from '../store.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password.ts';
import { type Operator, type SessionView, sessionView, signIn } from './schema.ts';

const LOGIN_MAX_FAILURES = 5;
const LOGIN_WINDOW_MS = 15 * 60_000;

/** Operator sign-in: `POST /api/v1/session` sets an httpOnly cookie; `DELETE` ends the session. */
export function sessionRoutes(deps: {
  store: HubStore;
  clock: Clock;
  session: HubConfig['session'];
  /** The hub's zone: the dashboard reckons "today" and shows times in it. */
  timezone: string;
}): FastifyPluginAsync {
  const throttle = createLoginThrottle({ maxFailures: LOGIN_MAX_FAILURES, windowMs: LOGIN_WINDOW_MS });
  const cookie = (value: string, maxAgeSeconds: number) =>
    [
      `${SESSION_COOKIE}=${value}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Strict',
      `Max-Age=${maxAgeSeconds}`,
      ...(deps.session.secureCookie ? ['Secure'] : []),
    ].join('; ');

  const viewOf = ({ username, role, district, city, province }: Operator): SessionView => ({
    username,
    role,
    district,
    ...(city === undefined ? {} : { city }),
    ...(province === undefined ? {} : { province }),
    timezone: deps.timezone,
  });

  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.post(
      '/api/v1/session',
      {
        schema: {
          body: signIn,
          response: { 200: sessionView },
        },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        const now = deps.clock();
        const wait = throttle.retryAfterSeconds(username, now);
        if (wait > 0) {
          reply.header('retry-after', String(wait));
          throw new HubError('YZ_ERR_TOO_MANY_ATTEMPTS', `too many failed sign-ins; try again in ${wait} s`);
        }
        const account = await deps.store.operators.get(username);
        const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_PASSWORD_HASH);
        if (!account || !ok) {
          throttle.recordFailure(username, now);
          throw new HubError('YZ_ERR_BAD_CREDENTIALS', 'wrong username or password');
        }
        throttle.clear(username);

        const nowIso = new Date(now).toISOString();
        await deps.store.sessions.deleteExpired(nowIso);
        // Never keep what the browser came with: a session it presented ends here, the new one is fresh.
        const presented = sessionIdFrom(request);
        if (presented) await deps.store.sessions.delete(tokenHash(presented));
        const sessionId = newSecretToken('');
        const ttlSeconds = deps.session.ttlMinutes * 60;
        await deps.store.sessions.insert(
          tokenHash(sessionId),
          account.username,
          nowIso,
          new Date(now + ttlSeconds * 1000).toISOString(),
        );
        reply.header('set-cookie', cookie(sessionId, ttlSeconds));
        return viewOf(account);
      },
    );

    api.get(
      '/api/v1/session',
      { onRequest: requireOperator(deps.store, deps.clock), schema: { response: { 200: sessionView } } },
      async (request) => viewOf(authenticatedOperator(request)),
    );

    api.delete('/api/v1/session', async (request, reply) => {
      const sessionId = sessionIdFrom(request);
      if (sessionId) await deps.store.sessions.delete(tokenHash(sessionId));
      return reply.header('set-cookie', cookie('', 0)).status(204).send();
    });
  };
}
