/**
 * national-day: the whole country's stations on one PostgreSQL behind two hub processes, and one day of
 * theirs compressed into minutes. 186,000 stations across 34 provinces, their cities and districts;
 * 2,310,000 visits in the national mix of worker categories, each with its end, hourly occupancy samples
 * and appliance sessions, sent as the stations' outbox batches over HTTP. While the day is sent, and again
 * after it, the office reads the overview of a district with a page of its stations, and the totals of the
 * country, a province and a city. Afterwards every visit is checked: none lost, none counted twice.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHubAdmin, systemClock } from '@yizhan/hub';
import { localDayOf, type OutboxEvent, type WorkerCategory, zoneClock } from '@yizhan/shared';
import { openPostgresHubStore } from '../hub/src/postgres/hub-store.ts';
import { clusterHubs } from '../tests/support/hub-cluster.ts';
import { freshSchema } from '../tests/support/postgres.ts';
import { percentile, writeResult } from './results.ts';

// A smaller country for a quick look: `YIZHAN_NATIONAL_SCALE=0.01 pnpm bench national-day`.
const SCALE = Number(process.env.YIZHAN_NATIONAL_SCALE ?? 1);
const STATIONS = Math.round(186_000 * SCALE);
const VISITS = Math.round(2_310_000 * SCALE);
const PROVINCES = [
  '北京',
  '天津',
  '河北',
  '山西',
  '内蒙古',
  '辽宁',
  '吉林',
  '黑龙江',
  '上海',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '广西',
  '海南',
  '重庆',
  '四川',
  '贵州',
  '云南',
  '西藏',
  '陕西',
  '甘肃',
  '青海',
  '宁夏',
  '新疆',
  '香港',
  '澳门',
  '台湾',
];
const CITIES_PER_PROVINCE = 10;
const DISTRICTS_PER_CITY = 8;
/** The national mix of who comes in (riders first, as the unions report). */
const MIX: [WorkerCategory, number][] = [
  ['rider', 0.38],
  ['courier', 0.24],
  ['driver', 0.14],
  ['sanitation', 0.12],
  ['construction', 0.07],
  ['other', 0.05],
];
/** Batches in flight at once across both hubs. */
const IN_FLIGHT = 16;
const ZONE = 'Asia/Shanghai';

interface Area {
  province: string;
  city: string;
  district: string;
}
const areas: Area[] = PROVINCES.flatMap((province) =>
  Array.from({ length: CITIES_PER_PROVINCE }, (_, c) =>
    Array.from({ length: DISTRICTS_PER_CITY }, (_, d) => ({
      province,
      city: `${province}${c + 1}市`,
      district: `${province}${c + 1}市${d + 1}区`,
    })),
  ).flat(),
);
// Neighbouring stations are in different districts, so registering and syncing them at once rarely meets
// on one area's row.
const areaOf = (station: number) => areas[station % areas.length]!;
const tokenOf = (station: number) => `yzst_national-${station}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** One station's day as its outbox holds it, in time order; `visits` visits with their ends and sessions. */
function stationDay(station: number, visits: number, dayStart: number): OutboxEvent[] {
  const epoch = `national-${station}`;
  const timed: { at: number; type: OutboxEvent['type']; body: unknown }[] = [];
  for (let h = 0; h < 24; h++) {
    timed.push({
      at: dayStart + h * 3_600_000 + 59 * 60_000,
      type: 'occupancy.sample',
      body: { inside: (station + h) % 21, capacity: 20 },
    });
  }
  for (let v = 0; v < visits; v++) {
    // 06:00 to 23:00, spread by a hash of the station and visit: the evening peak is the day's end.
    const start = dayStart + 6 * 3_600_000 + ((station * 7919 + v * 104_729) % (17 * 3_600_000));
    const category = categoryAt(((station * 31 + v * 17) % 1000) / 1000);
    const visitId = `n${station}-${v}`;
    const stay = (20 + ((station + v) % 40)) * 60_000;
    timed.push({
      at: start,
      type: 'visit.started',
      body: {
        visitId,
        category,
        method: v % 3 === 0 ? 'walk-in' : 'code',
        ...(v % 3 === 0 ? {} : { member: `m_${station}_${v % 5}` }),
      },
    });
    timed.push({ at: start + stay, type: 'visit.ended', body: { visitId, reason: 'exit-scan' } });
    if (v % 3 === 1) {
      const used = new Date(start + 5 * 60_000).toISOString();
      timed.push({
        at: start + 8 * 60_000,
        type: 'appliance.session',
        body: {
          device: 'microwave',
          startedAt: used,
          endedAt: new Date(start + 8 * 60_000).toISOString(),
          seconds: 180,
        },
      });
    }
  }
  timed.sort((a, b) => a.at - b.at);
  return timed.map(
    (t, i) => ({ epoch, seq: i + 1, type: t.type, at: new Date(t.at).toISOString(), body: t.body }) as OutboxEvent,
  );
}

/** The category whose share of the mix covers `pick` (0 to 1). */
function categoryAt(pick: number): WorkerCategory {
  let sum = 0;
  for (const [category, share] of MIX) {
    sum += share;
    if (pick < sum) return category;
  }
  return 'other';
}

const visitsOf = (station: number) => Math.floor(VISITS / STATIONS) + (station < VISITS % STATIONS ? 1 : 0);

const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-national-'));
const schema = await freshSchema('yz_national');
const benchStarted = performance.now();
try {
  // The day is today in the hub's zone, so the office's "today" totals are this day's.
  const today = localDayOf(ZONE)(Date.now());
  const dayStart = zoneClock(ZONE).toInstant(Date.parse(`${today}T00:00:00.000Z`));

  // Registration goes through the store, so the kept area totals count every station.
  const store = await openPostgresHubStore({ url: schema.url, poolSize: 16 });
  const registered = performance.now();
  let next = 0;
  const at = new Date().toISOString();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < STATIONS) {
        const i = next++;
        const area = areaOf(i);
        await store.stations.insert(
          { id: `st-${i}`, name: `驿站${i}`, ...area, capacity: 20, address: null, lat: null, lng: null },
          sha256(tokenOf(i)),
          at,
        );
      }
    }),
  );
  const registrationSeconds = (performance.now() - registered) / 1000;
  await createHubAdmin(store, systemClock).addOperator({
    username: 'office',
    password: 'national-office',
    role: 'admin',
  });
  await store.close();
  console.log(`registered ${STATIONS} stations in ${registrationSeconds.toFixed(1)} s`);

  const hubs = await clusterHubs(dir, schema.url, 2, { offlineAfterSeconds: 86_400, checkSeconds: 30 }, 10);
  for (const hub of hubs) hub.process.start();
  try {
    await Promise.all(hubs.map((hub) => hub.ready(120_000)));
    const signIn = await fetch(`${hubs[0]!.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'office', password: 'national-office' }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const read = async (path: string) => {
      const started = performance.now();
      const res = await fetch(`${hubs[1]!.url}${path}`, { headers: { cookie } });
      if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      return performance.now() - started;
    };
    const overviewMs: number[] = [];
    const totalsMs: number[] = [];
    let reads = 0;
    const officeLooks = async () => {
      const area = areas[reads++ % areas.length]!;
      const district = encodeURIComponent(area.district);
      overviewMs.push(await read(`/api/v1/overview?district=${district}`));
      overviewMs.push(await read(`/api/v1/status?district=${district}&limit=100`));
      totalsMs.push(await read('/api/v1/totals?level=country'));
      totalsMs.push(await read(`/api/v1/totals?level=province&province=${encodeURIComponent(area.province)}`));
      totalsMs.push(await read(`/api/v1/totals?level=city&city=${encodeURIComponent(area.city)}`));
    };

    let events = 0;
    let sent = 0;
    next = 0;
    const ingestStarted = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async (_, worker) => {
        while (next < STATIONS) {
          const i = next++;
          const batch = stationDay(i, visitsOf(i), dayStart);
          const res = await fetch(`${hubs[i % hubs.length]!.url}/api/v1/sync`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tokenOf(i)}`, 'content-type': 'application/json' },
            body: JSON.stringify({ epoch: batch[0]!.epoch, events: batch }),
          });
          const answer = (await res.json()) as { ackSeq?: number };
          if (!res.ok || answer.ackSeq !== batch.length)
            throw new Error(`station ${i}: ${res.status} ${JSON.stringify(answer)}`);
          events += batch.length;
          sent += 1;
          // The office looks now and then while the day comes in (one worker does the looking).
          if (worker === 0 && sent % 2000 < IN_FLIGHT) await officeLooks();
          if (sent % 20_000 < 1) console.log(`${sent} stations synced, ${events} events`);
        }
      }),
    );
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    const duringDay = { overview: overviewMs.splice(0), totals: totalsMs.splice(0) };
    for (let r = 0; r < 60; r++) await officeLooks();

    const [held] = await schema.query<{ visits: string; events: string; distinct_events: string }>(
      `SELECT (SELECT coalesce(sum(count), 0) FROM daily_visits) AS visits, (SELECT count(*) FROM events) AS events,
         (SELECT count(*) FROM (SELECT DISTINCT station_id, epoch, seq FROM events) d) AS distinct_events`,
    );
    const counted = Number(held!.visits);
    const totals = await fetch(`${hubs[0]!.url}/api/v1/totals?level=country`, { headers: { cookie } }).then((r) =>
      r.json(),
    );
    const countryToday = (totals as { areas: { todayVisits: number; stations: number }[] }).areas[0]!;
    if (countryToday.todayVisits !== counted || countryToday.stations !== STATIONS) {
      throw new Error(`the country's totals say ${JSON.stringify(countryToday)}; the hub holds ${counted} visits`);
    }
    const wallSeconds = (performance.now() - benchStarted) / 1000;
    writeResult(
      'national-day',
      {
        stations: STATIONS,
        visits: counted,
        lostVisits: Math.max(0, VISITS - counted),
        doubledVisits: Math.max(0, counted - VISITS) + (Number(held!.events) - Number(held!.distinct_events)),
        wallSeconds: Math.round(wallSeconds),
        eventsPerSec: Math.round(events / ingestSeconds),
        // The office's reads at that size, once the day is in; and while it was coming in, on the same two cores.
        overviewP99Ms: Math.round(percentile(overviewMs, 99) * 10) / 10,
        totalsP99Ms: Math.round(percentile(totalsMs, 99) * 10) / 10,
        overviewDuringDayP99Ms: Math.round(percentile(duringDay.overview, 99) * 10) / 10,
        totalsDuringDayP99Ms: Math.round(percentile(duringDay.totals, 99) * 10) / 10,
      },
      `${STATIONS} stations in ${PROVINCES.length} provinces, ${PROVINCES.length * CITIES_PER_PROVINCE} cities and ` +
        `${areas.length} districts, registered through the store in ${registrationSeconds.toFixed(0)} s. One day (${today}): ` +
        `${VISITS} visits (riders 38 %, couriers 24 %, drivers 14 %, sanitation 12 %, construction 7 %, other 5 %), ` +
        `each with its end, 24 hourly occupancy samples per station and a microwave session for every third visit: ` +
        `${events} events, one outbox batch per station, sent over HTTP to two hub processes on one PostgreSQL ` +
        `(${IN_FLIGHT} in flight) in ${ingestSeconds.toFixed(0)} s. Every batch acked to its last seq; afterwards the ` +
        `visits held equal those sent and every event is held once (count = distinct keys), and the country's ` +
        `totals say ${countryToday.todayVisits} visits today. Overview: GET /api/v1/overview?district= and ` +
        `/api/v1/status?district=&limit=100; totals: /api/v1/totals for the country, a province and a city; ` +
        `overviewP99Ms and totalsP99Ms: 60 rounds of reads once the day is in (${overviewMs.length} and ${totalsMs.length} ` +
        `reads); the *DuringDay figures: ${duringDay.overview.length} and ${duringDay.totals.length} reads while the day ` +
        'came in, when the client, both hubs and the database share the two cores flat out. The wall time includes ' +
        'registration and the checks.',
    );
  } finally {
    await Promise.all(hubs.map((hub) => hub.process.stop()));
  }
} finally {
  await schema.drop();
  rmSync(dir, { recursive: true, force: true });
}
