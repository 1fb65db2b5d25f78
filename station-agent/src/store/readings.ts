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

export class ReadingStore {
  private raw: { device: string; at: number; values: string }[] = [];
  private rollups = new Map<string, Rollup>();
  private flusher: NodeJS.Timeout | undefined;
  private pruner: NodeJS.Timeout | undefined;
  private pruning = false;
  private stopped = false;
  private persistedCount = 0;
  private readonly insertRaw;
  private readonly upsertRollup;
  private readonly pruneRawBefore;
  private readonly pruneRawBeyond;
  private readonly pruneRollupsBefore;
  private readonly selectRollups;
  private readonly selectRaw;
  private readonly write: (raw: ReadingStore['raw'], rollups: Iterable<Rollup>) => void;

  constructor(
    db: Db,
    private readonly retention: AgentConfig['retention'],
    private readonly now: () => number = Date.now,
  ) {
    this.insertRaw = db.prepare('INSERT INTO readings (device, at, values_json) VALUES (?, ?, ?)');
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
      `DELETE FROM reading_rollups WHERE rowid IN (SELECT rowid FROM reading_rollups WHERE minute < ? LIMIT ${PRUNE_CHUNK})`,
    );
    this.selectRollups = db.prepare<[string, number, number], MinuteRollup>(
      `SELECT device, field, minute * 60000 AS minute, n, total, lo, hi, last FROM reading_rollups
       WHERE device = ? AND minute >= ? AND minute < ? ORDER BY field, minute`,
    );
    this.selectRaw = db.prepare<[number, number, string], { at: number; values_json: string }>(
      'SELECT at, values_json FROM readings WHERE at >= ? AND at < ? AND device = ? ORDER BY id',
    );
    this.write = db.transaction((raw: ReadingStore['raw'], rollups: Iterable<Rollup>) => {
      for (const r of raw) this.insertRaw.run(r.device, r.at, r.values);
      for (const r of rollups) this.upsertRollup.run(r.device, r.field, r.minute, r.n, r.total, r.lo, r.hi, r.last);
    });
  }

  /** Readings written to SQLite since start. */
  get persisted(): number {
    return this.persistedCount;
  }

  get buffered(): number {
    return this.raw.length;
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

  add(device: string, values: DeviceValues, at: number): void {
    this.raw.push({ device, at, values: JSON.stringify(values) });
    const minute = Math.floor(at / 60_000);
    for (const [field, value] of Object.entries(values)) {
      const x = typeof value === 'boolean' ? (value ? 1 : 0) : (value as number);
      const key = `${device}\u0000${field}\u0000${minute}`;
      const r = this.rollups.get(key);
      if (r) {
        r.n++;
        r.total += x;
        if (x < r.lo) r.lo = x;
        if (x > r.hi) r.hi = x;
        r.last = x;
      } else {
        this.rollups.set(key, { device, field, minute, n: 1, total: x, lo: x, hi: x, last: x });
      }
    }
  }

  flush(): void {
    if (this.raw.length === 0) return;
    const raw = this.raw;
    const rollups = this.rollups;
    this.raw = [];
    this.rollups = new Map();
    this.write(raw, rollups.values());
    this.persistedCount += raw.length;
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
