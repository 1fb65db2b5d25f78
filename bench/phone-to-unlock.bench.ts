/**
 * phone-to-unlock: the phone at the door with 1,000 stations on one hub's live channel.
 *
 * A hub process (SQLite) holds the live channels of 1,000 stations: the station under test is a real agent
 * process (a Mosquitto with the deploy setting set_tcp_nodelay, 20 plugs sending 1,000 msg/s of sensor
 * traffic), the other 999 run the agent's own channel client (sync/hub-channel.ts) and fetch their bundle when
 * told it changed, as agents do. Measured:
 *  - p50Ms / p99Ms: from the phone's admission request (POST /api/v1/phone/admissions) to the lock command
 *    arriving from the agent on MQTT (target p99 ≤ 150 ms); answerP99Ms: to the phone's answer.
 *  - revocationP99Ms: from a revocation committed at the hub to every connected station holding it in its
 *    bundle, over every station and round (target ≤ 2,000 ms).
 * Baselines in the same run: the door scanner's path on the same station (scanP50Ms/scanP99Ms: publish on
 * door/scan → lock command) and a bare HTTP round trip to the hub (hubRoundTripP99Ms).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, openSqliteHubStore, parseHubConfig } from '@yizhan/hub';
import { agentTopics } from '@yizhan/shared';
import { doorWindowOf, newDoorNonce, signDoorCode } from '@yizhan/shared/door-code';
import { issueMemberCode } from '@yizhan/shared/member-code';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { EventBus } from '../station-agent/src/event-bus.ts';
import { silentLog } from '../station-agent/src/log.ts';
import { HubChannel } from '../station-agent/src/sync/hub-channel.ts';
import { freePort, waitForPort } from '../tests/support/ports.ts';
import { agentProcess, hubProcess } from '../tests/support/processes.ts';
import { waitFor } from '../tests/support/wait.ts';
import { percentile, writeResult } from './results.ts';
import { sensorTraffic } from './sensor-traffic.ts';

const STATIONS = 1000;
const ADMISSIONS = 500;
const WARMUP = 50;
const SCANS = 500;
const SENSOR_RATE = 1000;
const PLUGS = 20;
const REVOCATION_ROUNDS = 5;

const round = (ms: number) => Math.round(ms * 10) / 10;
const dir = mkdtempSync(join(tmpdir(), 'yz-bench-phone-'));
const hubDb = join(dir, 'hub.db');
const id = 'bench-sanbao';
const lockTopic = `${id}_door`;
const plugs = Array.from({ length: PLUGS }, (_, i) => `${id}_plug_${i}`);

// The broker as deployed (set_tcp_nodelay), on a port of its own.
const mqttPort = await freePort();
writeFileSync(
  join(dir, 'mosquitto.conf'),
  `listener ${mqttPort} 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n`,
);
const mosquitto = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
await waitForPort(mqttPort);
const broker = `mqtt://127.0.0.1:${mqttPort}`;

// The registry, made on the hub's file before the hub process starts.
const tokens = new Map<string, string>();
{
  const setup = await buildHub(parseHubConfig({ database: hubDb }));
  for (let i = 0; i < STATIONS; i++) {
    const stationId = i === 0 ? id : `bench-station-${i}`;
    const { token } = await setup.admin.ensureStation({
      id: stationId,
      name: `驿站 ${i}`,
      district: '泉山区',
      capacity: 20,
    });
    tokens.set(stationId, token);
  }
  await setup.close();
}
const hubPort = await freePort();
const hubUrl = `http://127.0.0.1:${hubPort}`;
writeFileSync(
  join(dir, 'hub.yaml'),
  JSON.stringify({
    listen: { host: '127.0.0.1', port: hubPort },
    database: hubDb,
    // The bench's phones all come from this one address.
    phone: { perMemberPerMinute: 1000, perAddressPerMinute: 1_000_000 },
  }),
);
let agent: ReturnType<typeof agentProcess> | undefined;
const hub = hubProcess(join(dir, 'hub.yaml'));
hub.start();
// A bench that fails half-way must not leave its hub, agent and broker running.
process.on('exit', () => {
  for (const pid of [hub.pid, agent?.pid, mosquitto.pid]) {
    try {
      if (pid !== undefined) process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});
await waitFor(
  () =>
    fetch(`${hubUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    ),
  { timeoutMs: 60_000, intervalMs: 100, what: 'the hub' },
);

// The station under test.
const agentPort = await freePort();
writeFileSync(
  join(dir, 'station.yaml'),
  JSON.stringify({
    station: { id, name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
    hub: { url: hubUrl, token: tokens.get(id), syncIntervalSeconds: 1 },
    mqtt: { url: broker },
    http: { host: '127.0.0.1', port: agentPort },
    dataDir: join(dir, 'station'),
    door: { lock: { format: 'tasmota', topic: lockTopic, openSeconds: 5 } },
    devices: plugs.map((topic, i) => ({
      id: `plug-${i}`,
      kind: 'appliance',
      source: { format: 'tasmota', topic },
      inUse: { aboveWatts: 50, belowWatts: 10, forSeconds: 10 },
    })),
  }),
);
agent = agentProcess(join(dir, 'station.yaml'));
agent.start();
const agentHealth = async () =>
  fetch(`http://127.0.0.1:${agentPort}/healthz`).then(
    (r) => r.json() as Promise<{ hubChannel?: boolean }>,
    (): { hubChannel?: boolean } => ({}),
  );
await waitFor(async () => (await agentHealth()).hubChannel === true, {
  timeoutMs: 60_000,
  intervalMs: 200,
  what: 'the agent on its channel',
});
const stationDb = join(dir, 'station', 'station.db');
const readStation = <T>(read: (db: Database.Database) => T): T => {
  const db = new Database(stationDb, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
};
await waitFor(() => readStation((db) => db.prepare('SELECT 1 FROM bundle').get()), {
  timeoutMs: 30_000,
  what: 'its bundle',
});

// 999 more stations on the channel, each with the agent's channel client and its bundle held in memory.
interface Held {
  etag: string | undefined;
  revoked: Set<string>;
}
const held = new Map<string, Held>();
let watching: { member: string; since: number; arrived: Map<string, number> } | undefined;
/**
 * Each simulated station's conditional GET, over node:http with a connection kept per station (as each agent
 * keeps its own): lighter than fetch, whose cost here would be the bench's, not the hub's.
 */
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: STATIONS });
const getBundle = (stationId: string, etag: string | undefined) =>
  new Promise<{ status: number; etag: string | undefined; body: string }>((resolve, reject) => {
    const req = http.get(
      `${hubUrl}/api/v1/stations/${stationId}/bundle`,
      {
        agent: keepAlive,
        headers: { authorization: `Bearer ${tokens.get(stationId)}`, ...(etag ? { 'if-none-match': etag } : {}) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag, body }));
      },
    );
    req.on('error', reject);
  });
const fetchBundle = async (stationId: string): Promise<void> => {
  const mine = held.get(stationId)!;
  const res = await getBundle(stationId, mine.etag);
  if (res.status === 304) return;
  // JSON only: each of these would check the bundle with zod on its own machine, not on the bench's one thread.
  const body = JSON.parse(res.body) as { revokedMembers: string[] };
  mine.etag = res.etag;
  mine.revoked = new Set(body.revokedMembers);
  const w = watching;
  if (w && mine.revoked.has(w.member) && !w.arrived.has(stationId))
    w.arrived.set(stationId, performance.now() - w.since);
};
const channels: HubChannel[] = [];
let up = 0;
for (let i = 1; i < STATIONS; i++) {
  const stationId = `bench-station-${i}`;
  held.set(stationId, { etag: undefined, revoked: new Set() });
  const bus = new EventBus();
  bus.on('hubChannel', (on) => {
    up += on ? 1 : -1;
  });
  const channel = new HubChannel({
    hub: {
      url: hubUrl,
      token: tokens.get(stationId)!,
      syncIntervalSeconds: 5,
      bundleIntervalSeconds: 60,
      batchSize: 500,
    },
    stationId,
    doorKey: randomBytes(32).toString('base64url'),
    bus,
    log: silentLog,
    handlers: {
      admit: async () => ({ ok: false, reason: 'station-unavailable' }),
      bundleChanged: () => {
        fetchBundle(stationId).catch(() => undefined);
      },
      power: async () => ({ ok: false, reason: 'unknown-device' }),
      captureScreen: async () => ({ ok: false, reason: 'no-kiosk' }),
      kioskHealth: () => ({ status: 'absent', since: new Date().toISOString() }),
    },
  });
  channels.push(channel);
  channel.start();
  // A fleet comes up over a few seconds, not all in one instant.
  if (i % 50 === 0) await new Promise((r) => setTimeout(r, 100));
}
await waitFor(() => up === STATIONS - 1, {
  timeoutMs: 120_000,
  intervalMs: 100,
  what: `${STATIONS - 1} channels (${up} up)`,
});
// Each station's sync checks its bundle at start (the channel's first welcome leaves that to the sync).
const simulated = [...held.keys()];
for (let i = 0; i < simulated.length; i += 20) await Promise.all(simulated.slice(i, i + 20).map(fetchBundle));
await waitFor(() => [...held.values()].every((h) => h.etag !== undefined), {
  timeoutMs: 60_000,
  intervalMs: 100,
  what: 'every bundle',
});
const connectedAtHub = (() => {
  const db = new Database(hubDb, { readonly: true });
  try {
    return (
      db
        .prepare(
          'SELECT count(*) AS n FROM station_channels c JOIN channel_holders h USING (holder) WHERE h.alive_until > ?',
        )
        .get(new Date().toISOString()) as { n: number }
    ).n;
  } finally {
    db.close();
  }
})();

// The measuring client, and 1,000 sensor messages a second at the station under test.
const client = await mqtt.connectAsync(broker, { clientId: `${id}-bench`, reconnectPeriod: 0 });
(client.stream as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
await client.subscribeAsync(`cmnd/${lockTopic}/POWER`, { qos: 0 });
let lockWaiter: ((at: number) => void) | undefined;
client.on('message', () => {
  const at = performance.now();
  const w = lockWaiter;
  lockWaiter = undefined;
  w?.(at);
});
const nextLock = () => new Promise<number>((resolve) => (lockWaiter = resolve));
const sensors = await mqtt.connectAsync(broker, { clientId: `${id}-sensors`, reconnectPeriod: 0 });
const background = sensorTraffic(sensors, plugs, SENSOR_RATE);
const sensorsFrom = performance.now();

// Phones registered as the phone page does, and the station's door code as its kiosk shows it.
const phones: string[] = [];
for (let i = 0; i < WARMUP + ADMISSIONS; i++) {
  const res = await fetch(`${hubUrl}/api/v1/phone/member`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ category: i % 2 ? 'rider' : 'courier', consent: true }),
  });
  phones.push(res.headers.get('set-cookie')!.split(';')[0]!);
}
const doorKey = readStation((db) => db.prepare('SELECT private_key_pem FROM door_key').pluck().get() as string);
const toUnlock: number[] = [];
const toAnswer: number[] = [];
let refused = 0;
for (let i = 0; i < phones.length; i++) {
  const code = signDoorCode(doorKey, { station: id, window: doorWindowOf(Date.now()), nonce: newDoorNonce() });
  const lock = nextLock();
  const start = performance.now();
  const res = await fetch(`${hubUrl}/api/v1/phone/admissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: phones[i]! },
    body: JSON.stringify({ code }),
  });
  const answer = (await res.json()) as { ok: boolean };
  const answeredAt = performance.now();
  if (!answer.ok) {
    refused++;
    lockWaiter = undefined;
    continue;
  }
  const unlockedAt = await lock;
  if (i >= WARMUP) {
    toUnlock.push(unlockedAt - start);
    toAnswer.push(answeredAt - start);
  }
  await new Promise((r) => setTimeout(r, 5));
}

// Baseline 1: the door scanner on the same station, same load.
const [signing] = (() => {
  const db = new Database(hubDb, { readonly: true });
  try {
    return db
      .prepare(
        'SELECT kid, private_key_pem AS privateKeyPem FROM member_keys WHERE retired_at IS NULL ORDER BY created_at DESC',
      )
      .all() as { kid: string; privateKeyPem: string }[];
  } finally {
    db.close();
  }
})();
const scans: number[] = [];
for (let i = 0; i < WARMUP + SCANS; i++) {
  const code = issueMemberCode(signing!, { sub: `m_scan_${i}`, cat: 'rider' }, Math.floor(Date.now() / 1000));
  const lock = nextLock();
  const start = performance.now();
  await client.publishAsync(agentTopics(id).doorScan, code, { qos: 0 });
  const at = await lock;
  if (i >= WARMUP) scans.push(at - start);
  await new Promise((r) => setTimeout(r, 5));
}
// Baseline 2: a bare HTTP round trip to the hub.
const pings: number[] = [];
for (let i = 0; i < 300; i++) {
  const start = performance.now();
  await (await fetch(`${hubUrl}/healthz`)).arrayBuffer();
  pings.push(performance.now() - start);
}
background.stop();
const sent = background.sent();
const sensorSeconds = (performance.now() - sensorsFrom) / 1000;

// Revocations: from the commit at the hub to every connected station holding it.
const store = openSqliteHubStore(hubDb);
const revocationDelays: number[] = [];
let missing = 0;
for (let r = 0; r < REVOCATION_ROUNDS; r++) {
  const member = `m_bench_revoked_${r}_${randomBytes(4).toString('hex')}`;
  const arrived = new Map<string, number>();
  const since = performance.now();
  watching = { member, since, arrived };
  await store.members.revoke(member, new Date().toISOString());
  // The station under test too, as its own file holds it.
  const agentArrival = waitFor(
    () =>
      readStation((db) => (db.prepare('SELECT json FROM bundle').pluck().get() as string).includes(member)) &&
      performance.now() - since,
    { timeoutMs: 10_000, intervalMs: 5, what: 'the revocation at the station under test' },
  );
  try {
    await waitFor(() => arrived.size === STATIONS - 1, {
      timeoutMs: 10_000,
      intervalMs: 5,
      what: 'the revocation everywhere',
    });
  } catch {
    missing += STATIONS - 1 - arrived.size;
  }
  revocationDelays.push(...arrived.values(), await agentArrival);
  watching = undefined;
  await new Promise((r) => setTimeout(r, 1_000));
}
await store.close();

for (const channel of channels) channel.stop();
keepAlive.destroy();
await client.endAsync();
await sensors.endAsync();
await agent.stop();
await hub.stop();
mosquitto.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });

const p99Ms = round(percentile(toUnlock, 99));
const scanP99Ms = round(percentile(scans, 99));
writeResult(
  'phone-to-unlock',
  {
    p50Ms: round(percentile(toUnlock, 50)),
    p99Ms,
    answerP50Ms: round(percentile(toAnswer, 50)),
    answerP99Ms: round(percentile(toAnswer, 99)),
    revocationP50Ms: round(percentile(revocationDelays, 50)),
    revocationP99Ms: round(percentile(revocationDelays, 99)),
    revocationMaxMs: round(Math.max(...revocationDelays)),
    revocationMissed: missing,
    scanP50Ms: round(percentile(scans, 50)),
    scanP99Ms,
    phoneOverScanP99: Math.round((p99Ms / scanP99Ms) * 100) / 100,
    hubRoundTripP50Ms: round(percentile(pings, 50)),
    hubRoundTripP99Ms: round(percentile(pings, 99)),
    stationsConnected: connectedAtHub,
    admissions: toUnlock.length,
    refused,
    sensorMsgPerSecond: Math.round(sent / sensorSeconds),
  },
  `${STATIONS} stations on one hub process's live channel (SQLite): the station under test a real agent process ` +
    `on a Mosquitto with set_tcp_nodelay and ${SENSOR_RATE} sensor msg/s; the others the agent's channel client ` +
    `in the bench's process, fetching their bundle when told it changed (JSON only: an agent's zod check of it ` +
    `runs on its own machine). Phone: POST /api/v1/phone/admissions (hub checks the door code, ` +
    `the member, the channel; signs an admission; the agent verifies it, commits visit + outbox, unlocks) to the ` +
    `lock command on MQTT, ${ADMISSIONS} sequential after ${WARMUP} warm-up. Revocation: committed at the hub ` +
    `(the store, as \`pnpm hub revoke-member\` does) to each station's bundle holding it, ${REVOCATION_ROUNDS} ` +
    `rounds × ${STATIONS} stations. Baselines: the door scanner's publish → lock command on the same station, and ` +
    `GET /healthz on the hub. Client, hub, agent and broker share the machine's cores.`,
);
