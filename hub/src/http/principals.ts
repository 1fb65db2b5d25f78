import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import { HubError } from '../errors.ts';
import type { Operator } from '../operators/schema.ts';
import type { StationScope } from '../scope.ts';
import type { HubStore } from '../store.ts';
import { tokenHash } from './secret-token.ts';

/** Who a request acts for: set by the auth hooks below, read by handlers. */
const STATION = 'yzStationId';
const OPERATOR = 'yzOperator';
export const SESSION_COOKIE = 'yz_session';

export function declarePrincipals(app: FastifyInstance): void {
  app.decorateRequest(STATION, null);
  app.decorateRequest(OPERATOR, null);
}

/** onRequest hook: `Authorization: Bearer <station token>`; runs before the body is parsed or validated. */
export function requireStation(store: HubStore) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const id = match ? await store.stations.findByTokenHash(tokenHash(match[1]!)) : undefined;
    if (!id) {
      reply.header('www-authenticate', 'Bearer realm="yizhan-hub"');
      throw new HubError('YZ_ERR_UNAUTHENTICATED', 'a valid station token is required');
    }
    request.setDecorator(STATION, id);
  };
}

export function authenticatedStation(request: FastifyRequest): string {
  const id = request.getDecorator<string | null>(STATION);
  if (id === null) throw new Error('route has no station auth hook');
  return id;
}

/** A station token reaches only its own station's resources. */
export function assertOwnStation(request: FastifyRequest, stationId: string): void {
  if (authenticatedStation(request) !== stationId) {
    throw new HubError('YZ_ERR_FORBIDDEN_STATION', 'this token belongs to another station');
  }
}

/** The value of one cookie of the request, or undefined. */
export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

export function sessionIdFrom(request: FastifyRequest): string | undefined {
  return cookieValue(request, SESSION_COOKIE);
}

/** onRequest hook: a live operator session cookie. */
export function requireOperator(store: HubStore, clock: Clock) {
  return async (request: FastifyRequest): Promise<void> => {
    const sessionId = sessionIdFrom(request);
    const operator = sessionId && (await store.sessions.find(tokenHash(sessionId), new Date(clock()).toISOString()));
    if (!operator) throw new HubError('YZ_ERR_UNAUTHENTICATED', 'sign in as an operator first');
    request.setDecorator(OPERATOR, operator);
  };
}

export function authenticatedOperator(request: FastifyRequest): Operator {
  const operator = request.getDecorator<Operator | null>(OPERATOR);
  if (operator === null) throw new Error('route has no operator auth hook');
  return operator;
}

/** A district viewer sees only its own district's stations. */
/** A district viewer sees only its own district: the same name in another city or province is another one. */
export function assertCanView(
  operator: Operator,
  station: { district: string; city: string | null; province: string | null },
): void {
  if (operator.role !== 'district-viewer') return;
  const outside =
    operator.district !== station.district ||
    (operator.city !== undefined && operator.city !== station.city) ||
    (operator.province !== undefined && operator.province !== station.province);
  if (outside) throw new HubError('YZ_ERR_FORBIDDEN_DISTRICT', 'this station is outside your district');
}

/**
 * onRequest hook for every route that changes something: an admin's session. It runs before the body
 * is validated, so a district viewer gets 403 whatever they send.
 */
export function requireAdmin(store: HubStore, clock: Clock) {
  const operatorHook = requireOperator(store, clock);
  return async (request: FastifyRequest): Promise<void> => {
    await operatorHook(request);
    if (authenticatedOperator(request).role !== 'admin') {
      throw new HubError('YZ_ERR_FORBIDDEN_ROLE', 'only an admin may change this');
    }
  };
}

/** The stations an operator may read: a district viewer's reads are always narrowed to their district. */
export function operatorScope(operator: Operator, stationId?: string): StationScope {
  return {
    ...(operator.role === 'district-viewer' ? viewerArea(operator) : {}),
    ...(stationId === undefined ? {} : { stationId }),
  };
}

/** A district viewer's area: its district, and its city and province where the hub knows them. */
export function viewerArea(operator: Operator): { district: string; city?: string; province?: string } {
  return {
    district: operator.district!,
    ...(operator.city === undefined ? {} : { city: operator.city }),
    ...(operator.province === undefined ? {} : { province: operator.province }),
  };
}
