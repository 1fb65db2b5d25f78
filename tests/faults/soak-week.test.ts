/**
 * Soak (`pnpm test:faults`): seven simulated days through one agent on a fake clock. Four devices
 * report every simulated minute through the real broker, a worker arrives every five minutes, and the
 * outbox syncs to the hub. Each simulated day we sample memory and the database's size: raw readings
 * are pruned after their retention and minute rollups are folded into hourly ones after two days, so the
 * database's growth levels off, the WAL stays under its size limit, and the heap stays flat.
 *
 * The readings' pruning runs on a real one-minute timer in production; here it is called once per
 * simulated hour, sixty times less often than it would run.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, type HubApp, parseHubConfig } from '@yizhan/hub';
import { WORKER_CATEGORIES } from '@yizhan/shared';
import { tasmota, zigbee2mqtt } from '@yizhan/simulator';
import {
  type Agent,
  buildAgent,
  type EmbeddedBroker,
  parseAgentConfig,
  startEmbeddedBroker,
} from '@yizhan/station-agent';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, expect, it } from 'vitest';
import { alarmsAgainstHistory, integrityBreaks } from '../support/invariants.ts';
import { waitFor } from '../support/wait.ts';

const MINUTE = 60_000;
const DAYS = 7;
let simNow = Date.parse('2026-12-01T00:00:00+08:00');
const now = () => simNow;

let dir: string;
let broker: EmbeddedBroker;
let hub: HubApp;
let agent: Agent;
let client: MqttClient;

afterAll(async () => {
  await client?.endAsync();
  await agent?.close();
  await hub?.close();
  await broker?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const fileSize = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

it('keeps memory, database and WAL bounded over seven simulated days', async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-soak-'));
  broker = await startEmbeddedBroker({ port: 0 });
  hub = await buildHub(parseHubConfig({ database: join(dir, 'hub.db'), listen: { port: 0 } }), { clock: now });
  await hub.listen({ host: '127.0.0.1', port: 0 });
  const { token } = await hub.admin.ensureStation({
    id: 'soak-station',
    name: '三胞广场工会驿站',
    district: '泉山区',
    capacity: 20,
  });
  const config = parseAgentConfig(
    {
      station: { id: 'soak-station', name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
      hub: {
        url: `http://127.0.0.1:${(hub.server.address() as { port: number }).port}`,
        token,
        syncIntervalSeconds: 0.2,
      },
      mqtt: { url: broker.url },
      http: { port: 0 },
      dataDir: join(dir, 'station'),
      retention: { rawHours: 24, maxRawRows: 200_000, minuteRollupDays: 2, rollupDays: 30 },
      devices: [
        {
          id: 'microwave',
          kind: 'appliance',
          source: { format: 'tasmota', topic: 'soak_microwave' },
          inUse: { aboveWatts: 50, belowWatts: 10, forSeconds: 10 },
        },
        {
          id: 'water',
          kind: 'appliance',
          source: { format: 'tasmota', topic: 'soak_water' },
          inUse: { aboveWatts: 300, belowWatts: 30, forSeconds: 20 },
        },
        { id: 'rest-area', kind: 'presence', source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/soak_pir' } },
        {
          id: 'fridge',
          kind: 'fridge',
          source: { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/soak_fridge' },
          alarm: { aboveCelsius: 8, forMinutes: 10 },
        },
      ],
    },
    dir,
  );
  agent = await buildAgent(config, { now });
  await agent.start();
  await waitFor(() => agent.bundle.current(), { what: 'the first bundle' });
  client = await mqtt.connectAsync(broker.url, { clientId: 'soak-devices' });

  const stationDb = join(dir, 'station', 'station.db');
  const samples: {
    day: number;
    heapMB: number;
    dbMB: number;
    walMB: number;
    rawRows: number;
    minuteRollups: number;
    hourlyRollups: number;
  }[] = [];
  let energy = 100;
  const fridgeHistory: { at: number; value: number }[] = [];
  let arrivals = 0;
  for (let day = 0; day < DAYS; day++) {
    for (let minute = 0; minute < 1440; minute++) {
      simNow += MINUTE;
      const at = new Date(simNow);
      // Lunch and dinner rushes keep the microwave busy; the water heater cycles every half hour.
      const rush = (minute >= 690 && minute < 780) || (minute >= 1050 && minute < 1140);
      const microwaveW = rush && minute % 4 !== 0 ? 950 : 0.6;
      const waterW = minute % 30 < 6 ? 480 : 2;
      // The fridge door is left open for 40 minutes every afternoon; a 5-minute spike at night must not alarm.
      const fridgeC =
        minute >= 800 && minute < 840 ? 12 : minute >= 1000 && minute < 1005 ? 9.5 : 4 + (minute % 11) / 10;
      fridgeHistory.push({ at: simNow, value: fridgeC });
      energy += (microwaveW + waterW) / 60_000;
      const batch = [
        tasmota.sensor('soak_microwave', at, { powerW: microwaveW, energyKWh: energy }),
        tasmota.sensor('soak_water', at, { powerW: waterW, energyKWh: energy }),
        zigbee2mqtt.state('zigbee2mqtt/soak_pir', { occupancy: minute % 7 !== 0, battery: 90 }),
        zigbee2mqtt.state('zigbee2mqtt/soak_fridge', { temperature: fridgeC, humidity: 50, battery: 88 }),
      ];
      for (const p of batch.slice(0, -1)) client.publish(p.topic, p.payload, { qos: 0 });
      await client.publishAsync(batch.at(-1)!.topic, batch.at(-1)!.payload, { qos: 1 });
      // The clock moves on only once the agent has read the minute (the fridge's message comes last).
      const stamp = at.toISOString();
      await waitFor(() => agent.devices.get('fridge')?.updatedAt === stamp, { intervalMs: 1, what: `minute ${stamp}` });
      if (minute % 5 === 0) {
        arrivals++;
        const category = WORKER_CATEGORIES[arrivals % WORKER_CATEGORIES.length]!;
        const result =
          arrivals % 3 === 0
            ? agent.door.walkIn(category)
            : await agent.door.scan(await hub.admin.issueMemberCode({ member: `soak-${arrivals}`, category }));
        expect(result.ok).toBe(true);
      }
      if (minute % 60 === 59) await agent.readings.prune();
    }
    agent.readings.flush();
    if (!globalThis.gc) throw new Error('run with --expose-gc (vitest.faults.config.ts does)');
    globalThis.gc();
    const raw = agent.db.prepare('SELECT count(*) AS n FROM readings').get() as { n: number };
    samples.push({
      day: day + 1,
      heapMB: process.memoryUsage().heapUsed / 2 ** 20,
      dbMB: fileSize(stationDb) / 2 ** 20,
      walMB: fileSize(`${stationDb}-wal`) / 2 ** 20,
      rawRows: raw.n,
      minuteRollups: agent.db.prepare('SELECT count(*) FROM reading_rollups').pluck().get() as number,
      hourlyRollups: agent.db.prepare('SELECT count(*) FROM reading_rollups_hourly').pluck().get() as number,
    });
  }
  console.table(samples);
  console.table(
    agent.db.prepare('SELECT name, sum(pgsize) / 1024 AS kb FROM dbstat GROUP BY name ORDER BY kb DESC LIMIT 8').all(),
  );

  await waitFor(() => agent.outbox.pendingCount() === 0, { timeoutMs: 30_000, what: 'the outbox to drain' });
  const visits = (agent.db.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n;
  expect(visits).toBe(arrivals);
  // Raw readings never exceed a retention window's worth (24 h of four devices a minute) plus one
  // pruning interval's.
  for (const sample of samples) expect(sample.rawRows).toBeLessThanOrEqual(4 * 1440 + 4 * 60);
  const [, , third, , , , seventh] = samples;
  // Minute rollups hold two days (plus the hour being folded) from the third day on; older ones are hourly.
  const [first, second, , fourth, , , last] = samples;
  for (const s of samples.slice(2)) expect(s.minuteRollups).toBeLessThanOrEqual(second!.minuteRollups * 1.05);
  expect(last!.hourlyRollups).toBeGreaterThan(0);
  // Five folded days as hourly rows: a sixtieth of their minutes (here under a fortieth of the first day's).
  expect(last!.hourlyRollups / 5).toBeLessThan(first!.minuteRollups / 40);
  // So the database grows fast for the first two days and slowly after (visits, hourly rollups).
  const early = (second!.dbMB - first!.dbMB) / 1;
  const late = (last!.dbMB - fourth!.dbMB) / 3;
  expect(late).toBeLessThan(early * 0.5);
  console.log(`database growth ${early.toFixed(2)} MB/day in the first days, ${late.toFixed(2)} MB/day after`);
  // The WAL is cut back after checkpoints.
  for (const s of samples) expect(s.walMB).toBeLessThan(16);
  // The heap, sampled after a full collection, is flat once warm.
  expect(seventh!.heapMB).toBeLessThan(third!.heapMB * 1.25);
  expect(integrityBreaks(stationDb)).toEqual([]);

  // One fridge alarm a day, raised after ten warm minutes and cleared when it is cold again.
  const alarms = (
    agent.db
      .prepare("SELECT raised_at, cleared_at FROM alarms WHERE rule = 'fridge-too-warm' ORDER BY raised_at")
      .all() as { raised_at: string; cleared_at: string | null }[]
  ).map((a) => ({ raisedAt: Date.parse(a.raised_at), clearedAt: a.cleared_at ? Date.parse(a.cleared_at) : null }));
  expect(alarms).toHaveLength(DAYS);
  const rule = { above: 8, forMs: 10 * MINUTE, clearAt: 7, clearForMs: 60_000 };
  expect(alarmsAgainstHistory(fridgeHistory, alarms, rule, MINUTE)).toEqual([]);
});
