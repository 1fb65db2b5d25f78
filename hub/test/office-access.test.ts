import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type HubFixture,
  isPublicInjuryRoute,
  STATION_A,
  STATION_B,
  signIn,
  startHubFixture,
  sync,
  visit,
} from './hub-fixture.ts';

let hub: HubFixture;
let admin: string;
let viewer: string;
beforeEach(async () => {
  hub = await startHubFixture();
  await hub.app.admin.addOperator({ username: 'office', password: 'correct horse', role: 'admin' });
  // B is in 鼓楼区; this viewer may see only 鼓楼区.
  await hub.app.admin.addOperator({
    username: 'gulou',
    password: 'gulou viewer',
    role: 'district-viewer',
    district: STATION_B.district,
  });
  admin = await signIn(hub.app, 'office', 'correct horse');
  viewer = await signIn(hub.app, 'gulou', 'gulou viewer');
  await sync(hub.app, hub.tokens.a, [
    visit(1, 'rider'),
    {
      epoch: 'epoch-0001',
      seq: 2,
      type: 'alarm.raised',
      at: '2026-11-28T01:00:00.000Z',
      body: { alarmId: 'al-1', rule: 'fridge-too-warm', detail: 'warm' },
    },
    {
      epoch: 'epoch-0001',
      seq: 3,
      type: 'feedback.created',
      at: '2026-11-28T01:00:00.000Z',
      body: { feedbackId: 'fb-1', category: 'gate' },
    },
  ]);
  await sync(hub.app, hub.tokens.b, [visit(1, 'courier')]);
});
afterEach(async () => {
  await hub.close();
});

interface ApiRoute {
  method: string;
  path: string;
}

/** Every route the hub registered, from its OpenAPI document (built from an onRoute hook). */
async function apiRoutes(): Promise<ApiRoute[]> {
  const doc = (await hub.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
  );
}

/** Fills path parameters: station ids with `station`, anything else with a plausible id. */
const urlOf = (path: string, station: string) =>
  path
    .replace('{id}', station)
    .replace(/\{table\}/, 'visits-daily')
    .replace(/\{[^}]+\}/g, 'x1')
    .concat(/reports|usage/.test(path) ? '?from=2026-11-01&to=2026-11-30' : '');

/** Everything the hub stores, as an outside observer of the file sees it. */
function snapshot(): Record<string, unknown[]> {
  const tables = hub.rows<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  // Sessions and throttles change on sign-in, not through the routes under test.
  return Object.fromEntries(
    tables.filter((t) => t.name !== 'sessions').map((t) => [t.name, hub.rows(`SELECT * FROM "${t.name}"`)]),
  );
}

const PUBLIC = new Set(['GET /healthz', 'GET /api/v1/openapi.json', 'POST /api/v1/session', 'DELETE /api/v1/session']);
/** The phone at the door has a credential of its own, the phone cookie (tested with it, hub/test/phone-door.test.ts). */
const phoneRoute = (path: string) => path === '/d' || path.startsWith('/api/v1/phone/');

describe('every route, enumerated from the hub itself', () => {
  it('lists the office routes in the OpenAPI document', async () => {
    const routes = (await apiRoutes()).map((r) => `${r.method} ${r.path}`);
    for (const expected of [
      'POST /api/v1/sync',
      'GET /api/v1/stations/{id}/bundle',
      'GET /api/v1/overview',
      'GET /api/v1/live',
      'POST /api/v1/stations/{id}/alarms/{alarmId}/acknowledge',
      'PATCH /api/v1/stations/{id}/feedback/{feedbackId}',
      'POST /api/v1/schedules',
      'GET /api/v1/reports/{table}/csv',
    ]) {
      expect(routes).toContain(expected);
    }
  });

  it('a station token reaches no other station’s data and no office route', async () => {
    const before = snapshot();
    const tried: string[] = [];
    for (const route of await apiRoutes()) {
      const key = `${route.method} ${route.path}`;
      // The member app's routes and the member page have their own credentials (tested with them).
      if (
        PUBLIC.has(key) ||
        route.path.startsWith('/api/v1/member-codes') ||
        route.path.startsWith('/m/') ||
        phoneRoute(route.path) ||
        isPublicInjuryRoute(route.path)
      )
        continue;
      tried.push(key);
      const res = await hub.app.inject({
        method: route.method as 'GET',
        url: urlOf(route.path, STATION_B.id),
        headers: { authorization: `Bearer ${hub.tokens.a}` },
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
      });
      if (key === 'POST /api/v1/sync') {
        // The only write a token has: it goes to its own station, whatever the body claims.
        expect(res.statusCode, key).toBe(400);
        continue;
      }
      expect([401, 403], `${key} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      expect(res.body).not.toContain('courier');
    }
    expect(tried.length).toBeGreaterThan(20);
    expect(snapshot()).toEqual(before);

    // A's batch is counted at A only.
    await sync(hub.app, hub.tokens.a, [visit(4, 'driver')]);
    expect(hub.rows('SELECT station_id, category FROM daily_visits ORDER BY station_id, category')).toEqual([
      { station_id: STATION_B.id, category: 'courier' },
      { station_id: STATION_A.id, category: 'driver' },
      { station_id: STATION_A.id, category: 'rider' },
    ]);
  });

  it('a district viewer can change nothing: every mutating route answers 401/403 and no row changes', async () => {
    const before = snapshot();
    const mutating = (await apiRoutes()).filter(
      (r) =>
        r.method !== 'GET' &&
        !PUBLIC.has(`${r.method} ${r.path}`) &&
        !phoneRoute(r.path) &&
        !isPublicInjuryRoute(r.path),
    );
    expect(mutating.length).toBeGreaterThan(10);
    for (const route of mutating) {
      for (const station of [STATION_A.id, STATION_B.id]) {
        const res = await hub.app.inject({
          method: route.method as 'POST',
          url: urlOf(route.path, station),
          headers: { cookie: viewer },
          payload: { status: 'resolved', services: ['water'], name: 'x', reply: 'x' },
        });
        expect([401, 403], `${route.method} ${route.path} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      }
    }
    expect(snapshot()).toEqual(before);
  });

  it('a district viewer reads only their district, on every read route', async () => {
    for (const route of (await apiRoutes()).filter((r) => r.method === 'GET' && r.path.includes('{id}'))) {
      // A station's own routes (its token, not an operator's).
      if (route.path.endsWith('/bundle') || route.path.endsWith('/live')) continue;
      const res = await hub.app.inject({
        method: 'GET',
        url: urlOf(route.path, STATION_A.id),
        headers: { cookie: viewer },
      });
      expect(res.statusCode, route.path).toBe(403);
      expect(res.json().error.code).toBe('YZ_ERR_FORBIDDEN_DISTRICT');
    }
    const lists = [
      '/api/v1/stations',
      '/api/v1/status',
      '/api/v1/overview',
      '/api/v1/alarms',
      '/api/v1/feedback',
      '/api/v1/reports/visits-daily?from=2026-11-01&to=2026-11-30',
      '/api/v1/reports/district-visits?from=2026-11-01&to=2026-11-30',
      '/api/v1/reports/alarms?from=2026-11-01&to=2026-11-30',
    ];
    for (const url of lists) {
      const res = await hub.app.inject({ method: 'GET', url, headers: { cookie: viewer } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain(STATION_A.id);
      expect(res.body, url).not.toContain(STATION_A.district);
    }
    const status = await hub.app.inject({ method: 'GET', url: '/api/v1/status', headers: { cookie: viewer } });
    expect(status.json().stations.map((s: { id: string }) => s.id)).toEqual([STATION_B.id]);
    const other = await hub.app.inject({
      method: 'GET',
      url: `/api/v1/reports/visits-daily?from=2026-11-01&to=2026-11-30&district=${encodeURIComponent(STATION_A.district)}`,
      headers: { cookie: viewer },
    });
    expect(other.statusCode).toBe(403);
    // The admin sees both.
    const all = await hub.app.inject({ method: 'GET', url: '/api/v1/status', headers: { cookie: admin } });
    expect(
      all
        .json()
        .stations.map((s: { id: string }) => s.id)
        .sort(),
    ).toEqual([STATION_B.id, STATION_A.id].sort());
  });
});

describe('security headers and OpenAPI', () => {
  it('sends the security headers on API answers and errors', async () => {
    for (const url of ['/healthz', '/api/v1/overview', '/nope']) {
      const res = await hub.app.inject({ method: 'GET', url });
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('describes request and response schemas from the zod schemas', async () => {
    const doc = (await hub.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const ack = doc.paths['/api/v1/stations/{id}/alarms/{alarmId}/acknowledge'].post;
    expect(ack.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
      'path:id',
      'path:alarmId',
    ]);
    const schedule = doc.paths['/api/v1/schedules'].post.requestBody.content['application/json'].schema;
    expect(schedule.required).toEqual(expect.arrayContaining(['title', 'target', 'startsLocal', 'endsLocal']));
    expect(doc.paths['/api/v1/sync'].post.responses['200'].content['application/json'].schema).toMatchObject({
      type: 'object',
      properties: { ackSeq: { type: 'integer' } },
    });
  });
});
