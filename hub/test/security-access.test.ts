/**
 * Who may call what, for every route the hub registered (from its OpenAPI document): with no credential
 * or a wrong one every protected route answers 401 and writes nothing; credentials of one kind never pass
 * for another; oversized bodies are refused with 413 before anything is stored. (A station token against
 * other stations and the district viewer's limits are in office-access.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type HubFixture,
  isPublicInjuryRoute,
  STATION_A,
  signIn,
  startHubFixture,
  sync,
  visit,
} from './hub-fixture.ts';

let hub: HubFixture;
let admin: string;
let integrationKey: string;
let memberLink: string;
beforeEach(async () => {
  hub = await startHubFixture();
  await hub.app.admin.addOperator({ username: 'office', password: 'correct horse', role: 'admin' });
  admin = await signIn(hub.app, 'office', 'correct horse');
  integrationKey = (await hub.app.admin.addIntegration('member-app')).key;
  memberLink = (await hub.app.admin.addMemberLink({ member: 'M-1', category: 'rider' })).token;
  await sync(hub.app, hub.tokens.a, [visit(1, 'rider')]);
});
afterEach(async () => {
  await hub.close();
});

function tables(): Record<string, unknown[]> {
  const names = hub.rows<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  return Object.fromEntries(names.map((t) => [t.name, hub.rows(`SELECT * FROM "${t.name}"`)]));
}

async function apiRoutes(): Promise<{ method: string; path: string }[]> {
  const doc = (await hub.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
  );
}

/** Open to anyone: health, the API description, signing in and out. */
const PUBLIC = new Set(['GET /healthz', 'GET /api/v1/openapi.json', 'POST /api/v1/session', 'DELETE /api/v1/session']);
/** The phone at the door has a credential of its own, the phone cookie (tested with it, hub/test/phone-door.test.ts). */
const phoneRoute = (path: string) => path === '/d' || path.startsWith('/api/v1/phone/');

describe('unauthenticated and wrongly authenticated requests, on every route', () => {
  it('answer 401 with a coded error and change no row, whatever credential-shaped thing they carry', async () => {
    const expired = await signIn(hub.app, 'office', 'correct horse');
    hub.clock.now += 12 * 60 * 60_000 + 1;
    const session = admin.slice('yz_session='.length);
    const attempts: Record<string, string>[] = [
      {},
      { cookie: 'yz_session=forged-session-id' },
      { cookie: expired },
      { cookie: `yz_session=${hub.tokens.a}` },
      { authorization: `Bearer ${session}` },
      { authorization: 'Bearer ' },
      { authorization: `Basic ${Buffer.from('office:correct horse').toString('base64')}` },
      { authorization: `Bearer ${hub.tokens.a}x` },
      { authorization: `Bearer ${integrationKey.slice(0, -1)}` },
      { authorization: `Bearer ${hub.tokens.a} ${hub.tokens.a}` },
      { cookie: `yz_session=${session}x; other=1` },
    ];
    const routes = (await apiRoutes()).filter(
      (r) =>
        !PUBLIC.has(`${r.method} ${r.path}`) &&
        !r.path.startsWith('/m/') &&
        !phoneRoute(r.path) &&
        !isPublicInjuryRoute(r.path),
    );
    expect(routes.length).toBeGreaterThan(25);
    const before = tables();
    for (const route of routes) {
      for (const headers of attempts) {
        const res = await hub.app.inject({
          method: route.method as 'POST',
          url: route.path.replace('{table}', 'visits-daily').replace(/\{[^}]+\}/g, STATION_A.id),
          headers,
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const what = `${route.method} ${route.path} ${JSON.stringify(headers)} → ${res.statusCode} ${res.body}`;
        expect(res.statusCode, what).toBe(401);
        expect(['YZ_ERR_UNAUTHENTICATED'], what).toContain(res.json().error.code);
      }
    }
    // Sign-in (for `expired`) was before the picture; the requests after it wrote nothing.
    hub.clock.now -= 12 * 60 * 60_000 + 1;
    expect(tables()).toEqual(before);
  });

  it('keeps each credential to its own routes: a station token, an integration key and a session never stand in for each other', async () => {
    const asStation = { authorization: `Bearer ${hub.tokens.a}` };
    const asIntegration = { authorization: `Bearer ${integrationKey}` };
    const code = { member: 'M-2', category: 'rider' };
    const cases = [
      { method: 'POST', url: '/api/v1/member-codes', headers: asStation, payload: code },
      { method: 'POST', url: '/api/v1/member-codes', headers: { cookie: admin }, payload: code },
      { method: 'POST', url: '/api/v1/sync', headers: asIntegration, payload: { epoch: 'epoch-0001', events: [] } },
      { method: 'POST', url: '/api/v1/sync', headers: { cookie: admin }, payload: { epoch: 'epoch-0001', events: [] } },
      { method: 'GET', url: `/api/v1/stations/${STATION_A.id}/bundle`, headers: asIntegration },
      { method: 'GET', url: `/api/v1/stations/${STATION_A.id}/bundle`, headers: { cookie: admin } },
      { method: 'GET', url: '/api/v1/overview', headers: asStation },
      { method: 'GET', url: '/api/v1/overview', headers: asIntegration },
      { method: 'POST', url: `/api/v1/stations/${STATION_A.id}/token`, headers: asStation },
    ];
    const before = tables();
    for (const c of cases) {
      const res = await hub.app.inject({ ...c, method: c.method as 'GET' | 'POST' });
      expect(res.statusCode, `${c.method} ${c.url} ${JSON.stringify(c.headers)}`).toBe(401);
    }
    expect(tables()).toEqual(before);
    // The member link is the only credential of the member page, and only for its own member.
    const page = await hub.app.inject({ method: 'GET', url: `/m/${memberLink}`, headers: asStation });
    expect(page.statusCode).toBe(200);
    // One character off (never the same character: a link ending in A would otherwise stay right).
    const otherLast = memberLink.endsWith('A') ? 'B' : 'A';
    const wrong = await hub.app.inject({ method: 'GET', url: `/m/${memberLink.slice(0, -1)}${otherLast}/code` });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().error.code).toBe('YZ_ERR_NOT_FOUND');
  });
});

describe('oversized bodies', () => {
  it('are refused with 413 and a coded error before anything is stored, on every route that takes a body', async () => {
    const big = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes) });
    const cases = [
      { url: '/api/v1/member-codes', headers: { authorization: `Bearer ${integrationKey}` }, size: 5_000 },
      { url: '/api/v1/sync', headers: { authorization: `Bearer ${hub.tokens.a}` }, size: 2 * 1024 * 1024 + 10 },
      { url: '/api/v1/schedules', headers: { cookie: admin }, size: 1024 * 1024 + 10 },
      { url: '/api/v1/announcements', headers: { cookie: admin }, size: 1024 * 1024 + 10 },
      { url: '/api/v1/session', headers: {}, size: 1024 * 1024 + 10 },
    ];
    const before = tables();
    for (const c of cases) {
      const res = await hub.app.inject({
        method: 'POST',
        url: c.url,
        headers: { ...c.headers, 'content-type': 'application/json' },
        payload: big(c.size),
      });
      expect(res.statusCode, c.url).toBe(413);
      expect(res.json().error.code, c.url).toBe('YZ_ERR_BODY_TOO_LARGE');
    }
    expect(tables()).toEqual(before);
  });

  it('still takes a full batch of 1,000 events, which is under the sync limit', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => visit(i + 2, 'rider'));
    const body = JSON.stringify({ epoch: 'epoch-0001', events });
    expect(body.length).toBeLessThan(2 * 1024 * 1024);
    const ok = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: { authorization: `Bearer ${hub.tokens.a}`, 'content-type': 'application/json' },
      payload: body,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ackSeq: 1001 });
  });
});

describe('the member page’s code rate', () => {
  it('gives one link at most 10 codes a minute (429 with retry-after), writing nothing when it refuses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await hub.app.inject({ method: 'GET', url: `/m/${memberLink}/code` })).statusCode);
    }
    expect(statuses).toEqual(Array(10).fill(200));
    const before = tables();
    const limited = await hub.app.inject({ method: 'GET', url: `/m/${memberLink}/code` });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('6');
    expect(limited.json().error.code).toBe('YZ_ERR_TOO_MANY_ATTEMPTS');
    expect(tables()).toEqual(before);
    hub.clock.now += 6_000;
    expect((await hub.app.inject({ method: 'GET', url: `/m/${memberLink}/code` })).statusCode).toBe(200);
  });
});
