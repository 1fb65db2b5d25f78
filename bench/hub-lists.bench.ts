/**
 * hub-lists: the newest page of `GET /api/v1/alarms` and of `GET /api/v1/feedback` (the office's default
 * view, with its summary) on a hub holding 1,000,000 alarms and 1,000,000 feedback cases, beside the same
 * pages on a hub holding 1,000 of each, in one run with the requests interleaved. Both fleets are 500
 * stations over five years. Rows arrive as they do in production: raises, clears and reports through the
 * sync store's ingest (one batch per station), acknowledgements and case work through the store's own
 * methods, in store transactions. Requests go through Fastify's `inject` with an admin session, one at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, type HubApp, type HubStore, openSqliteHubStore, parseHubConfig } from '@yizhan/hub';
import { FEEDBACK_CATEGORIES, localHourOf, type OutboxEvent } from '@yizhan/shared';
import { percentile, writeResult } from './results.ts';

const STATIONS = 500;
const LARGE = 1_000_000;
const SMALL = 1_000;
const YEARS = 5;
const SAMPLES = 400;
const SIDE_SAMPLES = 100;
// Xuzhou's districts, county-level cities and counties.
const DISTRICTS = '鼓楼区 云龙区 泉山区 徐州经开区 贾汪区 铜山区 新沂市 邳州市 睢宁县 沛县'.split(' ');
const RULES = ['fridge-too-warm', 'door-held-open', 'device-offline', 'over-capacity', 'water-dispenser-fault'];
const STATUS_ROUTE = ['assessing', 'assigned', 'follow-up'] as const;
const END = Date.parse('2026-11-28T04:00:00.000Z');
const SPAN = YEARS * 365 * 86_400_000;
const HOUR = 3_600_000;
const localHour = localHourOf('Asia/Shanghai');

/** A small deterministic generator (mulberry32), so every run loads the same history. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One station's share of the history: its alarms (the last two days' still open or acknowledged, older ones
 * cleared within two hours, most after an acknowledgement) and its feedback cases (the last fortnight's
 * still being worked, older ones resolved with a reply).
 */
async function loadStation(store: HubStore, station: string, count: number, next: () => number): Promise<void> {
  const epoch = `bench-${station}`;
  const raised: OutboxEvent[] = [];
  const cleared: OutboxEvent[] = [];
  const acks: { alarmId: string; at: string }[] = [];
  const work: { feedbackId: string; status: (typeof STATUS_ROUTE)[number] | 'resolved'; at: string }[] = [];
  let seq = 0;
  for (let i = 0; i < count; i++) {
    const at = END - next() * SPAN;
    const alarmId = `a-${i}`;
    const rule = RULES[i % RULES.length]!;
    raised.push({ epoch, seq: ++seq, type: 'alarm.raised', at: iso(at), body: { alarmId, rule, detail: '9.4 °C' } });
    const recent = END - at < 48 * HOUR;
    if (recent ? i % 3 === 0 : i % 5 !== 0) acks.push({ alarmId, at: iso(at + (2 + next() * 30) * 60_000) });
    if (!recent) {
      const clearAt = iso(at + (35 + next() * 85) * 60_000);
      cleared.push({ epoch, seq: 0, type: 'alarm.cleared', at: clearAt, body: { alarmId, rule } });
    }

    const reported = END - next() * SPAN;
    const feedbackId = `f-${i}`;
    const category = FEEDBACK_CATEGORIES[i % FEEDBACK_CATEGORIES.length]!;
    raised.push({
      epoch,
      seq: ++seq,
      type: 'feedback.created',
      at: iso(reported),
      body: { feedbackId, category, place: '门口' },
    });
    const age = END - reported;
    if (age > 14 * 24 * HOUR)
      work.push({ feedbackId, status: 'resolved', at: iso(reported + (4 + next() * 60) * HOUR) });
    else if (i % 4 !== 0) work.push({ feedbackId, status: STATUS_ROUTE[i % 3]!, at: iso(reported + 2 * HOUR) });
  }
  for (const event of cleared) event.seq = ++seq;
  const received = iso(END);
  await store.sync.ingest(station, epoch, raised, localHour, received);
  await store.transaction(async (tx) => {
    for (const ack of acks) await tx.alarms.acknowledge(station, ack.alarmId, 'office', ack.at);
    for (const w of work) {
      const reply = w.status === 'resolved' ? { reply: '已处理，感谢反馈' } : {};
      await tx.feedback.update(station, w.feedbackId, { status: w.status, assignee: '王师傅', ...reply }, w.at);
    }
  });
  if (cleared.length > 0) await store.sync.ingest(station, epoch, cleared, localHour, received);
}

interface Hub {
  app: HubApp;
  admin: string;
  viewer: string;
  loadSeconds: number;
  /** A cursor halfway down the alarm history (raised before 1 June 2024), for a deep page. */
  midway: string;
}

async function signIn(app: HubApp, username: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username, password: 'bench-password' },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  return `yz_session=${res.cookies.find((c) => c.name === 'yz_session')!.value}`;
}

async function openHub(dir: string, rows: number): Promise<Hub> {
  const path = join(dir, `hub-${rows}.db`);
  const store = openSqliteHubStore(path);
  const app = await buildHub(parseHubConfig({ database: path }), { store });
  try {
    return await load(app, store, rows);
  } catch (error) {
    await app.close();
    throw error;
  }
}

async function load(app: HubApp, store: HubStore, rows: number): Promise<Hub> {
  const started = performance.now();
  const next = random(rows);
  for (let i = 0; i < STATIONS; i++) {
    const station = `station-${i}`;
    await app.admin.ensureStation({
      id: station,
      name: `工会驿站${i}`,
      district: DISTRICTS[i % DISTRICTS.length]!,
      capacity: 20,
    });
    // The remainder goes to the first stations, so every row is stored.
    const count = Math.floor(rows / STATIONS) + (i < rows % STATIONS ? 1 : 0);
    await loadStation(store, station, count, next);
  }
  const loadSeconds = (performance.now() - started) / 1000;
  await app.admin.ensureOperator({ username: 'office', password: 'bench-password', role: 'admin' });
  await app.admin.ensureOperator({
    username: 'quanshan',
    password: 'bench-password',
    role: 'district-viewer',
    district: '泉山区',
  });
  const admin = await signIn(app, 'office');
  const older = await app.inject({
    method: 'GET',
    url: '/api/v1/alarms?from=2021-01-01&to=2024-05-31&limit=1',
    headers: { cookie: admin },
  });
  return { app, admin, viewer: await signIn(app, 'quanshan'), loadSeconds, midway: older.json().next };
}

interface PageBody {
  alarms?: unknown[];
  cases?: unknown[];
  summary: { open?: number; acknowledged?: number; cleared?: number; total?: number };
}

/** One request's milliseconds. An admin's unfiltered page must be full and its summary see every row stored. */
async function timedPage(hub: Hub, url: string, cookie: string, fullOf?: number): Promise<number> {
  const started = performance.now();
  const res = await hub.app.inject({ method: 'GET', url, headers: { cookie } });
  const ms = performance.now() - started;
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  if (fullOf !== undefined) {
    const body: PageBody = res.json();
    const items = body.alarms ?? body.cases!;
    const { open, acknowledged, cleared, total } = body.summary;
    const stored = total ?? open! + acknowledged! + cleared!;
    if (items.length !== 100 || stored !== fullOf)
      throw new Error(`${url}: a page of ${items.length} of ${stored} rows`);
  }
  return ms;
}

const ms2 = (n: number) => Math.round(n * 100) / 100;

const dir = mkdtempSync(join(tmpdir(), 'yz-bench-lists-'));
const hubs: Hub[] = [];
try {
  const large = await openHub(dir, LARGE);
  hubs.push(large);
  const small = await openHub(dir, SMALL);
  hubs.push(small);
  console.log(
    `loaded ${LARGE} rows in ${large.loadSeconds.toFixed(0)} s, ${SMALL} in ${small.loadSeconds.toFixed(1)} s`,
  );

  const lists = {
    alarms: { url: () => '/api/v1/alarms', viewer: false },
    feedback: { url: () => '/api/v1/feedback', viewer: false },
    viewerAlarms: { url: () => '/api/v1/alarms', viewer: true },
    viewerFeedback: { url: () => '/api/v1/feedback', viewer: true },
    openAlarms: { url: () => '/api/v1/alarms?status=open', viewer: false },
    newFeedback: { url: () => '/api/v1/feedback?status=new', viewer: false },
    stationAlarms: { url: () => '/api/v1/alarms?station=station-7', viewer: false },
    midwayAlarms: { url: (hub: Hub) => `/api/v1/alarms?before=${hub.midway}`, viewer: false },
  } as const;
  type List = keyof typeof lists;
  const samples = new Map<string, number[]>();
  const sample = async (hub: Hub, rows: number, list: List) => {
    const { url, viewer } = lists[list];
    const main = list === 'alarms' || list === 'feedback';
    const ms = await timedPage(hub, url(hub), viewer ? hub.viewer : hub.admin, main ? rows : undefined);
    const key = `${list}:${rows}`;
    samples.set(key, [...(samples.get(key) ?? []), ms]);
  };
  const pair: [Hub, number][] = [
    [large, LARGE],
    [small, SMALL],
  ];
  // Warm both hubs' statements and caches alike, then interleave: each round asks both, in turn first.
  for (const [hub, rows] of pair) for (const list of Object.keys(lists) as List[]) await sample(hub, rows, list);
  samples.clear();
  for (let round = 0; round < SAMPLES; round++) {
    const order = round % 2 === 0 ? pair : [...pair].reverse();
    const side = round % Math.round(SAMPLES / SIDE_SAMPLES) === 0;
    for (const list of Object.keys(lists) as List[]) {
      if (!side && list !== 'alarms' && list !== 'feedback') continue;
      for (const [hub, rows] of order) await sample(hub, rows, list);
    }
  }
  const p99 = (list: List, rows: number) => percentile(samples.get(`${list}:${rows}`)!, 99);
  const ratio = (list: List) => p99(list, LARGE) / p99(list, SMALL);

  const metrics = {
    alarmsPageP99Ms: ms2(p99('alarms', LARGE)),
    feedbackPageP99Ms: ms2(p99('feedback', LARGE)),
    largeToSmallRatio: ms2(Math.max(ratio('alarms'), ratio('feedback'))),
    smallAlarmsPageP99Ms: ms2(p99('alarms', SMALL)),
    smallFeedbackPageP99Ms: ms2(p99('feedback', SMALL)),
    loadSeconds: Math.round(large.loadSeconds),
  };
  const side = (list: List) =>
    `${list} ${ms2(p99(list, LARGE))} ms vs ${ms2(p99(list, SMALL))} ms (×${ms2(ratio(list))})`;
  writeResult(
    'hub-lists',
    metrics,
    `${STATIONS} stations in ${DISTRICTS.length} districts over ${YEARS} years; ${LARGE} alarms and ${LARGE} feedback ` +
      `cases beside ${SMALL} of each, loaded through the stores (sync ingest of raises, clears and reports, one batch ` +
      `per station; acknowledgements and case updates in store transactions) in ${Math.round(large.loadSeconds)} s ` +
      `and ${ms2(small.loadSeconds)} s. p99 of the newest page (100 rows with the all-time summary) over ${SAMPLES} ` +
      `interleaved requests each (Fastify inject, admin session, sequential); ratio: the worse list's large/small ` +
      `p99. Side pages, p99 over ${SIDE_SAMPLES} each, large vs small: ${side('viewerAlarms')} and ` +
      `${side('viewerFeedback')} (district viewer, 1 district in ${DISTRICTS.length}); ${side('openAlarms')}; ` +
      `${side('newFeedback')}; ${side('stationAlarms')} (one station's); ${side('midwayAlarms')} (the page after ` +
      `a cursor of May 2024).`,
  );
  console.log(metrics);
} finally {
  for (const hub of hubs) await hub.app.close();
  rmSync(dir, { recursive: true, force: true });
}
