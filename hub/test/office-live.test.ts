import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildHub, type HubApp } from '../src/app.ts';
import { parseHubConfig } from '../src/config.ts';
import type { OfficeLiveMessage } from '../src/live/schema.ts';
import { NOON_ISH, STATION_A, STATION_B, signIn, sync, visit } from './hub-fixture.ts';

let dir: string;
let app: HubApp;
let tokens: { a: string; b: string };
let url: string;
const clock = { now: NOON_ISH };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yizhan-hub-live-'));
  const config = parseHubConfig(
    { database: 'hub.db', live: { offlineAfterSeconds: 60, checkSeconds: 0.1 } },
    { baseDir: dir },
  );
  clock.now = NOON_ISH;
  app = await buildHub(config, { clock: () => clock.now });
  tokens = { a: (await app.admin.addStation(STATION_A)).token, b: (await app.admin.addStation(STATION_B)).token };
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `ws://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  await app.admin.addOperator({ username: 'office', password: 'correct horse', role: 'admin' });
  await app.admin.addOperator({
    username: 'gulou',
    password: 'gulou viewer',
    role: 'district-viewer',
    district: STATION_B.district,
  });
});
afterEach(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A socket with every message it received, and a way to wait for the next one matching. */
async function watch(cookie: string) {
  const messages: OfficeLiveMessage[] = [];
  const waiters: (() => void)[] = [];
  const socket = new WebSocket(`${url}/api/v1/live`, { headers: { cookie } });
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const next = (match: (m: OfficeLiveMessage) => boolean) =>
    new Promise<OfficeLiveMessage>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('no matching live message')), 5000);
      const look = () => {
        const found = messages.find(match);
        if (found) {
          clearTimeout(timeout);
          messages.splice(messages.indexOf(found), 1);
          resolve(found);
        } else waiters.push(look);
      };
      look();
    });
  return { socket, messages, next };
}

const stationRow = (m: OfficeLiveMessage, id: string) => m.stations.find((s) => s.id === id);

describe('GET /api/v1/live', () => {
  it('sends a snapshot, then a station coming online, going offline after the threshold, and back', async () => {
    const live = await watch(await signIn(app, 'office', 'correct horse'));
    const snapshot = await live.next((m) => m.type === 'snapshot');
    // Ordered by district (code point order: 泉山区 before 鼓楼区), then id.
    expect(snapshot.stations.map((s) => [s.id, s.online])).toEqual([
      [STATION_A.id, false],
      [STATION_B.id, false],
    ]);

    await sync(app, tokens.a, [visit(1, 'rider')]);
    const online = await live.next((m) => m.type === 'update' && stationRow(m, STATION_A.id)?.online === true);
    expect(stationRow(online, STATION_A.id)).toMatchObject({
      online: true,
      todayVisits: 1,
      lastSeenAt: '2026-11-28T02:00:00.000Z',
    });
    expect(online.overview.city).toMatchObject({ online: 1, offline: 1, todayVisits: 1 });

    clock.now += 61_000;
    const offline = await live.next((m) => m.type === 'update' && stationRow(m, STATION_A.id)?.online === false);
    expect(offline.overview.city).toMatchObject({ online: 0, offline: 2 });

    await sync(app, tokens.a, [visit(2, 'rider')]);
    const back = await live.next((m) => m.type === 'update' && stationRow(m, STATION_A.id)?.online === true);
    expect(stationRow(back, STATION_A.id)).toMatchObject({ todayVisits: 2 });
    live.socket.terminate();
  });

  it('tells a district viewer only about their district', async () => {
    const live = await watch(await signIn(app, 'gulou', 'gulou viewer'));
    const snapshot = await live.next((m) => m.type === 'snapshot');
    expect(snapshot.stations.map((s) => s.id)).toEqual([STATION_B.id]);
    await sync(app, tokens.a, [visit(1, 'rider')]);
    await sync(app, tokens.b, [visit(1, 'rider')]);
    const update = await live.next((m) => m.type === 'update');
    expect(update.stations.map((s) => s.id)).toEqual([STATION_B.id]);
    expect(update.overview.districts.map((d) => d.district)).toEqual([STATION_B.district]);
    expect(live.messages.filter((m) => m.stations.some((s) => s.id === STATION_A.id))).toEqual([]);
    live.socket.terminate();
  });

  it('refuses a socket without an operator session', async () => {
    const socket = new WebSocket(`${url}/api/v1/live`);
    await expect(new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))).rejects.toThrow(
      /401/,
    );
  });
});
