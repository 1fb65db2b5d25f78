/**
 * hub-fleet: 10,000 simulated stations, each syncing a batch of its outbox (visits, occupancy samples, a
 * heartbeat) and then a heartbeat-only sync, while the dashboard asks for the overview. Requests go through
 * Fastify's `inject` (the whole route, no TCP), one at a time as one hub process serves them. Reports the
 * p99 latency of sync and of `GET /api/v1/overview` once all stations are live; beside it, the baseline of
 * the overview on an empty fleet in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, type HubApp, parseHubConfig } from '@yizhan/hub';
import { type OutboxEvent, WORKER_CATEGORIES } from '@yizhan/shared';
import { percentile, writeResult } from './results.ts';

const STATIONS = 10_000;
const DISTRICTS = [
  '鼓楼区',
  '云龙区',
  '泉山区',
  '徐州经开区',
  '贾汪区',
  '铜山区',
  '新沂市',
  '邳州市',
  '睢宁县',
  '沛县',
  '丰县',
];
const OVERVIEW_EVERY = 50;

async function timed(run: () => Promise<{ statusCode: number; body: string }>): Promise<number> {
  const started = performance.now();
  const res = await run();
  const ms = performance.now() - started;
  if (res.statusCode !== 200) throw new Error(`request failed: ${res.statusCode} ${res.body}`);
  return ms;
}

function outboxOf(station: number, epoch: string, now: number): OutboxEvent[] {
  const events: OutboxEvent[] = [];
  for (let seq = 1; seq <= 12; seq++) {
    const at = new Date(now - (13 - seq) * 60_000).toISOString();
    if (seq <= 8) {
      const category = WORKER_CATEGORIES[(station + seq) % WORKER_CATEGORIES.length]!;
      events.push({ epoch, seq, type: 'visit.started', at, body: { visitId: `v${seq}`, method: 'walk-in', category } });
    } else if (seq <= 11) {
      events.push({ epoch, seq, type: 'occupancy.sample', at, body: { inside: (station + seq) % 15, capacity: 20 } });
    } else {
      events.push({ epoch, seq, type: 'heartbeat', at, body: { uptimeSeconds: 3600 } });
    }
  }
  if (station % 97 === 0) {
    events.push({
      epoch,
      seq: 13,
      type: 'alarm.raised',
      at: new Date(now).toISOString(),
      body: { alarmId: 'a1', rule: 'fridge-too-warm', detail: '9 °C' },
    });
  }
  return events;
}

const dir = mkdtempSync(join(tmpdir(), 'yz-bench-fleet-'));
let hub: HubApp | undefined;
try {
  hub = await buildHub(parseHubConfig({ database: join(dir, 'hub.db') }));
  await hub.admin.ensureOperator({ username: 'bench', password: 'bench-password', role: 'admin' });
  const login = await hub.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username: 'bench', password: 'bench-password' },
  });
  const cookie = `yz_session=${login.cookies.find((c) => c.name === 'yz_session')!.value}`;
  const app = hub;
  const overview = () => timed(() => app.inject({ method: 'GET', url: '/api/v1/overview', headers: { cookie } }));

  const tokens: string[] = [];
  for (let i = 0; i < STATIONS; i++) {
    tokens.push(
      (
        await hub.admin.ensureStation({
          id: `fleet-${i}`,
          name: `工会驿站${i}`,
          district: DISTRICTS[i % DISTRICTS.length]!,
          capacity: 20,
          lat: 34.2 + (i % 100) / 1000,
          lng: 117.1 + Math.floor(i / 100) / 1000,
        })
      ).token,
    );
  }
  // Baseline: the overview of the registered but silent fleet.
  const emptyOverview: number[] = [];
  for (let i = 0; i < 200; i++) emptyOverview.push(await overview());

  const sync: number[] = [];
  const liveOverview: number[] = [];
  for (const round of ['outbox', 'heartbeat'] as const) {
    for (let i = 0; i < STATIONS; i++) {
      const epoch = `fleet-epoch-${i}`;
      const now = Date.now();
      const events =
        round === 'outbox'
          ? outboxOf(i, epoch, now)
          : [
              {
                epoch,
                seq: 14,
                type: 'heartbeat',
                at: new Date(now).toISOString(),
                body: { uptimeSeconds: 3700 },
              } as OutboxEvent,
            ];
      sync.push(
        await timed(() =>
          app.inject({
            method: 'POST',
            url: '/api/v1/sync',
            headers: { authorization: `Bearer ${tokens[i]}` },
            payload: { epoch, events },
          }),
        ),
      );
      if (round === 'heartbeat' && i % OVERVIEW_EVERY === 0) liveOverview.push(await overview());
    }
  }
  for (let i = 0; i < 200; i++) liveOverview.push(await overview());
  const check = (await app.inject({ method: 'GET', url: '/api/v1/overview', headers: { cookie } })).json();
  if (check.city.stations !== STATIONS || check.city.online !== STATIONS)
    throw new Error('overview does not see the fleet');

  const metrics = {
    stations: STATIONS,
    syncP99Ms: Math.round(percentile(sync, 99) * 100) / 100,
    overviewP99Ms: Math.round(percentile(liveOverview, 99) * 100) / 100,
    emptyFleetOverviewP99Ms: Math.round(percentile(emptyOverview, 99) * 100) / 100,
    syncP50Ms: Math.round(percentile(sync, 50) * 100) / 100,
  };
  writeResult(
    'hub-fleet',
    metrics,
    `${STATIONS} stations in ${DISTRICTS.length} districts; each sends a 12–13 event outbox batch then a heartbeat ` +
      `(${sync.length} syncs); the overview is asked every ${OVERVIEW_EVERY} heartbeats and 200 times at the end ` +
      `(${liveOverview.length} samples). Fastify inject, sequential. Baseline: the same overview before any station synced.`,
  );
  console.log(metrics);
} finally {
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
}
