/**
 * hub-ingest-pg: events per second stored through `POST /api/v1/sync` (batches of 500, over HTTP) by two hub
 * processes sharing one PostgreSQL, beside raw batched inserts of the same event rows into the same schema
 * by one client (one multi-row `INSERT … ON CONFLICT DO NOTHING` per batch), in the same run. The hub's
 * transactions also carry the aggregates, live rows, area totals and the ack cursor; the raw path stores the
 * event rows only. Two rounds into fresh schemas, taking turns at going first; medians.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHubAdmin, systemClock } from '@yizhan/hub';
import type { OutboxEvent } from '@yizhan/shared';
import pg from 'pg';
import { openPostgresHubStore } from '../hub/src/postgres/hub-store.ts';
import { clusterHubs } from '../tests/support/hub-cluster.ts';
import { freshSchema, type TestSchema } from '../tests/support/postgres.ts';
import { writeResult } from './results.ts';
import { stationOutbox } from './station-outbox.ts';

const STATIONS = 40;
const BATCHES_PER_STATION = 10;
const BATCH = 500;
const TOTAL = STATIONS * BATCHES_PER_STATION * BATCH;
/** Batches in flight at once across both hubs, as many stations sync at the same moment. */
const IN_FLIGHT = 8;
const ROUNDS = 3;

const streams = Array.from({ length: STATIONS }, (_, i) => stationOutbox(i, BATCHES_PER_STATION * BATCH));
const batchesOf = (events: OutboxEvent[]) =>
  Array.from({ length: BATCHES_PER_STATION }, (_, b) => events.slice(b * BATCH, (b + 1) * BATCH));

/** The hubs' path: two processes on the schema; every station's batches in order, `IN_FLIGHT` at once. */
async function hubRound(dir: string, schema: TestSchema): Promise<number> {
  const store = await openPostgresHubStore({ url: schema.url, poolSize: 4 });
  const admin = createHubAdmin(store, systemClock);
  const tokens: string[] = [];
  for (let i = 0; i < STATIONS; i++) {
    tokens.push(
      (await admin.ensureStation({ id: `bench-${i}`, name: `驿站${i}`, district: '泉山区', capacity: 20 })).token,
    );
  }
  await store.close();
  const hubs = await clusterHubs(dir, schema.url, 2, { offlineAfterSeconds: 180, checkSeconds: 10 }, 10);
  for (const hub of hubs) hub.process.start();
  try {
    await Promise.all(hubs.map((hub) => hub.ready()));
    // Bodies are made before the clock starts: the station does that work.
    const queues = streams.map((events, i) =>
      batchesOf(events).map((batch) => ({
        url: `${hubs[i % hubs.length]!.url}/api/v1/sync`,
        token: tokens[i]!,
        body: JSON.stringify({ epoch: batch[0]!.epoch, events: batch }),
        last: batch[batch.length - 1]!.seq,
      })),
    );
    let next = 0;
    const started = performance.now();
    // Each worker takes a station and sends its batches in order, as one agent would.
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < queues.length) {
          for (const batch of queues[next++]!) {
            const res = await fetch(batch.url, {
              method: 'POST',
              headers: { authorization: `Bearer ${batch.token}`, 'content-type': 'application/json' },
              body: batch.body,
            });
            const answer = (await res.json()) as { ackSeq?: number };
            if (!res.ok || answer.ackSeq !== batch.last) {
              throw new Error(`sync answered ${res.status} ${JSON.stringify(answer)}`);
            }
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const [held] = await schema.query<{ n: string; visits: string }>(
      `SELECT (SELECT count(*) FROM events) AS n, (SELECT coalesce(sum(count), 0) FROM daily_visits) AS visits`,
    );
    const visits = streams.flat().filter((e) => e.type === 'visit.started').length;
    if (Number(held!.n) !== TOTAL || Number(held!.visits) !== visits) {
      throw new Error(`the hubs hold ${held!.n} events and ${held!.visits} visits, not ${TOTAL} and ${visits}`);
    }
    return TOTAL / seconds;
  } finally {
    await Promise.all(hubs.map((hub) => hub.process.stop()));
  }
}

/** The raw path: the same rows, one multi-row insert per batch, one client, into the same schema. */
async function rawRound(schema: TestSchema): Promise<number> {
  // The hub's own migrations make the schema, so both paths write the same partitioned table.
  await (await openPostgresHubStore({ url: schema.url, poolSize: 1 })).close();
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  try {
    const receivedAt = new Date().toISOString();
    const statements = streams.flatMap((events, i) =>
      batchesOf(events).map((batch) => {
        const values: unknown[] = [];
        const rows = batch.map((e) => {
          values.push(`bench-${i}`, e.epoch, e.seq, e.type, e.at, JSON.stringify(e.body), receivedAt);
          const n = values.length;
          return `($${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
        });
        return {
          text: `INSERT INTO events (station_id, epoch, seq, type, at, body, received_at) VALUES ${rows.join(', ')}
                 ON CONFLICT DO NOTHING`,
          values,
        };
      }),
    );
    const started = performance.now();
    for (const statement of statements) await client.query(statement.text, statement.values);
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM events');
    if (Number(rows[0]!.n) !== TOTAL) throw new Error(`raw holds ${rows[0]!.n} events, not ${TOTAL}`);
    return TOTAL / seconds;
  } finally {
    await client.end();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-pg-'));
const hub: number[] = [];
const raw: number[] = [];
const ratios: number[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    const [hubSchema, rawSchema] = [await freshSchema('yz_bench_hub'), await freshSchema('yz_bench_raw')];
    try {
      let h: number;
      let r: number;
      if (round % 2 === 0) {
        r = await rawRound(rawSchema);
        h = await hubRound(dir, hubSchema);
      } else {
        h = await hubRound(dir, hubSchema);
        r = await rawRound(rawSchema);
      }
      hub.push(h);
      raw.push(r);
      ratios.push(h / r);
      console.log(`round ${round + 1}: hubs ${Math.round(h)} events/s, raw ${Math.round(r)} rows/s`);
    } finally {
      await hubSchema.drop();
      await rawSchema.drop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

writeResult(
  'hub-ingest-pg',
  {
    eventsPerSec: Math.round(median(hub)),
    rawInsertRowsPerSec: Math.round(median(raw)),
    ratioToRaw: Math.round(median(ratios) * 1000) / 1000,
  },
  `${TOTAL} events from ${STATIONS} stations in batches of ${BATCH} through POST /api/v1/sync over HTTP to two hub ` +
    `processes (tsx, pool of 10 each) on one PostgreSQL 15, ${IN_FLIGHT} batches in flight, each station's batches ` +
    'in order; every batch acked to its last seq, and the events and visits held checked afterwards. Raw: the same ' +
    'rows, one multi-row INSERT … ON CONFLICT DO NOTHING of 500 rows per statement by one client into the same ' +
    `partitioned table (the hub's migrations). ${ROUNDS} rounds into fresh schemas, taking turns at going first; ` +
    `medians. hubs/raw per round: ${hub.map((h, i) => `${Math.round(h)}/${Math.round(raw[i]!)}`).join(', ')}. ` +
    'Client, hubs and database share the machine.',
);
