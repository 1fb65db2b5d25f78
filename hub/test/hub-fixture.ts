import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxEvent } from '@yizhan/shared';
import Database from 'better-sqlite3';
import { buildHub, type HubApp } from '../src/app.ts';
import { type HubConfig, parseHubConfig } from '../src/config.ts';

export const STATION_A = {
  id: 'quanshan-sanbao',
  name: '三胞广场工会驿站',
  district: '泉山区',
  capacity: 20,
  lat: 34.261,
  lng: 117.186,
};
export const STATION_B = { id: 'gulou-huaihai', name: '淮海路工会驿站', district: '鼓楼区', capacity: 12 };

/** 10:00 in Shanghai on 2026-11-28. */
export const NOON_ISH = Date.parse('2026-11-28T02:00:00.000Z');

export interface HubFixture {
  app: HubApp;
  config: HubConfig;
  dir: string;
  clock: { now: number };
  tokens: { a: string; b: string };
  /** Runs a query on a separate read-only connection, as an outside observer of the file. */
  rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
  close(): Promise<void>;
}

/** The injury-visit routes a phone reaches without signing in (declaring, looking up): tested in injury-access. */
export const isPublicInjuryRoute = (path: string) =>
  path.startsWith('/injury/') || path.startsWith('/api/v1/injury-declarations');

/** The injury-visit service's sealing key in tests (32 bytes, base64). */
export const TEST_INJURY_KEY = Buffer.alloc(32, 7).toString('base64');

/**
 * `more`: more of the hub's config beside its database (a metrics token, say). The injury-visit service is on,
 * `more.injuries` merged over the test key.
 */
export async function startHubFixture(more: Record<string, unknown> = {}): Promise<HubFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-hub-'));
  const injuries = { key: TEST_INJURY_KEY, ...(more.injuries as object | undefined) };
  const config = parseHubConfig({ ...more, database: 'hub.db', injuries }, { baseDir: dir });
  const clock = { now: NOON_ISH };
  const app = await buildHub(config, { clock: () => clock.now });
  const a = (await app.admin.addStation(STATION_A)).token;
  const b = (await app.admin.addStation(STATION_B)).token;
  return {
    app,
    config,
    dir,
    clock,
    tokens: { a, b },
    rows<T>(sql: string, ...params: unknown[]) {
      const db = new Database(join(dir, 'hub.db'), { readonly: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const EPOCH = 'epoch-0001';

export function visit(
  seq: number,
  category: 'rider' | 'courier' | 'driver' | 'sanitation' | 'construction' | 'other',
  method: 'code' | 'walk-in' = 'code',
  at = '2026-11-28T01:00:00.000Z',
  epoch = EPOCH,
): OutboxEvent {
  return {
    epoch,
    seq,
    type: 'visit.started',
    at,
    body: { visitId: `v-${epoch}-${seq}`, method, category, ...(method === 'code' ? { member: 'm_test' } : {}) },
  };
}

export function rejection(seq: number, reason: 'expired' | 'replayed', epoch = EPOCH): OutboxEvent {
  return { epoch, seq, type: 'scan.rejected', at: '2026-11-28T01:05:00.000Z', body: { reason } };
}

export function heartbeat(seq: number, epoch = EPOCH): OutboxEvent {
  return { epoch, seq, type: 'heartbeat', at: '2026-11-28T01:10:00.000Z', body: { uptimeSeconds: seq * 60 } };
}

export function sync(app: HubApp, token: string, events: OutboxEvent[], epoch = EPOCH) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/sync',
    headers: { authorization: `Bearer ${token}` },
    payload: { epoch, events },
  });
}

export async function signIn(app: HubApp, username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'yz_session');
  if (!cookie) throw new Error('no session cookie');
  return `yz_session=${cookie.value}`;
}

/** A hub with one admin operator signed in: the office tests' usual start. */
export async function startHubWithAdmin(): Promise<{ hub: HubFixture; cookie: string }> {
  const hub = await startHubFixture();
  await hub.app.admin.addOperator({ username: 'office', password: 'correct horse', role: 'admin' });
  return { hub, cookie: await signIn(hub.app, 'office', 'correct horse') };
}
