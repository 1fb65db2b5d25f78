import { serviceId, stationId, WORKER_CATEGORIES } from '@yizhan/shared';
import { MAX_LIFETIME_SECONDS } from '@yizhan/shared/member-code';
import { z } from 'zod';
import { hashPassword } from './auth/password.ts';
import { newSecretToken, tokenHash } from './auth/secret-token.ts';
import type { Clock } from './clock.ts';
import { HubError } from './errors.ts';
import { ensureActiveMemberKey, issueCodeFor, memberPseudonym, rotateMemberKey } from './members/member-codes.ts';
import type { HubStore, Operator, StationProfile, StationRecord } from './store/hub-store.ts';

export const STATION_TOKEN_PREFIX = 'yzst_';
/** Integration keys (the union's member app) and member-page links are bearer secrets too. */
export const INTEGRATION_KEY_PREFIX = 'yzik_';
export const MEMBER_LINK_PREFIX = 'yzml_';

const text = (max: number) => z.string().trim().min(1).max(max);

export const stationInput = z.strictObject({
  id: stationId,
  name: text(100),
  district: text(100),
  capacity: z.number().int().positive().max(10_000),
  address: text(300).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
});
export type StationInput = z.input<typeof stationInput>;

/** An office edit: any profile field but the id; null clears an optional one. */
export const stationChangeInput = z
  .strictObject({
    name: text(100),
    district: text(100),
    capacity: z.number().int().positive().max(10_000),
    address: text(300).nullable(),
    lat: z.number().min(-90).max(90).nullable(),
    lng: z.number().min(-180).max(180).nullable(),
    open24h: z.boolean(),
    hours: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'HH:MM-HH:MM')
      .nullable(),
  })
  .partial();
export type StationChangeInput = z.input<typeof stationChangeInput>;

/** Service ids as the kiosk knows them (water, microwave, …). */
export const servicesInput = z.array(serviceId).max(40);

const credentials = {
  username: z.string().regex(/^[a-z0-9._-]{2,64}$/i, '2–64 letters, digits, . _ -'),
  password: z.string().min(8).max(256),
};

export const operatorInput = z.discriminatedUnion('role', [
  z.strictObject({ ...credentials, role: z.literal('admin') }),
  z.strictObject({ ...credentials, role: z.literal('district-viewer'), district: text(100) }),
]);
export type OperatorInput = z.input<typeof operatorInput>;

export const memberCodeInput = z.strictObject({
  member: text(128),
  category: z.enum(WORKER_CATEGORIES),
  lifetimeSeconds: z.number().int().min(1).max(MAX_LIFETIME_SECONDS).default(MAX_LIFETIME_SECONDS),
});
export type MemberCodeInput = z.input<typeof memberCodeInput>;

export const memberLinkInput = z.strictObject({ member: text(128), category: z.enum(WORKER_CATEGORIES) });
export type MemberLinkInput = z.input<typeof memberLinkInput>;
const integrationName = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/i, '2–64 letters, digits, . _ -');

/**
 * The hub's provisioning actions, shared by the CLI, the in-process demo and `app.admin`.
 * Inputs are validated here because callers are outside the HTTP edge.
 */
export interface HubAdmin {
  /** Registers a new station and returns its first token (shown once). Fails if the id exists. */
  addStation(input: StationInput): { stationId: string; token: string };
  /** Creates or updates the station and gives it a fresh token (the old one stops working). */
  ensureStation(input: StationInput): { stationId: string; token: string };
  rotateStationToken(stationId: string): { stationId: string; token: string };
  editStation(stationId: string, change: StationChangeInput): StationRecord;
  /** The station stops syncing at once (its token is revoked); its history stays. */
  retireStation(stationId: string): StationRecord;
  setStationServices(stationId: string, services: readonly string[]): StationRecord;
  addOperator(input: OperatorInput): Promise<Operator>;
  /** Creates the operator or resets its role and password. */
  ensureOperator(input: OperatorInput): Promise<Operator>;
  /** A signed member code (`YZ1.…`) for the member's pseudonym. */
  issueMemberCode(input: MemberCodeInput): string;
  memberPseudonym(member: string): string;
  /** Refused at every station once their bundle refreshes. */
  revokeMember(member: string): string;
  ensureActiveMemberKey(): { kid: string };
  rotateMemberKey(): { kid: string };
  /** Codes signed by the key stop opening doors once stations have the next bundle. */
  retireMemberKey(kid: string): { kid: string };
  /** A key for an integration such as the union's member app (shown once). */
  addIntegration(name: string): { name: string; key: string };
  /** A worker's personal member-page token (shown once): the page at `/m/<token>` shows a live code. */
  addMemberLink(input: MemberLinkInput): { token: string; member: string };
}

export function createHubAdmin(store: HubStore, clock: Clock): HubAdmin {
  const nowIso = () => new Date(clock()).toISOString();

  const freshToken = () => {
    const token = newSecretToken(STATION_TOKEN_PREFIX);
    return { token, hash: tokenHash(token) };
  };

  const toOperator = async (input: OperatorInput) => {
    const parsed = parseInput(operatorInput, input);
    const operator: Operator = {
      username: parsed.username,
      role: parsed.role,
      district: parsed.role === 'district-viewer' ? parsed.district : null,
    };
    return { operator, passwordHash: await hashPassword(parsed.password) };
  };

  return {
    addStation(input) {
      const profile = toProfile(parseInput(stationInput, input));
      const { token, hash } = freshToken();
      if (!store.stations.insert(profile, hash, nowIso())) {
        throw new HubError('YZ_ERR_STATION_EXISTS', `station ${profile.id} already exists`);
      }
      return { stationId: profile.id, token };
    },
    ensureStation(input) {
      const profile = toProfile(parseInput(stationInput, input));
      const { token, hash } = freshToken();
      store.stations.upsert(profile, hash, nowIso());
      return { stationId: profile.id, token };
    },
    rotateStationToken(id) {
      if (store.stations.get(id)?.retiredAt) {
        throw new HubError('YZ_ERR_STATION_RETIRED', `station ${id} is retired`);
      }
      const { token, hash } = freshToken();
      if (!store.stations.replaceToken(id, hash, nowIso())) {
        throw new HubError('YZ_ERR_UNKNOWN_STATION', `no station ${id}`);
      }
      return { stationId: id, token };
    },
    editStation(id, change) {
      if (!store.stations.update(id, parseInput(stationChangeInput, change))) {
        throw new HubError('YZ_ERR_UNKNOWN_STATION', `no station ${id}`);
      }
      return store.stations.get(id)!;
    },
    retireStation(id) {
      const station = store.stations.get(id);
      if (!station) throw new HubError('YZ_ERR_UNKNOWN_STATION', `no station ${id}`);
      if (!store.stations.retire(id, nowIso())) {
        throw new HubError('YZ_ERR_STATION_RETIRED', `station ${id} is already retired`);
      }
      return store.stations.get(id)!;
    },
    setStationServices(id, services) {
      if (!store.stations.setServices(id, parseInput(servicesInput, services))) {
        throw new HubError('YZ_ERR_UNKNOWN_STATION', `no station ${id}`);
      }
      return store.stations.get(id)!;
    },
    async addOperator(input) {
      const { operator, passwordHash } = await toOperator(input);
      if (!store.operators.insert(operator, passwordHash, nowIso())) {
        throw new HubError('YZ_ERR_OPERATOR_EXISTS', `operator ${operator.username} already exists`);
      }
      return operator;
    },
    async ensureOperator(input) {
      const { operator, passwordHash } = await toOperator(input);
      store.operators.upsert(operator, passwordHash, nowIso());
      return operator;
    },
    issueMemberCode(input) {
      return issueCodeFor(store.memberKeys, store.members, parseInput(memberCodeInput, input), clock()).code;
    },
    memberPseudonym: (member) => memberPseudonym(store.members, parseInput(text(128), member)),
    revokeMember(member) {
      const pseudonym = memberPseudonym(store.members, parseInput(text(128), member));
      store.members.revoke(pseudonym, nowIso());
      return pseudonym;
    },
    ensureActiveMemberKey: () => ({ kid: ensureActiveMemberKey(store.memberKeys, clock()).kid }),
    rotateMemberKey: () => ({ kid: rotateMemberKey(store.memberKeys, clock()).kid }),
    retireMemberKey(kid) {
      if (!store.memberKeys.retire(parseInput(text(64), kid), nowIso())) {
        throw new HubError('YZ_ERR_NOT_FOUND', `no unretired member key ${kid}`);
      }
      return { kid };
    },
    addIntegration(name) {
      const parsed = parseInput(integrationName, name);
      const key = newSecretToken(INTEGRATION_KEY_PREFIX);
      if (!store.memberAccess.addIntegration(parsed, tokenHash(key), nowIso())) {
        throw new HubError('YZ_ERR_INTEGRATION_EXISTS', `integration ${parsed} already exists`);
      }
      return { name: parsed, key };
    },
    addMemberLink(input) {
      const parsed = parseInput(memberLinkInput, input);
      const member = memberPseudonym(store.members, parsed.member);
      const token = newSecretToken(MEMBER_LINK_PREFIX);
      store.memberAccess.addLink(tokenHash(token), member, parsed.category, nowIso());
      return { token, member };
    },
  };
}

function toProfile(input: z.output<typeof stationInput>): StationProfile {
  return {
    id: input.id,
    name: input.name,
    district: input.district,
    capacity: input.capacity,
    address: input.address ?? null,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
  };
}

function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new HubError(
      'YZ_ERR_INVALID_INPUT',
      'invalid input',
      result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  return result.data;
}
