import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type HubFixture,
  rejection,
  STATION_A,
  STATION_B,
  signIn,
  startHubFixture,
  sync,
  visit,
} from './hub-fixture.ts';

let hub: HubFixture;
let adminCookie: string;
beforeEach(async () => {
  hub = await startHubFixture();
  await hub.app.admin.addOperator({ username: 'office', password: 'correct horse', role: 'admin' });
  adminCookie = await signIn(hub.app, 'office', 'correct horse');
});
afterEach(async () => {
  await hub.close();
});

const get = (url: string, cookie?: string) => hub.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

describe('GET /api/v1/stations/:id/visits', () => {
  it('counts the day’s visits per category, walk-ins and rejected scans', async () => {
    await sync(hub.app, hub.tokens.a, [
      visit(1, 'rider'),
      visit(2, 'rider'),
      visit(3, 'rider', 'walk-in'),
      visit(4, 'courier'),
      visit(5, 'sanitation', 'walk-in'),
      rejection(6, 'expired'),
      rejection(7, 'expired'),
      // Already the 29th in Shanghai: not counted on the 28th.
      visit(8, 'driver', 'code', '2026-11-28T16:00:00.000Z'),
    ]);
    await sync(hub.app, hub.tokens.b, [visit(1, 'rider')]);

    const res = await get(`/api/v1/stations/${STATION_A.id}/visits?date=2026-11-28`, adminCookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      station: STATION_A.id,
      date: '2026-11-28',
      total: 5,
      byCategory: { rider: 3, courier: 1, driver: 0, sanitation: 1, construction: 0, other: 0 },
      walkIns: 2,
      rejectedScans: { expired: 2 },
    });

    const nextDay = await get(`/api/v1/stations/${STATION_A.id}/visits?date=2026-11-29`, adminCookie);
    expect(nextDay.json()).toMatchObject({ date: '2026-11-29', total: 1, byCategory: { driver: 1 }, walkIns: 0 });
  });

  it('defaults to today in the hub’s time zone', async () => {
    // 17:00 UTC on the 28th is already the 29th in Shanghai.
    hub.clock.now = Date.parse('2026-11-28T17:00:00.000Z');
    const cookie = await signIn(hub.app, 'office', 'correct horse');
    const res = await get(`/api/v1/stations/${STATION_A.id}/visits`, cookie);
    expect(res.json()).toMatchObject({ date: '2026-11-29', total: 0, walkIns: 0, rejectedScans: {} });
  });

  it('needs an operator session, a real date and a known station', async () => {
    const anonymous = await get(`/api/v1/stations/${STATION_A.id}/visits`);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('YZ_ERR_UNAUTHENTICATED');
    // A station token is not an operator session.
    const asStation = await hub.app.inject({
      method: 'GET',
      url: `/api/v1/stations/${STATION_A.id}/visits`,
      headers: { authorization: `Bearer ${hub.tokens.a}` },
    });
    expect(asStation.statusCode).toBe(401);

    const badDate = await get(`/api/v1/stations/${STATION_A.id}/visits?date=2026-13-01`, adminCookie);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json()).toMatchObject({ error: { code: 'YZ_ERR_INVALID_QUERY', issues: [{ path: 'date' }] } });

    const unknown = await get('/api/v1/stations/nowhere/visits', adminCookie);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: { code: 'YZ_ERR_UNKNOWN_STATION', message: 'no station nowhere' } });
  });
});

describe('GET /api/v1/stations', () => {
  it('lists every station with when it was last seen', async () => {
    await sync(hub.app, hub.tokens.a, [visit(1, 'rider')]);
    const res = await get('/api/v1/stations', adminCookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      stations: [
        { ...STATION_A, address: null, lastSeenAt: '2026-11-28T02:00:00.000Z' },
        { ...STATION_B, address: null, lat: null, lng: null, lastSeenAt: null },
      ].sort((x, y) => x.district.localeCompare(y.district)),
    });
  });

  it('shows a district viewer only its district', async () => {
    await hub.app.admin.addOperator({
      username: 'gulou',
      password: 'district pass',
      role: 'district-viewer',
      district: STATION_B.district,
    });
    const cookie = await signIn(hub.app, 'gulou', 'district pass');
    const list = await get('/api/v1/stations', cookie);
    expect(list.json().stations.map((s: { id: string }) => s.id)).toEqual([STATION_B.id]);
    const other = await get(`/api/v1/stations/${STATION_A.id}/visits`, cookie);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('YZ_ERR_FORBIDDEN_DISTRICT');
    expect((await get(`/api/v1/stations/${STATION_B.id}/visits`, cookie)).statusCode).toBe(200);
  });
});

describe('GET /healthz and unknown routes', () => {
  it('answers health without auth and a coded 404 elsewhere', async () => {
    expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
    const missing = await get('/api/v1/nothing');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'YZ_ERR_NOT_FOUND', message: 'no route GET /api/v1/nothing' } });
  });
});
