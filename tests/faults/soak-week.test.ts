/**
 * Soak (`pnpm test:faults`): seven simulated days through one agent on a fake clock. Four devices
 * report every simulated minute through the real broker, a worker arrives every five minutes, and the
 * outbox syncs to the hub. Each simulated day we sample memory and the database's size: raw readings
 * are pruned after their retention, so after the first day the database grows only by its minute
 * rollups and visits, the WAL stays under its size limit, and the heap stays flat.
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
import { integrityBreaks } from '../support/invariants.ts';
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
  const { token } = hub.admin.ensureStation({
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
      retention: { rawHours: 24, maxRawRows: 200_000, rollupDays: 30 },
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
  const samples: { day: number; heapMB: number; dbMB: number; walMB: number; rawRows: number }[] = [];
  let energy = 100;
  let arrivals = 0;
  for (let day = 0; day < DAYS; day++) {
    for (let minute = 0; minute < 1440; minute++) {
      simNow += MINUTE;
      const at = new Date(simNow);
      // Lunch and dinner rushes keep the microwave busy; the water heater cycles every half hour.
      const rush = (minute >= 690 && minute < 780) || (minute >= 1050 && minute < 1140);
      const microwaveW = rush && minute % 4 !== 0 ? 950 : 0.6;
      const waterW = minute % 30 < 6 ? 480 : 2;
      energy += (microwaveW + waterW) / 60_000;
      const batch = [
        tasmota.sensor('soak_microwave', at, { powerW: microwaveW, energyKWh: energy }),
        tasmota.sensor('soak_water', at, { powerW: waterW, energyKWh: energy }),
        zigbee2mqtt.state('zigbee2mqtt/soak_pir', { occupancy: minute % 7 !== 0, battery: 90 }),
        zigbee2mqtt.state('zigbee2mqtt/soak_fridge', {
          temperature: 4 + (minute % 11) / 10,
          humidity: 50,
          battery: 88,
        }),
      ];
      for (const p of batch.slice(0, -1)) client.publish(p.topic, p.payload, { qos: 0 });
      // The last one with QoS 1: the broker has taken the minute's messages before the clock moves on.
      await client.publishAsync(batch.at(-1)!.topic, batch.at(-1)!.payload, { qos: 1 });
      if (minute % 5 === 0) {
        arrivals++;
        const category = WORKER_CATEGORIES[arrivals % WORKER_CATEGORIES.length]!;
        const result =
          arrivals % 3 === 0
            ? agent.door.walkIn(category)
            : await agent.door.scan(hub.admin.issueMemberCode({ member: `soak-${arrivals}`, category }));
        expect(result.ok).toBe(true);
      }
      if (minute % 60 === 59) await agent.readings.prune();
    }
    agent.readings.flush();
    globalThis.gc?.();
    const raw = agent.db.prepare('SELECT count(*) AS n FROM readings').get() as { n: number };
    samples.push({
      day: day + 1,
      heapMB: process.memoryUsage().heapUsed / 2 ** 20,
      dbMB: fileSize(stationDb) / 2 ** 20,
      walMB: fileSize(`${stationDb}-wal`) / 2 ** 20,
      rawRows: raw.n,
    });
  }
  console.table(samples);
  console.table(
    agent.db.prepare('SELECT name, sum(pgsize) / 1024 AS kb FROM dbstat GROUP BY name ORDER BY kb DESC LIMIT 8').all(),
  );

  await waitFor(() => agent.outbox.pendingCount() === 0, { timeoutMs: 30_000, what: 'the outbox to drain' });
  const visits = (agent.db.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n;
  expect(visits).toBe(arrivals);
  // Raw readings stop growing once the first day has passed its retention.
  const [, , third, , , , seventh] = samples;
  expect(seventh!.rawRows).toBeLessThanOrEqual(third!.rawRows * 1.1);
  // After the first days the database grows only by rollups and visits: well under 1 MB a day.
  expect((seventh!.dbMB - third!.dbMB) / 4).toBeLessThan(1);
  // The WAL is cut back after checkpoints.
  for (const s of samples) expect(s.walMB).toBeLessThan(16);
  // The heap is flat once warm (within 25 %: a GC-free sample is noisy).
  expect(seventh!.heapMB).toBeLessThan(third!.heapMB * 1.25);
  expect(integrityBreaks(stationDb)).toEqual([]);
});
