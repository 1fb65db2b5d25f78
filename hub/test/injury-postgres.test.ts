/**
 * Injury visits on PostgreSQL, through two hub processes sharing one database: a declaration on one is worked
 * on the other, the second of two officers saving the same step is told, no row holds the worker's name or
 * phone in plain text, the logs refuse changes, and both processes sweeping for erasure erase the case once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshSchema, type TestSchema } from '../../tests/support/postgres.ts';
import { waitFor } from '../../tests/support/wait.ts';
import { buildHub, type HubApp } from '../src/app.ts';
import { parseHubConfig } from '../src/config.ts';
import { NOON_ISH, STATION_A, signIn, TEST_INJURY_KEY } from './hub-fixture.ts';
import { declaration, WORKER } from './injury-fixture.ts';

let schema: TestSchema;
let hubs: HubApp[] = [];
const clock = { now: NOON_ISH };

beforeEach(async () => {
  schema = await freshSchema('yz_injury');
  clock.now = NOON_ISH;
  const config = parseHubConfig({
    database: { engine: 'postgres', url: schema.url, poolSize: 3 },
    session: { ttlMinutes: 43_200 },
    injuries: { key: TEST_INJURY_KEY, eraseAfterMonths: 1, eraseCheckSeconds: 0.05 },
  });
  hubs = [await buildHub(config, { clock: () => clock.now })];
  hubs.push(await buildHub(config, { clock: () => clock.now }));
  await hubs[0]!.admin.addStation(STATION_A);
  await hubs[0]!.admin.addOperator({ username: 'officer-li', password: 'case officer', role: 'case-officer' });
});
afterEach(async () => {
  await Promise.all(hubs.map((hub) => hub.close()));
  hubs = [];
  await schema.drop();
});

describe('injury visits on PostgreSQL', () => {
  it('declared on one hub, worked on the other; sealed in every row; erased once by two sweeping hubs', async () => {
    const [one, two] = hubs as [HubApp, HubApp];
    const declared = await one.inject({ method: 'POST', url: '/api/v1/injury-declarations', payload: declaration() });
    expect(declared.statusCode).toBe(201);
    const { caseId } = declared.json();
    const cookie = await signIn(two, 'officer-li', 'case officer');
    const post = (hub: HubApp, path: string, body: object) =>
      hub.inject({ method: 'POST', url: `/api/v1/injuries/${caseId}/${path}`, headers: { cookie }, payload: body });

    expect((await post(two, 'screening', { version: 1, eligible: true })).statusCode).toBe(200);
    // Two officers on the same version: the first wins, the second is told, and one entry is written.
    const [a, b] = await Promise.all([
      post(one, 'visits', { version: 2, visitedOn: '2026-11-28', visitors: ['李干事'], note: '伤者家属王建国之妻' }),
      post(two, 'close', { version: 2, reason: 'unreachable' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(await schema.query('SELECT count(*)::int AS n FROM injury_activity')).toEqual([{ n: 3 }]);

    const personal = await two.inject({
      method: 'GET',
      url: `/api/v1/injuries/${caseId}/personal`,
      headers: { cookie },
    });
    expect(personal.json().personal).toMatchObject({ name: WORKER.name, phone: WORKER.phone });
    const everything = await schema.query<{ row: string }>(
      `SELECT c::text AS row FROM injury_cases c UNION ALL SELECT a::text FROM injury_activity a
       UNION ALL SELECT l::text FROM injury_access_log l`,
    );
    expect(everything.length).toBe(5);
    for (const { row } of everything) {
      for (const secret of [WORKER.name, WORKER.phone, '右手食指骨折', Buffer.from(WORKER.name).toString('hex')]) {
        expect(row, secret).not.toContain(secret);
      }
    }
    await expect(schema.query("UPDATE injury_activity SET actor = 'x'")).rejects.toThrow(/append-only/);
    await expect(schema.query('DELETE FROM injury_access_log')).rejects.toThrow(/append-only/);

    // Closed, then a month and a day on: both hubs sweep, the case is erased once.
    const open = (await two.inject({ method: 'GET', url: `/api/v1/injuries/${caseId}`, headers: { cookie } })).json();
    if (open.case.status !== 'closed') {
      expect((await post(two, 'close', { version: open.case.version, reason: 'unreachable' })).statusCode).toBe(200);
    }
    clock.now += 32 * 86_400_000;
    await waitFor(
      async () =>
        (await schema.query<{ erased: string | null }>('SELECT erased_at AS erased FROM injury_cases'))[0]!.erased,
      { what: 'the erasure' },
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await schema.query("SELECT count(*)::int AS n FROM injury_activity WHERE action = 'erased'")).toEqual([
      { n: 1 },
    ]);
    expect(await schema.query('SELECT count(*)::int AS n FROM injury_activity WHERE note IS NOT NULL')).toEqual([
      { n: 0 },
    ]);
    const later = await signIn(one, 'officer-li', 'case officer');
    const after = await one.inject({
      method: 'GET',
      url: `/api/v1/injuries/${caseId}/personal`,
      headers: { cookie: later },
    });
    expect(after.json()).toEqual({ caseId, personal: null, notes: [] });
  });
});
