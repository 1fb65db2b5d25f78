/**
 * Every HTTP route of a running hub and station agent, fuzzed with fast-check: params, queries, headers
 * (Authorization, Cookie, Content-Type, Origin) and bodies, from arbitrary bytes to one-field mutations of
 * valid requests. Whatever arrives: never a 5xx, never a crash, and a refused request changes no row of
 * the hub's or the station's SQLite file. Routes are read from the instances, so a new one is fuzzed too.
 */
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbObserver, editJson, type Json, type ServedRoute, servedRoutes } from './support/fuzz.ts';
import { type Stack, startStack } from './support/stack.ts';

type Credential = 'admin' | 'viewer' | 'station-a' | 'station-b' | 'integration' | 'garbage' | 'none';

let stack: Stack;
let hubDb: DbObserver;
let agentDb: DbObserver;
const secrets = { admin: '', viewer: '', stationA: '', stationB: '', integration: '', link: '' };
const ids = { victim: 'fuzz-victim', stationB: 'fuzz-b', schedule: 'x', announcement: 'x', injuryCase: 'x' };
/** Inputs tried per target and what they got; printed for docs/RELIABILITY.md. */
const tally: Record<string, { tried: number; refused: number; ok: number; byStatus: Record<number, number> }> = {};

const VALID_CODE_HOLDER: { code: string } = { code: '' };

async function signIn(username: string, password: string): Promise<string> {
  const res = await stack.hub.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username}: ${res.statusCode} ${res.body}`);
  return `yz_session=${res.cookies[0]!.value}`;
}

beforeAll(async () => {
  // With injury visits on: their routes, a phone's among them, take bad input as every other route does.
  stack = await startStack({ hubConfig: { injuries: { key: Buffer.alloc(32, 7).toString('base64') } } });
  // The agent stops syncing so that neither database changes behind a request's back.
  await stack.agent.sync?.stop();
  const { hub } = stack;
  secrets.stationA = stack.agent.config.hub!.token;
  secrets.stationB = (
    await hub.admin.addStation({
      id: ids.stationB,
      name: '淮海路工会驿站',
      district: '鼓楼区',
      capacity: 12,
    })
  ).token;
  await hub.admin.addStation({ id: ids.victim, name: '徐海路工会驿站', district: '徐州经开区', capacity: 8 });
  // Credentials the fuzzer uses, under names it never generates (it must not lock them out).
  await hub.admin.addOperator({ username: 'fuzz-admin-7f3a', password: 'fuzz admin password', role: 'admin' });
  await hub.admin.addOperator({
    username: 'fuzz-viewer-7f3a',
    password: 'fuzz viewer password',
    role: 'district-viewer',
    district: '鼓楼区',
  });
  await hub.admin.addOperator({ username: 'seed-op', password: 'seed-password', role: 'admin' });
  secrets.admin = await signIn('fuzz-admin-7f3a', 'fuzz admin password');
  secrets.viewer = await signIn('fuzz-viewer-7f3a', 'fuzz viewer password');
  secrets.integration = (await hub.admin.addIntegration('fuzz-app')).key;
  secrets.link = (await hub.admin.addMemberLink({ member: 'M-fuzz', category: 'courier' })).token;
  VALID_CODE_HOLDER.code = await hub.admin.issueMemberCode({ member: 'M-door', category: 'rider' });
  // Rows for the id-taking routes to find: an alarm and a feedback case at B, a schedule, an announcement.
  const synced = await hub.inject({
    method: 'POST',
    url: '/api/v1/sync',
    headers: { authorization: `Bearer ${secrets.stationB}` },
    payload: {
      epoch: 'epoch-fuzz-b',
      events: [
        {
          epoch: 'epoch-fuzz-b',
          seq: 1,
          type: 'alarm.raised',
          at: new Date().toISOString(),
          body: { alarmId: 'al-1', rule: 'fridge-too-warm', detail: 'warm' },
        },
        {
          epoch: 'epoch-fuzz-b',
          seq: 2,
          type: 'feedback.created',
          at: new Date().toISOString(),
          body: { feedbackId: 'fb-1', category: 'gate' },
        },
      ],
    },
  });
  expect(synced.statusCode).toBe(200);
  const schedule = await hub.inject({
    method: 'POST',
    url: '/api/v1/schedules',
    headers: { cookie: secrets.admin },
    payload: HUB_SEEDS['POST /api/v1/schedules'] as object,
  });
  expect(schedule.statusCode).toBe(201);
  ids.schedule = schedule.json().id;
  const announcement = await hub.inject({
    method: 'POST',
    url: '/api/v1/announcements',
    headers: { cookie: secrets.admin },
    payload: HUB_SEEDS['POST /api/v1/announcements'] as object,
  });
  expect(announcement.statusCode).toBe(201);
  ids.announcement = announcement.json().id;

  // A declared injury case for the case routes to find.
  const declared = await hub.inject({
    method: 'POST',
    url: '/api/v1/injury-declarations',
    payload: HUB_SEEDS['POST /api/v1/injury-declarations'] as object,
  });
  expect(declared.statusCode).toBe(201);
  ids.injuryCase = declared.json().caseId;

  const dataDir = stack.agent.config.dataDir;
  // The silent-station sweep renews its lease every few seconds, and the live channel its holder's, whatever
  // the requests do.
  hubDb = new DbObserver(join(dirname(dataDir), 'hub.db'), ['hub_leases', 'channel_holders']);
  agentDb = new DbObserver(join(dataDir, 'station.db'));
});

afterAll(async () => {
  hubDb?.close();
  agentDb?.close();
  await stack?.close();
  for (const [target, t] of Object.entries(tally)) {
    console.log(
      `fuzz ${target}: ${t.tried} requests, ${t.refused} refused (rows unchanged), ${t.ok} accepted; by status ${JSON.stringify(t.byStatus)}`,
    );
  }
});

const visitEvent = (seq: number) => ({
  epoch: 'epoch-fuzz-seed',
  seq,
  type: 'visit.started',
  at: new Date().toISOString(),
  body: { visitId: `v-seed-${seq}`, method: 'walk-in', category: 'rider' },
});

/** One valid body per route that takes one: the fuzzer mutates these as well as sending junk. */
const HUB_SEEDS: Record<string, Json> = {
  'POST /api/v1/session': { username: 'seed-op', password: 'seed-password' },
  'POST /api/v1/sync': { epoch: 'epoch-fuzz-seed', events: [visitEvent(1), visitEvent(2)] },
  'POST /api/v1/member-codes': { member: 'M-1001', category: 'rider', lifetimeSeconds: 60 },
  'POST /api/v1/stations': {
    id: 'fuzz-new',
    name: '新站',
    district: '泉山区',
    capacity: 10,
    lat: 34.2,
    lng: 117.1,
    open24h: true,
    hours: null,
  },
  'PATCH /api/v1/stations/:id': { name: '改名', capacity: 12, hours: '08:00-20:00', address: null },
  'PUT /api/v1/stations/:id/services': { services: ['water', 'rest', 'hot-drinks'] },
  'PATCH /api/v1/stations/:id/feedback/:feedbackId': { status: 'assessing', assignee: '张师傅', reply: '已处理' },
  'POST /api/v1/schedules': {
    title: { zh: '爱心理发', en: 'Free haircut' },
    audience: { zh: '户外劳动者', en: 'Outdoor workers' },
    target: { kind: 'all' },
    startsLocal: '2026-11-30T09:00',
    endsLocal: '2026-11-30T11:00',
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
  },
  'POST /api/v1/announcements': {
    text: { zh: '寒潮来袭，驿站24小时开放', en: 'Cold wave: open 24 hours' },
    target: { kind: 'district', district: '鼓楼区' },
    startsAt: '2026-11-28T08:00:00+08:00',
    endsAt: null,
  },
  'POST /api/v1/injury-declarations': {
    declarant: 'self',
    name: '王建国',
    phone: '13912345678',
    enterpriseName: '徐州重工机械厂',
    industry: 'manufacturing',
    post: 'operator',
    cause: 'misoperation',
    injuredOn: '2026-11-20',
    district: '泉山区',
    place: '二号车间冲压线',
    injury: '右手食指骨折',
    help: ['condolence'],
    consent: { personal: true, sensitive: true },
  },
};
HUB_SEEDS['PUT /api/v1/schedules/:id'] = HUB_SEEDS['POST /api/v1/schedules']!;
HUB_SEEDS['POST /api/v1/injuries'] = HUB_SEEDS['POST /api/v1/injury-declarations']!;

const AGENT_SEEDS: Record<string, () => Json> = {
  'POST /api/door/scan': () => ({ code: VALID_CODE_HOLDER.code }),
  'POST /api/visits/walk-in': () => ({ category: 'courier' }),
  'POST /api/feedback': () => ({ category: 'broken', place: '微波炉旁边' }),
};

const QUERY_SEEDS: Record<string, string> = {
  from: '2026-11-01',
  to: '2026-11-30',
  date: '2026-11-28',
  station: 'fuzz-b',
  district: '鼓楼区',
  status: 'open',
};

// ---- arbitraries -------------------------------------------------------------------------------------

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
const nasty = fc.constantFrom(
  '',
  '..',
  '%2e%2e',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '%',
  '%zz',
  '%c0%ae',
  '\\..\\',
  'a'.repeat(3000),
  '__proto__',
  'constructor',
  '0',
  '-1',
  '1e400',
  'null',
  '<script>',
  "' OR 1=1 --",
  '驿站',
  '\u202e',
);
/** Any JSON at all, with the values most likely to trip code: prototypes, huge numbers, deep nesting. */
const anyJson: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json> },
  fc.constantFrom<Json>(
    null,
    1e308,
    -0,
    2 ** 53 + 1,
    '',
    '__proto__',
    [],
    {},
    { __proto__: { admin: true } },
    { constructor: { prototype: {} } },
  ),
  nasty,
);

/** A valid value with one to three edits: a leaf replaced, a key deleted, a key added. */
function mutated(seed: Json): fc.Arbitrary<Json> {
  const edit = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('replace', 'delete', 'add'),
    key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'id', 'stationId', 'role', 'epoch')),
    value: anyJson,
  });
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let value = structuredClone(seed);
    for (const e of edits) value = editJson(value, e);
    return value;
  });
}

type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: Json }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array };

const bodyFor = (seed: Json | undefined): fc.Arbitrary<Body> =>
  fc.oneof(
    fc.constant<Body>({ kind: 'none' }),
    anyJson.map((value): Body => ({ kind: 'json', value })),
    ...(seed === undefined
      ? []
      : [
          { weight: 2, arbitrary: fc.constant<Body>({ kind: 'json', value: seed }) },
          { weight: 6, arbitrary: mutated(seed).map((value): Body => ({ kind: 'json', value })) },
        ]),
    fc
      .oneof(fc.string(), fc.constantFrom('{', '{"a":', '[1,', 'null', '{"code":', '\u0000', '{}{}'))
      .map((text): Body => ({ kind: 'text', text })),
    fc.uint8Array({ maxLength: 256 }).map((bytes): Body => ({ kind: 'bytes', bytes })),
  );

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  fc.constantFrom(
    undefined,
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
    'application/json; charset=utf-8',
    'application/octet-stream',
    'application/json, text/plain',
  ),
  printable,
);

const queryFor = (keys: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(''),
    fc
      .array(
        fc.tuple(
          fc.oneof(fc.constantFrom(...keys, ...Object.keys(QUERY_SEEDS)), fc.string({ maxLength: 6 })),
          fc.oneof(
            fc.constantFrom(...Object.values(QUERY_SEEDS), '2026-02-30', '2026-11-30T00:00:00Z', '9999-99-99'),
            fc.string(),
            nasty,
          ),
        ),
        { maxLength: 5 },
      )
      .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
    fc.constantFrom('a[b]=1&&=&x', 'from=2026-11-01&from=2026-11-02', '%zz=1', 'from', '__proto__[x]=1'),
  );

const credential = fc.constantFrom<Credential>(
  'admin',
  'admin',
  'admin',
  'viewer',
  'station-a',
  'station-b',
  'integration',
  'garbage',
  'none',
);

interface FuzzCase {
  route: ServedRoute;
  params: string[];
  query: string;
  auth: Credential;
  cookie: Credential;
  contentType: string | undefined;
  origin: string | undefined;
  body: Body;
}

function caseFor(route: ServedRoute, seed: Json | undefined, paramPool: (name: string) => fc.Arbitrary<string>) {
  const names = [...route.url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
  return fc.record<FuzzCase>({
    route: fc.constant(route),
    params: fc.tuple(...names.map((n) => paramPool(n))) as fc.Arbitrary<string[]>,
    query: queryFor(Object.keys(QUERY_SEEDS)),
    auth: credential,
    cookie: credential,
    contentType,
    // Mostly absent (a non-browser client); sometimes the dashboard's own origin, sometimes another site.
    origin: fc.constantFrom(undefined, undefined, undefined, undefined, 'http://localhost', 'https://evil.example'),
    body: bodyFor(seed),
  });
}

const hubParam = (name: string): fc.Arbitrary<string> => {
  const known: Record<string, string[]> = {
    id: [ids.victim, ids.stationB, 'a-station-nobody-has', ids.schedule, ids.announcement],
    alarmId: ['al-1'],
    feedbackId: ['fb-1'],
    table: ['visits-daily', 'visits-hourly', 'district-visits', 'alarms'],
    token: [secrets.link, `yzml_${'A'.repeat(43)}`],
    caseId: [ids.injuryCase, 'GS-AAAA-AAAA'],
    caseNumber: [ids.injuryCase, 'GS-AAAA-AAAA'],
  };
  const pool = known[name] ?? [];
  return fc.oneof(
    { weight: 4, arbitrary: pool.length ? fc.constantFrom(...pool).map(encodeURIComponent) : fc.constant('x') },
    fc.string().map(encodeURIComponent),
    nasty,
  );
};

const agentParam = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('', 'index.html', 'assets', 'assets/', 'favicon.ico'),
    fc.array(fc.oneof(fc.string().map(encodeURIComponent), nasty), { maxLength: 4 }).map((s) => s.join('/')),
  );

// ---- one request -------------------------------------------------------------------------------------

const routeKey = (r: ServedRoute) => `${r.method} ${r.url}`;

function urlOf(c: FuzzCase): string {
  let i = 0;
  const path = c.route.url.replace(/:(\w+)|\*/g, () => c.params[i++] ?? '');
  return c.query ? `${path}?${c.query}` : path;
}

function headersOf(c: FuzzCase): Record<string, string> {
  const bearer: Record<Credential, string | undefined> = {
    admin: undefined,
    viewer: undefined,
    'station-a': secrets.stationA,
    'station-b': secrets.stationB,
    integration: secrets.integration,
    garbage: 'yzst_not-a-token',
    none: undefined,
  };
  const cookie: Record<Credential, string | undefined> = {
    admin: secrets.admin,
    viewer: secrets.viewer,
    'station-a': undefined,
    'station-b': undefined,
    integration: undefined,
    garbage: 'yz_session=; yz_session=forged; other=1',
    none: undefined,
  };
  const headers: Record<string, string> = {};
  if (bearer[c.auth]) headers.authorization = `Bearer ${bearer[c.auth]}`;
  if (cookie[c.cookie]) headers.cookie = cookie[c.cookie]!;
  if (c.contentType !== undefined && c.body.kind !== 'none') headers['content-type'] = c.contentType;
  if (c.origin) headers.origin = c.origin;
  return headers;
}

function payloadOf(body: Body): string | Buffer | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      return JSON.stringify(body.value);
    case 'text':
      return body.text;
    case 'bytes':
      return Buffer.from(body.bytes);
  }
}

/** Every refusal of the hub and of the agent is coded, with the one error body, unknown and undecodable paths too. */
const ERROR_CODE = /^YZ_ERR_[A-Z_]+$/;
const errorCode = (json: unknown): unknown => (json as { error?: { code?: unknown } } | undefined)?.error?.code;
const STATION_UNREACHABLE: Record<number, string> = {
  503: 'YZ_ERR_STATION_OFFLINE',
  504: 'YZ_ERR_STATION_NO_ANSWER',
};

/** Sends one case and checks it: no 5xx, an error body on refusal, and no row changed by a refusal. */
async function attempt(
  target: string,
  app: Stack['agent']['http'],
  db: DbObserver,
  c: FuzzCase,
  allowedOnRefusal: (c: FuzzCase, status: number, json: unknown) => Record<string, number>,
): Promise<{ status: number; json: unknown }> {
  const before = db.picture();
  const counts = Object.fromEntries(db.tables.map((t) => [t, db.count(t)]));
  const res = await app.inject({
    method: c.route.method as 'GET',
    url: urlOf(c),
    headers: headersOf(c),
    payload: payloadOf(c.body),
  });
  tally[target] ??= { tried: 0, refused: 0, ok: 0, byStatus: {} };
  const t = tally[target];
  t.tried++;
  t.byStatus[res.statusCode] = (t.byStatus[res.statusCode] ?? 0) + 1;
  const what = `${c.route.method} ${urlOf(c).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
  const json: unknown = isJson && res.body ? JSON.parse(res.body) : undefined;
  // The one 5xx that is an answer, not a failure: the hub could not reach a station over its live channel
  // (the fuzzed stations never connect one).
  const unreachable = STATION_UNREACHABLE[res.statusCode] === errorCode(json);
  if (!unreachable) expect(res.statusCode, what).toBeLessThan(500);
  const allowed = allowedOnRefusal(c, res.statusCode, json);
  if (res.statusCode >= 400 || Object.keys(allowed).length > 0) {
    t.refused++;
    // Error answers are coded JSON (a WebSocket route asked without an upgrade answers an empty 404).
    if (res.statusCode >= 400 && json !== undefined) expect(errorCode(json), what).toMatch(ERROR_CODE);
    const changed = DbObserver.changed(before, db.picture());
    expect(changed.sort(), what).toEqual(Object.keys(allowed).sort());
    for (const [table, grew] of Object.entries(allowed)) expect(db.count(table), what).toBe(counts[table]! + grew);
  } else {
    t.ok++;
  }
  return { status: res.statusCode, json };
}

describe('fuzzing every HTTP route', () => {
  it('the hub: never a 5xx, and a refused request changes no row', async () => {
    const routes = servedRoutes(stack.hub);
    // The OpenAPI document and the router agree: nothing is served that the fuzzer would miss.
    const doc = (await stack.hub.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const path of Object.keys(doc.paths)) {
      expect(routes.map((r) => r.url)).toContain(path.replace(/\{(\w+)\}/g, ':$1'));
    }
    expect(routes.length).toBeGreaterThan(40);
    const cases = fc.oneof(
      ...routes.map((route) => caseFor(route, HUB_SEEDS[routeKey(route)], hubParam)),
    ) as fc.Arbitrary<FuzzCase>;
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        // Retiring or re-keying the stations whose tokens the fuzzer holds would only blind it.
        if (/\/(retire|token)$/.test(c.route.url) && c.params[0] !== ids.victim) c.params[0] = ids.victim;
        seen.add(routeKey(c.route));
        const { status } = await attempt('hub', stack.hub, hubDb, c, () => ({}));
        // Signing out, or in again, ends the session the request carried (see session.ts): take a new one.
        const sessionEnded = c.route.url === '/api/v1/session' && ['POST', 'DELETE'].includes(c.route.method);
        if (sessionEnded && status < 300) {
          if (c.cookie === 'admin') secrets.admin = await signIn('fuzz-admin-7f3a', 'fuzz admin password');
          if (c.cookie === 'viewer') secrets.viewer = await signIn('fuzz-viewer-7f3a', 'fuzz viewer password');
        }
      }),
      { numRuns: 3000 },
    );
    expect([...routes.map(routeKey)].filter((r) => !seen.has(r))).toEqual([]);
    // 3,000 requests, each between two pictures of every table: half a minute on a busy two-core machine.
  }, 120_000);

  it('the station agent: never a 5xx, and a refused request changes no row (a refused scan leaves only its reason)', async () => {
    const routes = servedRoutes(stack.agent.http);
    expect(routes.map(routeKey)).toEqual(
      expect.arrayContaining(['POST /api/door/scan', 'POST /api/visits/walk-in', 'POST /api/feedback', 'GET /*']),
    );
    const cases = fc.oneof(
      ...routes.map((route) => caseFor(route, AGENT_SEEDS[routeKey(route)]?.(), agentParam)),
    ) as fc.Arbitrary<FuzzCase>;
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        seen.add(routeKey(c.route));
        await attempt(
          'agent',
          stack.agent.http,
          agentDb,
          c,
          (_c, status, json): Record<string, number> =>
            // A scan the door refuses is answered 200 `{ok:false}` and leaves its reason (DESIGN.md, scan-in).
            c.route.url === '/api/door/scan' && status === 200 && (json as { ok?: boolean }).ok === false
              ? { rejected_scans: 1, outbox: 1 }
              : {},
        );
      }),
      { numRuns: 1500 },
    );
    expect([...routes.map(routeKey)].filter((r) => !seen.has(r))).toEqual([]);
  });
});
