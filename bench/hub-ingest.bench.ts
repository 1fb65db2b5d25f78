/**
 * hub-ingest: events per second the hub stores through `POST /api/v1/sync` in batches of 500 (through
 * Fastify's `inject`, i.e. the whole route — auth, JSON parse, zod validation, the ingest transaction
 * with its aggregates, the response — without a TCP socket), beside raw batched inserts of the same
 * event rows with better-sqlite3 into the same schema, in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHub, parseHubConfig } from '@yizhan/hub';
import { type OutboxEvent, WORKER_CATEGORIES } from '@yizhan/shared';
import { openDatabase } from '@yizhan/shared/sqlite';
import { writeResult } from './results.ts';

const STATIONS = 20;
const BATCHES_PER_STATION = 20;
const BATCH = 500;
const TOTAL = STATIONS * BATCHES_PER_STATION * BATCH;
const MIGRATIONS = fileURLToPath(new URL('../hub/src/db/migrations/', import.meta.url));

/** A station's day: mostly visits (with members), some occupancy samples, appliance sessions and heartbeats. */
function eventsOf(station: number): OutboxEvent[] {
  const epoch = `bench-epoch-${station}`;
  const start = Date.parse('2026-11-01T00:00:00Z');
  const out: OutboxEvent[] = [];
  for (let seq = 1; seq <= BATCHES_PER_STATION * BATCH; seq++) {
    const at = new Date(start + seq * 7_000).toISOString();
    const kind = seq % 10;
    if (kind < 6) {
      const category = WORKER_CATEGORIES[seq % WORKER_CATEGORIES.length]!;
      out.push(
        kind < 4
          ? {
              epoch,
              seq,
              type: 'visit.started',
              at,
              body: { visitId: `v${station}-${seq}`, method: 'code', category, member: `m_${seq % 700}` },
            }
          : {
              epoch,
              seq,
              type: 'visit.started',
              at,
              body: { visitId: `v${station}-${seq}`, method: 'walk-in', category },
            },
      );
    } else if (kind < 8)
      out.push({ epoch, seq, type: 'occupancy.sample', at, body: { inside: seq % 21, capacity: 20 } });
    else if (kind === 8)
      out.push({
        epoch,
        seq,
        type: 'appliance.session',
        at,
        body: { device: 'microwave', startedAt: at, endedAt: at, seconds: 95 },
      });
    else out.push({ epoch, seq, type: 'heartbeat', at, body: { uptimeSeconds: seq } });
  }
  return out;
}

interface Batch {
  station: number;
  events: OutboxEvent[];
}

/** Batches of 500, stations interleaved round-robin as a fleet's syncs arrive; both paths use this order. */
function interleave(streams: OutboxEvent[][]): Batch[] {
  const batches: Batch[] = [];
  for (let b = 0; b < BATCHES_PER_STATION; b++) {
    streams.forEach((events, station) => {
      batches.push({ station, events: events.slice(b * BATCH, (b + 1) * BATCH) });
    });
  }
  return batches;
}

async function hubRate(dir: string, batches: Batch[], stations: number): Promise<number> {
  const hub = await buildHub(parseHubConfig({ database: join(dir, 'hub.db') }));
  const tokens = Array.from(
    { length: stations },
    (_, i) => hub.admin.ensureStation({ id: `bench-${i}`, name: `驿站${i}`, district: '泉山区', capacity: 20 }).token,
  );
  // Bodies are serialized up front: the station does that work, not the hub.
  const requests = batches.map((b) => ({
    token: tokens[b.station]!,
    body: JSON.stringify({ epoch: b.events[0]!.epoch, events: b.events }),
  }));
  const events = batches.reduce((n, b) => n + b.events.length, 0);
  const started = performance.now();
  for (const r of requests) {
    const res = await hub.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: { authorization: `Bearer ${r.token}`, 'content-type': 'application/json' },
      payload: r.body,
    });
    if (res.statusCode !== 200) throw new Error(`sync failed: ${res.statusCode} ${res.body}`);
  }
  const seconds = (performance.now() - started) / 1000;
  await hub.close();
  return events / seconds;
}

function rawRate(dir: string, batches: Batch[], stations: number): number {
  const db = openDatabase(join(dir, 'raw.db'), MIGRATIONS);
  for (let i = 0; i < stations; i++) {
    db.prepare(
      `INSERT INTO stations (id, name, district, capacity, created_at) VALUES (?, ?, '泉山区', 20, '2026-11-01T00:00:00Z')`,
    ).run(`bench-${i}`, `驿站${i}`);
  }
  const insert = db.prepare(
    'INSERT OR IGNORE INTO events (station_id, epoch, seq, type, at, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const batch = db.transaction((station: string, events: OutboxEvent[], receivedAt: string) => {
    for (const e of events) insert.run(station, e.epoch, e.seq, e.type, e.at, JSON.stringify(e.body), receivedAt);
  });
  const events = batches.reduce((n, b) => n + b.events.length, 0);
  const started = performance.now();
  for (const b of batches) batch(`bench-${b.station}`, b.events, new Date().toISOString());
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return events / seconds;
}

const dir = mkdtempSync(join(tmpdir(), 'yz-bench-ingest-'));
try {
  const batches = interleave(Array.from({ length: STATIONS }, (_, i) => eventsOf(i)));
  // A warm-up of both paths (JIT), then the measured runs, each into a fresh file.
  const warm = mkdtempSync(join(dir, 'warm-'));
  rawRate(warm, batches.slice(0, 2 * STATIONS), STATIONS);
  await hubRate(warm, batches.slice(0, 2 * STATIONS), STATIONS);
  const raw = rawRate(dir, batches, STATIONS);
  const eventsPerSec = await hubRate(dir, batches, STATIONS);
  const metrics = {
    eventsPerSec: Math.round(eventsPerSec),
    rawInsertRowsPerSec: Math.round(raw),
    ratioToRaw: Math.round((eventsPerSec / raw) * 1000) / 1000,
  };
  writeResult(
    'hub-ingest',
    metrics,
    `${TOTAL} events from ${STATIONS} stations (interleaved) in batches of ${BATCH} through POST /api/v1/sync via Fastify inject ` +
      '(route, auth, zod, ingest transaction with aggregates; no TCP). Raw: the same event rows, INSERT OR IGNORE ' +
      'in transactions of 500 with better-sqlite3 into the same schema and pragmas (WAL, synchronous=FULL).',
  );
  console.log(metrics);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
