/**
 * A month at one station, counted twice: by the station's own visit log (a real agent's VisitLog and
 * outbox in its SQLite file) and by the hub after sync through batches that arrive late, out of order
 * and more than once. The two must agree exactly, per local day and category.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, type HubApp, parseHubConfig } from '@yizhan/hub';
import { type OutboxEvent, SCAN_REJECTIONS, WORKER_CATEGORIES } from '@yizhan/shared';
import { type Agent, buildAgent, parseAgentConfig } from '@yizhan/station-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const STATION = { id: 'month-sanbao', name: '三胞广场工会驿站', district: '泉山区', capacity: 20 };
const DAY_MS = 86_400_000;
// 2026-11-01 00:00 in Shanghai.
const MONTH_START = Date.parse('2026-10-31T16:00:00.000Z');

let dir: string;
let hub: HubApp;
let agent: Agent;
let token: string;
let cookie: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-month-'));
  hub = await buildHub(parseHubConfig({ database: join(dir, 'hub.db') }), {
    clock: () => Date.parse('2026-12-01T02:00:00Z'),
  });
  token = (await hub.admin.ensureStation(STATION)).token;
  await hub.admin.ensureOperator({ username: 'office', password: 'office-password', role: 'admin' });
  const res = await hub.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username: 'office', password: 'office-password' },
  });
  cookie = `yz_session=${res.cookies.find((c) => c.name === 'yz_session')!.value}`;
  // The agent is built (its database, visit log and outbox) but never started: no broker, no sync timer.
  agent = await buildAgent(
    parseAgentConfig(
      {
        station: STATION,
        mqtt: { url: 'mqtt://127.0.0.1:1' },
        http: { port: 0 },
        dataDir: join(dir, 'station'),
        devices: [],
      },
      dir,
    ),
  );
});

afterAll(async () => {
  await agent?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function playMonth(): void {
  const rnd = random(20261101);
  for (let d = 0; d < 30; d++) {
    const visits = 40 + Math.floor(rnd() * 60);
    for (let i = 0; i < visits; i++) {
      // Visits from 00:00 to 24:00 local, including the hours either side of UTC midnight.
      const at = new Date(MONTH_START + d * DAY_MS + Math.floor(rnd() * DAY_MS));
      const category = WORKER_CATEGORIES[Math.floor(rnd() * WORKER_CATEGORIES.length)]!;
      if (rnd() < 0.3) agent.visitLog.walkIn(category, at);
      else {
        const iat = Math.floor(at.getTime() / 1000);
        const jti = `j${d}-${i}`;
        agent.visitLog.admit(
          { kid: 'k1', sub: `m_${Math.floor(rnd() * 150)}`, cat: category, iat, exp: iat + 120, jti },
          at,
        );
      }
      if (rnd() < 0.05) agent.visitLog.reject(SCAN_REJECTIONS[Math.floor(rnd() * 4) + 5]!, at);
    }
  }
}

async function post(events: OutboxEvent[]): Promise<number> {
  const res = await hub.inject({
    method: 'POST',
    url: '/api/v1/sync',
    headers: { authorization: `Bearer ${token}` },
    payload: { epoch: agent.outbox.epoch, events },
  });
  expect(res.statusCode).toBe(200);
  return res.json().ackSeq;
}

describe('a simulated month', () => {
  it('counts at the hub exactly what the station logged, per day and category, despite chaotic delivery', async () => {
    playMonth();
    const all = agent.outbox.pending(100_000);
    expect(all.length).toBeGreaterThan(1500);

    // Batches of 300, delivered in a shuffled order, each of them twice, and a few overlapping re-sends.
    const batches: OutboxEvent[][] = [];
    for (let i = 0; i < all.length; i += 300) batches.push(all.slice(i, i + 300));
    const rnd = random(7);
    const order = [...batches, ...batches, all.slice(250, 900)].sort(() => rnd() - 0.5);
    let ack = 0;
    for (const batch of order) ack = await post(batch);
    expect(ack).toBe(all.at(-1)!.seq);
    agent.outbox.acknowledge(ack, new Date(), 7 * DAY_MS);
    expect(agent.outbox.pendingCount()).toBe(0);

    // The station's own count, by local (Shanghai) day.
    const stationSide = agent.db
      .prepare(
        `SELECT date(started_at, '+8 hours') AS period, category, method, count(*) AS count FROM visits
         GROUP BY period, category, method ORDER BY period, category, method`,
      )
      .all();
    const report = await hub.inject({
      method: 'GET',
      url: '/api/v1/reports/visits-daily?from=2026-11-01&to=2026-11-30',
      headers: { cookie },
    });
    const hubSide = report.json().rows.map(({ stationId: _, ...r }: Record<string, unknown>) => r);
    expect(hubSide).toEqual(stationSide);

    const stationRejections = agent.db
      .prepare(
        `SELECT date(at, '+8 hours') AS day, reason, count(*) AS count FROM rejected_scans
         GROUP BY day, reason ORDER BY day, reason`,
      )
      .all();
    const rejections = await hub.inject({
      method: 'GET',
      url: '/api/v1/reports/rejections?from=2026-11-01&to=2026-11-30',
      headers: { cookie },
    });
    expect(rejections.json().rows.map(({ stationId: _, ...r }: Record<string, unknown>) => r)).toEqual(
      stationRejections,
    );

    const stationMembers = agent.db
      .prepare(
        `SELECT date(started_at, '+8 hours') AS period, count(DISTINCT member) AS members FROM visits
         WHERE member IS NOT NULL GROUP BY period ORDER BY period`,
      )
      .all();
    const members = await hub.inject({
      method: 'GET',
      url: '/api/v1/reports/members-daily?from=2026-11-01&to=2026-11-30',
      headers: { cookie },
    });
    expect(members.json().rows.map(({ stationId: _, ...r }: Record<string, unknown>) => r)).toEqual(stationMembers);

    const total = (agent.db.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n;
    const month = await hub.inject({
      method: 'GET',
      url: '/api/v1/reports/visits-monthly?from=2026-11-01&to=2026-11-30',
      headers: { cookie },
    });
    expect(month.json().rows.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(total);
  });
});
