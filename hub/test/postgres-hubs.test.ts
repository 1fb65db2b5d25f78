/**
 * Several hub processes on one PostgreSQL, as hubs in one test process (each its own pool, feed connection
 * and throttles, as separate processes have): they migrate the database once between them, a dashboard on
 * one hears of a sync on another, and what each keeps per process (the login throttle) is per process.
 */
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freshSchema, type TestSchema } from '../../tests/support/postgres.ts';
import { buildHub, type HubApp } from '../src/app.ts';
import { parseHubConfig } from '../src/config.ts';
import type { OfficeLiveMessage } from '../src/live/schema.ts';
import { NOON_ISH, STATION_A, STATION_B, signIn, sync, visit } from './hub-fixture.ts';

let schema: TestSchema;
let hubs: HubApp[] = [];
const clock = { now: NOON_ISH };

const startHubs = (count: number) =>
  Promise.all(
    Array.from({ length: count }, () =>
      buildHub(parseHubConfig({ database: { engine: 'postgres', url: schema.url, poolSize: 3 } }), {
        clock: () => clock.now,
      }),
    ),
  );

beforeEach(async () => {
  schema = await freshSchema('yz_hubs');
  clock.now = NOON_ISH;
});
afterEach(async () => {
  await Promise.all(hubs.map((hub) => hub.close()));
  hubs = [];
  await schema.drop();
});

describe('hubs sharing one PostgreSQL', () => {
  it('migrate it once when they start together, and see the same registry', async () => {
    hubs = await startHubs(3);
    const applied = await schema.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    const files = readdirSync(new URL('../src/postgres/migrations/', import.meta.url)).filter((f) =>
      f.endsWith('.sql'),
    );
    expect(applied.map((r) => r.version)).toEqual(files.map((_, i) => i + 1));
    expect(await schema.query('SELECT name FROM hub_secrets')).toEqual([{ name: 'member-pseudonym' }]);
    const { token } = await hubs[0]!.admin.addStation(STATION_A);
    expect((await sync(hubs[2]!, token, [visit(1, 'rider')])).json()).toEqual({ ackSeq: 1 });
    // Each hub made sure of an active member key at start: there is at least one, and every hub signs alike.
    const keys = await schema.query<{ kid: string }>('SELECT kid FROM member_keys WHERE retired_at IS NULL');
    expect(keys.length).toBeGreaterThanOrEqual(1);
  });

  it('tell a dashboard on one hub of a sync that landed on another', async () => {
    hubs = await startHubs(2);
    const [watched, other] = hubs as [HubApp, HubApp];
    const { token } = await watched.admin.addStation(STATION_B);
    await watched.admin.addOperator({ username: 'office', password: 'correct horse', role: 'admin' });
    await watched.listen({ host: '127.0.0.1', port: 0 });
    const port = (watched.server.address() as { port: number }).port;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live`, {
      headers: { cookie: await signIn(watched, 'office', 'correct horse') },
    });
    const messages: OfficeLiveMessage[] = [];
    const heard = new Promise<OfficeLiveMessage>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('no update for the other hub’s sync')), 10_000);
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as OfficeLiveMessage;
        messages.push(message);
        if (message.type === 'update' && message.stations.some((s) => s.id === STATION_B.id && s.todayVisits === 1)) {
          clearTimeout(timeout);
          resolve(message);
        }
      });
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    await expect.poll(() => messages.some((m) => m.type === 'snapshot'), { timeout: 5000 }).toBe(true);
    expect((await sync(other, token, [visit(1, 'courier')])).statusCode).toBe(200);
    const update = await heard;
    expect(update.overview.city).toMatchObject({ todayVisits: 1, online: 1 });
    socket.terminate();
  });

  it('throttle sign-in per process: with two hubs a guesser gets twice the tries', async () => {
    hubs = await startHubs(2);
    await hubs[0]!.admin.addOperator({ username: 'office', password: 'correct horse', role: 'admin' });
    const attempt = (hub: HubApp) =>
      hub.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'office', password: 'wrong one' } });
    for (const hub of hubs) {
      for (let i = 0; i < 5; i++) expect((await attempt(hub)).statusCode).toBe(401);
      expect((await attempt(hub)).statusCode).toBe(429);
    }
  });
});
