/**
 * The union office's world for the browser tests, on the demo's plan: a hub serving the dashboard with the demo's
 * stations, schedules and notice (examples/hub-demo-data.ts), two real station agents (三胞广场 and 淮海路, with
 * labelled devices on an embedded broker, syncing every 0.2 s), a device client to play their sensors, and the
 * other stations played over the hub's sync API with a month of history. Each world has its own files and ports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, dashboardDistDir, type HubApp, type HubDeps, parseHubConfig } from '@yizhan/hub';
import { kioskDistDir } from '@yizhan/kiosk-ui';
import { type OutboxEvent, WORKER_CATEGORIES } from '@yizhan/shared';
import {
  type Agent,
  buildAgent,
  type EmbeddedBroker,
  parseAgentConfig,
  startEmbeddedBroker,
} from '@yizhan/station-agent';
import { MORE_STATIONS, seedHubDemo } from '../../examples/hub-demo-data.ts';
import { MqttProbe } from './mqtt-probe.ts';
import { waitFor } from './wait.ts';

export const OFFICE = { username: 'office', password: 'office-password', role: 'admin' } as const;

/** The two stations with agents, as the demo runs them, each with labelled devices. */
export const AGENT_STATIONS = [
  {
    id: 'quanshan-sanbao',
    name: '三胞广场工会驿站',
    district: '泉山区',
    capacity: 20,
    lat: 34.261,
    lng: 117.186,
    prefix: 'sanbao',
  },
  {
    id: 'gulou-huaihai',
    name: '淮海路工会驿站',
    district: '鼓楼区',
    capacity: 16,
    lat: 34.2655,
    lng: 117.1946,
    prefix: 'huaihai',
  },
] as const;

export interface OfficeWorld {
  hub: HubApp;
  url: string;
  broker: EmbeddedBroker;
  devices: MqttProbe;
  agents: Map<string, { agent: Agent; kioskUrl: string; topics: ReturnType<typeof topicsOf> }>;
  /** Tokens of the stations played over HTTP (every one without an agent). */
  tokens: Map<string, string>;
  clock: { offset: number };
  /** A played station's outbox events, numbered in one epoch, through POST /api/v1/sync. */
  stationSends(id: string, events: { type: string; at?: number; body: object }[]): Promise<void>;
  operatorCookie(): Promise<string>;
  /** Stops the hub and starts it again on the same port and database, as a restart on the machine would. */
  restartHub(): Promise<void>;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: () => Promise<unknown> }>;
  close(): Promise<void>;
}

/** Signs the office's operator in on a page of the dashboard and waits for the fleet. */
export async function signIn(page: import('playwright-core').Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('用户名').fill(OFFICE.username);
  await page.getByLabel('密码').fill(OFFICE.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('tr[data-station]').first().waitFor();
}

export const topicsOf = (prefix: string) => ({
  microwave: `${prefix}_microwave_plug`,
  fridge: `zigbee2mqtt/${prefix}_fridge_sensor`,
  pir: `zigbee2mqtt/${prefix}_rest_pir`,
  door: `zigbee2mqtt/${prefix}_door_contact`,
  lock: `${prefix}_door_relay`,
});

export async function startOfficeWorld(
  options: { offlineAfterSeconds?: number; hub?: Record<string, unknown>; hubDeps?: HubDeps } = {},
): Promise<OfficeWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'yz-office-'));
  const broker = await startEmbeddedBroker({ port: 0 });
  const clock = { offset: 0 };
  const config = parseHubConfig({
    database: join(dir, 'hub.db'),
    listen: { port: 0 },
    live: { offlineAfterSeconds: options.offlineAfterSeconds ?? 60, checkSeconds: 0.2 },
    ...options.hub,
  });
  const startHub = () =>
    buildHub(config, { clock: () => Date.now() + clock.offset, dashboardDir: dashboardDistDir, ...options.hubDeps });
  let hub = await startHub();
  await hub.listen({ host: '127.0.0.1', port: 0 });
  const port = (hub.server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  await hub.admin.ensureOperator(OFFICE);
  const agentTokens = new Map<string, string>();
  for (const s of AGENT_STATIONS) {
    const { prefix: _prefix, ...profile } = s;
    agentTokens.set(s.id, (await hub.admin.ensureStation(profile)).token);
  }
  await seedHubDemo(hub, OFFICE);
  const tokens = new Map<string, string>();
  for (const s of MORE_STATIONS) tokens.set(s.id, (await hub.admin.ensureStation(s)).token);

  const devices = await MqttProbe.connect(broker.url);
  const agents: OfficeWorld['agents'] = new Map();
  for (const s of AGENT_STATIONS) {
    const topics = topicsOf(s.prefix);
    const config = parseAgentConfig(
      {
        station: { id: s.id, name: s.name, district: s.district, capacity: s.capacity },
        // A second's bundle checks: the office's replies and events reach the kiosk while the test watches.
        hub: { url, token: agentTokens.get(s.id), syncIntervalSeconds: 0.2, bundleIntervalSeconds: 1 },
        mqtt: { url: broker.url },
        http: { port: 0 },
        dataDir: join(dir, s.id),
        door: { lock: { format: 'tasmota', topic: topics.lock, openSeconds: 5 } },
        devices: [
          {
            id: 'microwave',
            kind: 'appliance',
            label: { zh: '微波炉', en: 'Microwave' },
            source: { format: 'tasmota', topic: topics.microwave },
            inUse: { aboveWatts: 50, belowWatts: 10, forSeconds: 1 },
          },
          {
            id: 'fridge',
            kind: 'fridge',
            label: { zh: '冰箱', en: 'Fridge' },
            source: { format: 'zigbee2mqtt', topic: topics.fridge },
            alarm: { aboveCelsius: 8, forMinutes: 1 },
          },
          {
            id: 'rest-area',
            kind: 'presence',
            label: { zh: '休息区', en: 'Rest area' },
            source: { format: 'zigbee2mqtt', topic: topics.pir },
          },
          {
            id: 'door-contact',
            kind: 'door',
            label: { zh: '北门门磁', en: 'North door contact' },
            source: { format: 'zigbee2mqtt', topic: topics.door },
          },
        ],
        services: ['water', 'microwave', 'fridge', 'rest', 'charging'],
      },
      dir,
    );
    const agent = await buildAgent(config, { kioskDir: kioskDistDir });
    await agent.http.listen({ host: '127.0.0.1', port: 0 });
    await agent.start();
    const kioskUrl = `http://127.0.0.1:${(agent.http.server.address() as { port: number }).port}`;
    agents.set(s.id, { agent, kioskUrl, topics });
    await waitFor(() => agent.bundle.current(), { what: `the first bundle of ${s.id}` });
  }

  const seqs = new Map<string, number>();
  const stationSends: OfficeWorld['stationSends'] = async (id, events) => {
    const epoch = `epoch-${id}`;
    const batch = events.map((e) => {
      const seq = (seqs.get(id) ?? 0) + 1;
      seqs.set(id, seq);
      return { epoch, seq, type: e.type, at: new Date(e.at ?? Date.now() + clock.offset).toISOString(), body: e.body };
    }) as OutboxEvent[];
    const res = await fetch(`${url}/api/v1/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(id)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ epoch, events: batch }),
    });
    if (res.status !== 200) throw new Error(`sync of ${id}: ${res.status} ${await res.text()}`);
  };
  await seedMonth(stationSends);

  let cookie: string | undefined;
  const operatorCookie = async () => {
    if (cookie) return cookie;
    const res = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: OFFICE.username, password: OFFICE.password }),
    });
    if (res.status !== 200) throw new Error(`operator login failed: ${res.status}`);
    cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    return cookie;
  };

  return {
    get hub() {
      return hub;
    },
    url,
    broker,
    devices,
    agents,
    tokens,
    clock,
    stationSends,
    operatorCookie,
    async api(method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          cookie: await operatorCookie(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: () => res.json() };
    },
    async restartHub() {
      await hub.close();
      hub = await startHub();
      await hub.listen({ host: '127.0.0.1', port });
    },
    async close() {
      await devices.close();
      for (const { agent } of agents.values()) await agent.close();
      await hub.close();
      await broker.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Thirty days of visits, appliance use and occupancy at played stations, so charts and trends have data. */
export async function seedMonth(
  stationSends: OfficeWorld['stationSends'],
  stations: readonly { id: string; capacity: number }[] = MORE_STATIONS,
): Promise<void> {
  let n = 0;
  for (const [s, station] of stations.entries()) {
    const events: { type: string; at: number; body: object }[] = [];
    for (let d = 29; d >= 0; d--) {
      const visits = 20 + ((d * 7 + s * 13) % 30);
      for (let i = 0; i < visits; i++) {
        const at = Date.now() - d * 86_400_000 - ((i * 2_357_000) % 72_000_000) - 60_000;
        const category = WORKER_CATEGORIES[(i + d + s) % (i % 3 === 0 ? 2 : 6)]!;
        n++;
        events.push({
          type: 'visit.started',
          at,
          body:
            i % 3 === 0
              ? { visitId: `v${n}`, method: 'walk-in', category }
              : { visitId: `v${n}`, method: 'code', category, member: `m_${i % 40}` },
        });
      }
      const noon = Date.now() - d * 86_400_000 - 3_600_000;
      events.push({
        type: 'appliance.session',
        at: noon,
        body: {
          device: 'microwave',
          startedAt: new Date(noon - 120_000).toISOString(),
          endedAt: new Date(noon).toISOString(),
          seconds: 120,
        },
      });
      events.push({
        type: 'occupancy.sample',
        at: noon,
        body: { inside: 2 + ((d + s) % 7), capacity: station.capacity },
      });
    }
    events.sort((a, b) => a.at - b.at);
    for (let i = 0; i < events.length; i += 500) await stationSends(station.id, events.slice(i, i + 500));
    await stationSends(station.id, [{ type: 'occupancy.sample', body: { inside: 3 + s, capacity: station.capacity } }]);
  }
}
