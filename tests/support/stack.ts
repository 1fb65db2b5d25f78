/**
 * A whole Yizhan on one machine for a test: a broker (the embedded aedes, or a URL such as the
 * machine's Mosquitto), a hub and one station agent, each with its own SQLite file in a temp folder.
 * Ids and device topics are unique per stack, so tests can share one real Mosquitto.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, dashboardDistDir, type HubApp, type HubDeps, parseHubConfig } from '@yizhan/hub';
import { kioskDistDir } from '@yizhan/kiosk-ui';
import {
  type Agent,
  buildAgent,
  type EmbeddedBroker,
  parseAgentConfig,
  startEmbeddedBroker,
} from '@yizhan/station-agent';
import Database from 'better-sqlite3';
import { waitFor } from './wait.ts';

export const MOSQUITTO_URL = 'mqtt://127.0.0.1:1883';

export interface Stack {
  stationId: string;
  brokerUrl: string;
  hub: HubApp;
  hubUrl: string;
  agent: Agent;
  kioskUrl: string;
  /** Shifts the hub's clock, e.g. to issue a code that has already expired. */
  hubClockOffsetMs: number;
  /** Device topics of this stack's station (unique per stack). */
  topics: { microwave: string; pir: string; lock: string };
  operatorCookie(): Promise<string>;
  /** Reads the hub's file on a read-only connection of its own, as an outside observer. */
  hubRows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
  close(): Promise<void>;
}

export async function startStack(
  options: {
    brokerUrl?: string;
    syncIntervalSeconds?: number;
    /** The station config's `kiosk:` section (joinUnionUrl, idleSeconds, nightMode). */
    kiosk?: Record<string, unknown>;
    /** More of the station config's `door:` section (lockAnswer, heldOpenSeconds) beside the Tasmota lock. */
    door?: Record<string, unknown>;
    /** The station config's `visits:` section (e.g. walkInsPerMinute). */
    visits?: Record<string, unknown>;
    /** Where the hub logs to (pino options); by default it logs nothing. */
    hubLogger?: HubDeps['logger'];
    /** More devices beside the microwave and the rest-area PIR. */
    devices?: unknown[];
    /** Serve the built dashboard from the hub. */
    dashboard?: boolean;
    /** More of the hub's config (e.g. its `injuries:` section). */
    hubConfig?: Record<string, unknown>;
  } = {},
): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'yz-stack-'));
  const suffix = Math.random().toString(36).slice(2, 8);
  const stationId = `e2e-${suffix}`;
  const topics = {
    microwave: `${stationId}_microwave_plug`,
    pir: `zigbee2mqtt/${stationId}_rest_pir`,
    lock: `${stationId}_door`,
  };

  let broker: EmbeddedBroker | undefined;
  let brokerUrl = options.brokerUrl;
  if (!brokerUrl) {
    broker = await startEmbeddedBroker({ port: 0 });
    brokerUrl = broker.url;
  }

  const clock = { offset: 0 };
  const hub = await buildHub(
    parseHubConfig({ database: join(dir, 'hub.db'), listen: { port: 0 }, ...options.hubConfig }),
    {
      clock: () => Date.now() + clock.offset,
      logger: options.hubLogger,
      ...(options.dashboard ? { dashboardDir: dashboardDistDir } : {}),
    },
  );
  await hub.listen({ host: '127.0.0.1', port: 0 });
  const hubUrl = `http://127.0.0.1:${(hub.server.address() as { port: number }).port}`;
  const { token } = await hub.admin.ensureStation({
    id: stationId,
    name: '三胞广场工会驿站',
    district: '泉山区',
    capacity: 20,
  });
  await hub.admin.ensureOperator({ username: 'office', password: 'office-password', role: 'admin' });

  const { agent, kioskUrl } = await startStackAgent({
    stationId,
    hubUrl,
    token,
    brokerUrl,
    dir,
    topics,
    syncIntervalSeconds: options.syncIntervalSeconds,
    door: options.door,
    visits: options.visits,
    kiosk: options.kiosk,
    devices: options.devices,
  });
  // The first sync brings the bundle with the member-code keys; scans are refused until then.
  await waitFor(() => agent.bundle.current(), { what: 'the first bundle from the hub' });

  return {
    get hubClockOffsetMs() {
      return clock.offset;
    },
    set hubClockOffsetMs(ms: number) {
      clock.offset = ms;
    },
    stationId,
    brokerUrl,
    hub,
    hubUrl,
    agent,
    kioskUrl,
    topics,
    async operatorCookie() {
      const res = await fetch(`${hubUrl}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'office', password: 'office-password' }),
      });
      if (res.status !== 200) throw new Error(`operator login failed: ${res.status} ${await res.text()}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    },
    hubRows<T>(sql: string, ...params: unknown[]) {
      const db = new Database(join(dir, 'hub.db'), { readonly: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    },
    async close() {
      await agent.close();
      await hub.close();
      await broker?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The stack's station agent against any hub (a test's own cluster, say): built, listening and started. */
export async function startStackAgent(options: {
  stationId: string;
  hubUrl: string;
  token: string;
  brokerUrl: string;
  dir: string;
  topics: Stack['topics'];
  syncIntervalSeconds?: number;
  door?: Record<string, unknown>;
  visits?: Record<string, unknown>;
  kiosk?: Record<string, unknown>;
  /** More of the config's `hub:` section (e.g. phoneUrl). */
  hub?: Record<string, unknown>;
  /** More devices beside the microwave and the rest-area PIR. */
  devices?: unknown[];
}): Promise<{ agent: Agent; kioskUrl: string }> {
  const { stationId, hubUrl, token, brokerUrl, dir, topics } = options;
  const config = parseAgentConfig(
    {
      station: { id: stationId, name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
      hub: { url: hubUrl, token, syncIntervalSeconds: options.syncIntervalSeconds ?? 0.2, ...options.hub },
      mqtt: { url: brokerUrl },
      http: { port: 0 },
      dataDir: join(dir, `station-${stationId}`),
      door: { lock: { format: 'tasmota', topic: topics.lock, openSeconds: 5 }, ...options.door },
      devices: [
        {
          id: 'microwave',
          kind: 'appliance',
          label: { zh: '微波炉', en: 'Microwave' },
          source: { format: 'tasmota', topic: topics.microwave },
          inUse: { aboveWatts: 50, belowWatts: 10, forSeconds: 1 },
        },
        { id: 'rest-area', kind: 'presence', source: { format: 'zigbee2mqtt', topic: topics.pir } },
        ...(options.devices ?? []),
      ],
      services: ['water', 'microwave', 'rest'],
      visits: options.visits,
      kiosk: options.kiosk,
    },
    dir,
  );
  const agent = await buildAgent(config, { kioskDir: kioskDistDir });
  await agent.http.listen({ host: '127.0.0.1', port: 0 });
  const kioskUrl = `http://127.0.0.1:${(agent.http.server.address() as { port: number }).port}`;
  await agent.start();
  return { agent, kioskUrl };
}
