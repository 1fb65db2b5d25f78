/**
 * Device readings in SQLite: every raw reading for a short while, minute rollups (count, sum, min,
 * max, last per value) for long. Readings are buffered and written in one transaction every
 * FLUSH_MS: a reading is not a door visit, and one fsync per message would cap the station at a few
 * hundred messages a second. Retention runs in small chunks so it never holds the database for long.
 */
import type { DeviceValues } from '@yizhan/shared';
import type { AgentConfig } from '../config.ts';
import type { Db } from '../db/open.ts';

export const FLUSH_MS = 100;
const PRUNE_MS = 60_000;
const PRUNE_CHUNK = 5_000;
/** Raw readings go in multi-row INSERTs of this many: one statement call per row was a third of a flush. */
const INSERT_ROWS = 64;

interface Rollup {
  device: string;
  field: string;
  minute: number;
  n: number;
  total: number;
  lo: number;
  hi: number;
  last: number;
}

export interface MinuteRollup {
  device: string;
  field: string;
  /** Start of the minute, epoch ms. */
  minute: number;
  n: number;
  total: number;
  lo: number;
  hi: number;
  last: number;
}

/**
 * Readings waiting for the next flush, column by column: no object per reading, and the JSON is made
 * at the flush, so nothing per message lives long enough to reach V8's old space.
 */
interface Pending {
  devices: string[];
  ats: number[];
  values: DeviceValues[];
  /** Per device and field, the rollup of the minute being filled. */
  current: Map<string, Map<string, Rollup>>;
  /** Rollups whose minute ended before the flush (a device's reading of the next minute replaced them). */
  ended: Rollup[];
}

const emptyPending = (): Pending => ({ devices: [], ats: [], values: [], current: new Map(), ended: [] });

export class ReadingStore {
  private pending = emptyPending();
  private flusher: NodeJS.Timeout | undefined;
  private pruner: NodeJS.Timeout | undefined;
  private pruning = false;
  private stopped = false;
  private persistedCount = 0;
  private readonly insertRaw;
  private readonly insertRawRows;
  private readonly upsertRollup;
  private readonly pruneRawBefore;
  private readonly pruneRawBeyond;
  private readonly pruneRollupsBefore;
  private readonly selectRollups;
  private readonly selectRaw;
  private readonly write: (pending: Pending) => void;

  constructor(
    db: Db,
    private readonly retention: AgentConfig['retention'],
    private readonly now: () => number = Date.now,
  ) {
    this.insertRaw = db.prepare('INSERT INTO readings (device, at, values_json) VALUES (?, ?, ?)');
    this.insertRawRows = db.prepare(
      `INSERT INTO readings (device, at, values_json) VALUES ${Array(INSERT_ROWS).fill('(?, ?, ?)').join(', ')}`,
    );
    this.upsertRollup = db.prepare(
      `INSERT INTO reading_rollups (device, field, minute, n, total, lo, hi, last) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (device, field, minute) DO UPDATE SET n = n + excluded.n, total = total + excluded.total,
         lo = min(lo, excluded.lo), hi = max(hi, excluded.hi), last = excluded.last`,
    );
    this.pruneRawBefore = db.prepare(
      `DELETE FROM readings WHERE id IN (SELECT id FROM readings WHERE at < ? ORDER BY at LIMIT ${PRUNE_CHUNK})`,
    );
    this.pruneRawBeyond = db.prepare(
      `DELETE FROM readings WHERE id IN
         (SELECT id FROM readings WHERE id <= (SELECT max(id) FROM readings) - ? ORDER BY id LIMIT ${PRUNE_CHUNK})`,
    );
    this.pruneRollupsBefore = db.prepare(
      `DELETE FROM reading_rollups WHERE (device, field, minute) IN
         (SELECT device, field, minute FROM reading_rollups WHERE minute < ? LIMIT ${PRUNE_CHUNK})`,
    );
    this.selectRollups = db.prepare<[string, number, number], MinuteRollup>(
      `SELECT device, field, minute * 60000 AS minute, n, total, lo, hi, last FROM reading_rollups
       WHERE device = ? AND minute >= ? AND minute < ? ORDER BY field, minute`,
    );
    this.selectRaw = db.prepare<[number, number, string], { at: number; values_json: string }>(
      'SELECT at, values_json FROM readings WHERE at >= ? AND at < ? AND device = ? ORDER BY id',
    );
    const args: (string | number)[] = [];
    this.write = db.transaction(({ devices, ats, values, current, ended }: Pending) => {
      const n = devices.length;
      let i = 0;
      for (; i + INSERT_ROWS <= n; i += INSERT_ROWS) {
        args.length = 0;
        for (let j = i; j < i + INSERT_ROWS; j++) args.push(devices[j]!, ats[j]!, JSON.stringify(values[j]));
        this.insertRawRows.run(args);
      }
      for (; i < n; i++) this.insertRaw.run(devices[i], ats[i], JSON.stringify(values[i]));
      const upsert = (r: Rollup) => this.upsertRollup.run(r.device, r.field, r.minute, r.n, r.total, r.lo, r.hi, r.last);
      for (const r of ended) upsert(r);
      for (const fields of current.values()) for (const r of fields.values()) upsert(r);
    });
  }

  /** Readings written to SQLite since start. */
  get persisted(): number {
    return this.persistedCount;
  }

  get buffered(): number {
    return this.pending.devices.length;
  }

  start(): void {
    this.stopped = false;
    this.flusher = setInterval(() => this.flush(), FLUSH_MS);
    this.pruner = setInterval(() => void this.prune(), PRUNE_MS);
    void this.prune();
  }

  /** Writes what is buffered; nothing is lost on a clean stop. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.flusher);
    clearInterval(this.pruner);
    this.flusher = undefined;
    this.pruner = undefined;
    this.flush();
  }

  /** Buffers one reading; `values` is kept as it is until the flush, so the caller must not change it. */
  add(device: string, values: DeviceValues, at: number): void {
    const p = this.pending;
    p.devices.push(device);
    p.ats.push(at);
    p.values.push(values);
    const minute = Math.floor(at / 60_000);
    let fields = p.current.get(device);
    if (!fields) {
      fields = new Map();
      p.current.set(device, fields);
    }
    for (const field in values) {
      const value = values[field as keyof DeviceValues];
      if (value === undefined) continue;
      const x = typeof value === 'boolean' ? (value ? 1 : 0) : value;
      const r = fields.get(field);
      if (r && r.minute === minute) {
        r.n++;
        r.total += x;
        if (x < r.lo) r.lo = x;
        if (x > r.hi) r.hi = x;
        r.last = x;
      } else {
        if (r) p.ended.push(r);
        fields.set(field, { device, field, minute, n: 1, total: x, lo: x, hi: x, last: x });
      }
    }
  }

  flush(): void {
    const pending = this.pending;
    if (pending.devices.length === 0) return;
    this.pending = emptyPending();
    this.write(pending);
    this.persistedCount += pending.devices.length;
  }

  /** Minute rollups of one device in [from, to) (epoch ms). */
  minuteRollups(device: string, from: number, to: number): MinuteRollup[] {
    return this.selectRollups.all(device, Math.floor(from / 60_000), Math.ceil(to / 60_000));
  }

  rawReadings(device: string, from: number, to: number): { at: number; values: DeviceValues }[] {
    return this.selectRaw.all(from, to, device).map((r) => ({ at: r.at, values: JSON.parse(r.values_json) }));
  }

  /** Drops raw readings past their age or count and rollups past theirs, a chunk at a time. */
  async prune(): Promise<void> {
    if (this.pruning) return;
    this.pruning = true;
    try {
      const now = this.now();
      const rawBefore = now - this.retention.rawHours * 3_600_000;
      const rollupsBefore = Math.floor((now - this.retention.rollupDays * 86_400_000) / 60_000);
      const steps = [
        () => this.pruneRawBefore.run(rawBefore).changes,
        () => this.pruneRawBeyond.run(this.retention.maxRawRows).changes,
        () => this.pruneRollupsBefore.run(rollupsBefore).changes,
      ];
      for (const step of steps) {
        while (!this.stopped && step() === PRUNE_CHUNK) await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.pruning = false;
    }
  }
}
