/**
 * A hub serving more than one city: a district viewer is tied to their district in their city, so the
 * same district name elsewhere (鼓楼区 is in Xuzhou and in Nanjing) stays out of everything they read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type HubApp } from '../src/app.ts';
import { parseHubConfig } from '../src/config.ts';
import { NOON_ISH, signIn, sync, visit } from './hub-fixture.ts';

const XUZHOU = {
  id: 'gulou-huaihai',
  name: '淮海路工会驿站',
  district: '鼓楼区',
  city: '徐州市',
  province: '江苏',
  capacity: 12,
};
const NANJING = {
  id: 'gulou-zhongyang',
  name: '中央路工会驿站',
  district: '鼓楼区',
  city: '南京市',
  province: '江苏',
  capacity: 10,
};

let dir: string;
let hub: HubApp;
let viewer: string;
const get = (url: string) => hub.inject({ method: 'GET', url, headers: { cookie: viewer } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yizhan-hub-areas-'));
  hub = await buildHub(parseHubConfig({ database: 'hub.db' }, { baseDir: dir }), { clock: () => NOON_ISH });
  const tokens = [await hub.admin.addStation(XUZHOU), await hub.admin.addStation(NANJING)].map((s) => s.token);
  for (const token of tokens) await sync(hub, token, [visit(1, 'rider')]);
  await hub.admin.addOperator({
    username: 'xuzhou-gulou',
    password: 'gulou viewer',
    role: 'district-viewer',
    district: '鼓楼区',
    city: '徐州市',
    province: '江苏',
  });
  viewer = await signIn(hub, 'xuzhou-gulou', 'gulou viewer');
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a district viewer in a hub of several cities', () => {
  it('is told its city and province with its session', async () => {
    expect((await get('/api/v1/session')).json()).toMatchObject({
      district: '鼓楼区',
      city: '徐州市',
      province: '江苏',
    });
  });

  it('lists, pages and totals only its own 鼓楼区', async () => {
    expect((await get('/api/v1/stations')).json().stations.map((s: { id: string }) => s.id)).toEqual([XUZHOU.id]);
    expect((await get('/api/v1/status')).json().stations.map((s: { id: string }) => s.id)).toEqual([XUZHOU.id]);
    const totals = (await get('/api/v1/totals?level=country')).json();
    expect(totals.areas).toMatchObject([{ stations: 1, todayVisits: 1 }]);
    expect((await get('/api/v1/overview')).json().city).toMatchObject({ stations: 1, todayVisits: 1 });
  });

  it('is refused the other city’s 鼓楼区 station', async () => {
    const res = await get(`/api/v1/stations/${NANJING.id}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('YZ_ERR_FORBIDDEN_DISTRICT');
    expect((await get(`/api/v1/stations/${XUZHOU.id}`)).statusCode).toBe(200);
  });
});
