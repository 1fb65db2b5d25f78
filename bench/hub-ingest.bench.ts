/**
 * hub-ingest: events per second the hub stores through `POST /api/v1/sync` in batches of 500 (through
 * Fastify's `inject`, i.e. the whole route — auth, JSON parse, the contract check, the ingest transaction
 * with its aggregates, the response — without a TCP socket), beside raw batched inserts of the same
 * event rows with better-sqlite3 into the same schema, in the same run. Both paths commit the same number of
 * transactions of the same rows under the same pragmas; the hub's transactions also carry the aggregates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHub, parseHubConfig } from '@yizhan/hub';
import type { OutboxEvent } from '@yizhan/shared';
import { openDatabase } from '@yizhan/shared/sqlite';
import { writeResult } from './results.ts';
import { stationOutbox } from './station-outbox.ts';

const STATIONS = 20;
const BATCHES_PER_STATION = 20;
const BATCH = 500;
const TOTAL = STATIONS * BATCHES_PER_STATION * BATCH;
const ROUNDS = 5;
const MIGRATIONS = fileURLToPath(new URL('../hub/src/sqlite/migrations/', import.meta.url));

interface Batch {
  station: number;
  events: OutboxEvent[];
  /**
   * The request body the station sends. Serialized once, before any measured round: the station does that
   * work, and a body made inside a round would also charge the hub with moving it out of the young heap.
   */
  body: string;
}

/** Batches of 500, stations interleaved round-robin as a fleet's syncs arrive; both paths use this order. */
function interleave(streams: OutboxEvent[][]): Batch[] {
  const batches: Batch[] = [];
  for (let b = 0; b < BATCHES_PER_STATION; b++) {
    streams.forEach((stream, station) => {
      const events = stream.slice(b * BATCH, (b + 1) * BATCH);
      batches.push({ station, events, body: JSON.stringify({ epoch: events[0]!.epoch, events }) });
    });
  }
  return batches;
}

/** The hub's path: a fresh hub file with the bench's stations; `send` posts one batch through the route. */
async function hubPath(dir: string, stations: number) {
  const database = join(dir, 'hub.db');
  const hub = await buildHub(parseHubConfig({ database }));
  const tokens: string[] = [];
  for (let i = 0; i < stations; i++) {
    tokens.push(
      (await hub.admin.ensureStation({ id: `bench-${i}`, name: `驿站${i}`, district: '泉山区', capacity: 20 })).token,
    );
  }
  return {
    database,
    async send(b: Batch): Promise<void> {
      const res = await hub.inject({
        method: 'POST',
        url: '/api/v1/sync',
        headers: { authorization: `Bearer ${tokens[b.station]!}`, 'content-type': 'application/json' },
        payload: b.body,
      });
      if (res.statusCode !== 200) throw new Error(`sync failed: ${res.statusCode} ${res.body}`);
    },
    close: () => hub.close(),
  };
}

/** The baseline: plain batched inserts of the same rows into a fresh file of the same schema. */
function rawPath(dir: string, stations: number) {
  const database = join(dir, 'raw.db');
  const db = openDatabase(database, MIGRATIONS);
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
  return {
    database,
    send: (b: Batch): void => batch(`bench-${b.station}`, b.events, new Date().toISOString()),
    close: () => db.close(),
  };
}

/**
 * One round into fresh files: every batch goes through both paths back to back, taking turns at going first,
 * so that a pause or a burst of the shared machine falls on both alike. Checks every event landed.
 */
async function round(dir: string, batches: Batch[], stations: number): Promise<{ hub: number; raw: number }> {
  const hub = await hubPath(dir, stations);
  const raw = rawPath(dir, stations);
  let hubMs = 0;
  let rawMs = 0;
  for (const [i, b] of batches.entries()) {
    let started = performance.now();
    if (i % 2 === 0) {
      raw.send(b);
      rawMs += performance.now() - started;
      started = performance.now();
    }
    await hub.send(b);
    hubMs += performance.now() - started;
    if (i % 2 === 1) {
      started = performance.now();
      raw.send(b);
      rawMs += performance.now() - started;
    }
  }
  await hub.close();
  raw.close();
  const events = batches.reduce((n, b) => n + b.events.length, 0);
  const visits = batches.reduce((n, b) => n + b.events.filter((e) => e.type === 'visit.started').length, 0);
  expectStored(hub.database, events, visits);
  expectStored(raw.database, events);
  return { hub: (events / hubMs) * 1000, raw: (events / rawMs) * 1000 };
}

/** A rate is only worth reporting if every event really landed (and, for the hub, was counted). */
function expectStored(database: string, events: number, visits?: number): void {
  const db = openDatabase(database, MIGRATIONS);
  try {
    const stored = db.prepare('SELECT count(*) FROM events').pluck().get();
    if (stored !== events) throw new Error(`${database}: ${stored} events stored, expected ${events}`);
    const counted = db.prepare('SELECT coalesce(sum(count), 0) FROM daily_visits').pluck().get();
    if (visits !== undefined && counted !== visits) {
      throw new Error(`${database}: ${counted} visits counted, expected ${visits}`);
    }
  } finally {
    db.close();
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

const dir = mkdtempSync(join(tmpdir(), 'yz-bench-ingest-'));
try {
  const batches = interleave(Array.from({ length: STATIONS }, (_, i) => stationOutbox(i, BATCHES_PER_STATION * BATCH)));
  // A warm-up of both paths (JIT), then the measured rounds.
  const warm = mkdtempSync(join(dir, 'warm-'));
  await round(warm, batches.slice(0, 2 * STATIONS), STATIONS);
  rmSync(warm, { recursive: true, force: true });
  const rounds: { hub: number; raw: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const roundDir = mkdtempSync(join(dir, `round-${r}-`));
    rounds.push(await round(roundDir, batches, STATIONS));
    rmSync(roundDir, { recursive: true, force: true });
  }
  const metrics = {
    eventsPerSec: Math.round(median(rounds.map((r) => r.hub))),
    rawInsertRowsPerSec: Math.round(median(rounds.map((r) => r.raw))),
    // Each round's ratio is of rates measured side by side; the median of those is the least noisy figure.
    ratioToRaw: Math.round(median(rounds.map((r) => r.hub / r.raw)) * 1000) / 1000,
  };
  const perRound = rounds.map((r) => `${Math.round(r.hub)}/${Math.round(r.raw)}`).join(', ');
  writeResult(
    'hub-ingest',
    metrics,
    `${TOTAL} events from ${STATIONS} stations (interleaved) in batches of ${BATCH} through POST /api/v1/sync via Fastify inject ` +
      '(route, auth, JSON parse, the compiled contract check, ingest transaction with aggregates, response; no TCP). Raw: the same event rows, ' +
      `INSERT OR IGNORE one statement per row in ${TOTAL / BATCH} transactions of ${BATCH} with better-sqlite3 into the ` +
      'same schema (same migrations and indexes) and pragmas (WAL, synchronous=FULL, foreign keys). Each batch ' +
      `goes through both paths back to back, taking turns at going first; ${ROUNDS} rounds into fresh files, medians ` +
      `(the ratio is the median of each round's ratio); hub/raw events/s per round: ${perRound}.`,
  );
  console.log(metrics, `rounds hub/raw: ${perRound}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
