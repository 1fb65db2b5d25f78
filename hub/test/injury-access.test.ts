/**
 * Who reaches which injury-visit route, for every such route the hub registered (from its OpenAPI document)
 * and every role: a phone reaches only the declaration and look-up; a case officer works their district's
 * cases; a district viewer reads the analysis only; the access log is the admins'. A refusal writes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPublicInjuryRoute, STATION_A } from './hub-fixture.ts';
import { declared, type InjuryHub, startInjuryHub } from './injury-fixture.ts';

let world: InjuryHub;
let quanshanCase: string;
beforeEach(async () => {
  world = await startInjuryHub();
  quanshanCase = await declared(world.hub);
});
afterEach(async () => {
  await world.hub.close();
});

interface Route {
  method: string;
  path: string;
}

async function injuryRoutes(): Promise<Route[]> {
  const doc = (await world.hub.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .filter(([path]) => path.includes('/injur'))
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
}

const QUERY: Record<string, string> = {
  '/api/v1/injury-analysis': '?from=2026-11-01&to=2026-11-30',
  '/api/v1/injury-analysis/csv': '?from=2026-11-01&to=2026-11-30',
  '/api/v1/injury-risk-notices': `?from=2026-11-01&to=2026-11-30&enterprise=${encodeURIComponent('name:徐州重工机械厂')}`,
  '/api/v1/injury-posters': `?via=station:${STATION_A.id}`,
};
const urlOf = (r: Route) =>
  r.path.replace('{caseId}', quanshanCase).replace('{caseNumber}', quanshanCase) + (QUERY[r.path] ?? '');

function tables(): Record<string, unknown[]> {
  const names = world.hub.rows<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  return Object.fromEntries(
    names.filter((t) => t.name !== 'sessions').map((t) => [t.name, world.hub.rows(`SELECT * FROM "${t.name}"`)]),
  );
}

async function call(r: Route, headers: Record<string, string>) {
  const res = await world.hub.app.inject({
    method: r.method as 'GET',
    url: urlOf(r),
    headers,
    ...(r.method === 'POST' ? { payload: { version: 1 } } : {}),
  });
  return { status: res.statusCode, code: res.statusCode >= 400 ? res.json().error.code : undefined, body: res.body };
}

const ANALYSIS = new Set([
  'GET /api/v1/injury-analysis',
  'GET /api/v1/injury-analysis/csv',
  'GET /api/v1/injury-lists',
]);

describe('every injury-visit route, for every role', () => {
  it('lists every route of the service in the OpenAPI document', async () => {
    const routes = (await injuryRoutes()).map((r) => `${r.method} ${r.path}`).sort();
    expect(routes).toEqual(
      [
        'GET /injury/declare',
        'GET /injury/lookup',
        'POST /api/v1/injury-declarations',
        'GET /api/v1/injury-declarations/{caseNumber}',
        'GET /api/v1/injuries',
        'POST /api/v1/injuries',
        'POST /api/v1/injury-imports',
        'GET /api/v1/injuries/{caseId}',
        'GET /api/v1/injuries/{caseId}/personal',
        'POST /api/v1/injuries/{caseId}/screening',
        'POST /api/v1/injuries/{caseId}/visits',
        'POST /api/v1/injuries/{caseId}/follow-ups',
        'POST /api/v1/injuries/{caseId}/close',
        'POST /api/v1/injuries/{caseId}/notes',
        'GET /api/v1/injury-enterprises',
        'POST /api/v1/injury-enterprises',
        'GET /api/v1/injury-access-log',
        'GET /api/v1/injury-analysis',
        'GET /api/v1/injury-lists',
        'GET /api/v1/injury-analysis/csv',
        'GET /api/v1/injury-risk-notices',
        'GET /api/v1/injury-posters',
      ].sort(),
    );
  });

  it('without a session, or with a station token, only the phone’s routes answer; the rest are 401 and write nothing', async () => {
    const before = tables();
    const credentials: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${world.hub.tokens.a}` },
      { cookie: 'yz_session=forged' },
    ];
    for (const headers of credentials) {
      for (const route of await injuryRoutes()) {
        const res = await call(route, headers);
        const what = `${route.method} ${route.path} ${JSON.stringify(headers)} → ${res.status} ${res.body.slice(0, 200)}`;
        if (isPublicInjuryRoute(route.path)) expect(res.status, what).not.toBe(401);
        else expect([res.status, res.code], what).toEqual([401, 'YZ_ERR_UNAUTHENTICATED']);
      }
    }
    // The empty POSTs to the declaration route were refused as bodies; nothing was stored.
    expect(tables()).toEqual(before);
  });

  it('a district viewer reads the analysis only: every other office route is 403 and writes nothing', async () => {
    const before = tables();
    for (const route of (await injuryRoutes()).filter((r) => !isPublicInjuryRoute(r.path))) {
      const key = `${route.method} ${route.path}`;
      const res = await call(route, { cookie: world.viewer });
      if (ANALYSIS.has(key)) expect(res.status, key).toBe(200);
      else expect([res.status, res.code], `${key} → ${res.body}`).toEqual([403, 'YZ_ERR_FORBIDDEN_ROLE']);
    }
    expect(tables()).toEqual(before);
  });

  it('a case officer of another district gets 403 on every route of a case, and no row changes', async () => {
    const before = tables();
    const caseRoutes = (await injuryRoutes()).filter((r) => r.path.includes('{caseId}'));
    expect(caseRoutes).toHaveLength(7);
    for (const route of caseRoutes) {
      const res = await call(route, { cookie: world.gulouOfficer });
      expect([res.status, res.code], `${route.method} ${route.path}`).toEqual([403, 'YZ_ERR_FORBIDDEN_DISTRICT']);
    }
    expect(tables()).toEqual(before);
    // Their queue holds no case of 泉山区.
    const queue = await world.hub.app.inject({
      method: 'GET',
      url: '/api/v1/injuries',
      headers: { cookie: world.gulouOfficer },
    });
    expect(queue.json().cases).toEqual([]);
  });

  it('case officers of the district or of all districts pass on every office route but the access log; admins on all', async () => {
    for (const [who, cookie] of [
      ['officer-li', world.officer],
      ['officer-all', world.officerAll],
      ['admin', world.admin],
    ] as const) {
      for (const route of (await injuryRoutes()).filter((r) => !isPublicInjuryRoute(r.path))) {
        const key = `${route.method} ${route.path}`;
        const res = await call(route, { cookie });
        const what = `${who}: ${key} → ${res.status} ${res.body.slice(0, 200)}`;
        if (key === 'GET /api/v1/injury-access-log' && who !== 'admin') {
          expect([res.status, res.code], what).toEqual([403, 'YZ_ERR_FORBIDDEN_ROLE']);
        } else {
          // Past the gate: answered, or refused for the body ({version: 1} alone), never 401/403.
          expect([200, 201, 400, 409], what).toContain(res.status);
        }
      }
    }
  });
});
