/**
 * The big screen's socket when its link is revoked through another hub process (several may share one
 * database): this process hears of it at the screen's next update, and ends the socket as a revoked screen's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildHub, type HubApp } from '../src/app.ts';
import { parseHubConfig } from '../src/config.ts';
import { NOON_ISH, STATION_A, sync, visit } from './hub-fixture.ts';

let dir: string;
let app: HubApp;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yizhan-screen-live-'));
  app = await buildHub(parseHubConfig({ database: 'hub.db' }, { baseDir: dir }), { clock: () => NOON_ISH });
  await app.listen({ host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('ends a screen revoked by another process at its next update, with the revoked code', async () => {
  const { token: stationToken } = await app.admin.addStation(STATION_A);
  const { token, screen } = await app.admin.createScreen({ name: '大屏' }, 'office');
  const port = (app.server.address() as { port: number }).port;
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/screen/live?token=${token}`);
  const types: string[] = [];
  socket.on('message', (data) => types.push(JSON.parse(String(data)).type));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await expect.poll(() => types).toEqual(['snapshot', 'stations']);

  // The other process's revocation: a write to the shared database, no word to this process.
  const other = new Database(join(dir, 'hub.db'));
  other
    .prepare('UPDATE screen_tokens SET revoked_at = ? WHERE id = ?')
    .run(new Date(NOON_ISH).toISOString(), screen.id);
  other.close();
  expect((await sync(app, stationToken, [visit(1, 'rider')])).statusCode).toBe(200);

  expect(await closed).toBe(4403);
  expect(types).toEqual(['snapshot', 'stations']);
});
