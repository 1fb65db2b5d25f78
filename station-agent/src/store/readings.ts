/**
 * Device readings in SQLite: every raw reading for a short while, minute rollups (count, sum, min,
 * max, last per value) for a week or so, then hourly rollups for long. Readings are buffered and written in one transaction every
 * FLUSH_MS: a reading is not a door visit, and one fsync per message would cap the station at a few
 * hundred messages a second. Retention runs in small chunks so it never holds the database for long.
 */
import { type DeviceValues, deviceValues } from '@yizhan/shared';
import type { AgentConfig } from '../config.ts';
import type { Db } from '../db/open.ts';

export const FLUSH_MS = 100;
const PRUNE_MS = 60_000;
const PRUNE_CHUNK = 5_000;
/** How many readings wait in memory while the database cannot be written, before they are dropped. */
const MAX_BUFFERED = 50_000;

/** Raw readings go in multi-row INSERTs of this many: one statement call per row was a third of a flush. */
const INSERT_ROWS = 64;

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

/** A minute being rolled up in memory. */
interface Rollup extends Omit<MinuteRollup, 'minute'> {
  /** Epoch minutes (not ms), as the table stores it. */
  minute: number;
}

export interface HourlyRollup extends Omit<MinuteRollup, 'minute'> {
  /** Start of the hour, epoch ms. */
  hour: number;
}

/** Every value name, in the order a raw reading's JSON lists them (at most 32: one bit each). */
const FIELDS = Object.keys(deviceValues.shape) as (keyof DeviceValues)[];

/**
 * Readings waiting for the next flush, in typed arrays kept from flush to flush: a reading allocates
 * nothing on the heap, so at full speed nothing per message survives into V8's old space (where it
 * would pile up until the next major GC) and memory stays flat. The JSON is made at the flush.
 */
class PendingReadings {
  length = 0;
  private devices: string[] = [];
  private ats = new Float64Array(1_024);
  /** Per reading, a bit per field present and a bit per field that is a boolean (stored as 1/0). */
  private present = new Uint32Array(1_024);
  private booleans = new Uint32Array(1_024);
  /** The present values of every reading, one after another in FIELDS order. */
  private numbers = new Float64Array(4_096);
  private used = 0;

  push(device: string, at: number, values: DeviceValues): void {
    if (this.length === this.ats.length) {
      this.ats = grown(this.ats);
      this.present = grown(this.present);
      this.booleans = grown(this.booleans);
    }
    if (this.used + FIELDS.length > this.numbers.length) this.numbers = grown(this.numbers);
    let present = 0;
    let booleans = 0;
    for (let f = 0; f < FIELDS.length; f++) {
      const v = values[FIELDS[f]!];
      if (v === undefined) continue;
      present |= 1 << f;
      if (typeof v === 'boolean') booleans |= 1 << f;
      this.numbers[this.used++] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    }
    const i = this.length++;
    this.devices[i] = device;
    this.ats[i] = at;
    this.present[i] = present;
    this.booleans[i] = booleans;
  }

  /** Calls `row` for each reading in order with its device, time and values JSON. */
  each(row: (device: string, at: number, json: string) => void): void {
    let k = 0;
    for (let i = 0; i < this.length; i++) {
      const present = this.present[i]!;
      const booleans = this.booleans[i]!;
      let json = '{';
      for (let f = 0; f < FIELDS.length; f++) {
        const bit = 1 << f;
        if (!(present & bit)) continue;
        const v = this.numbers[k++]!;
        json += `${json.length > 1 ? ',' : ''}"${FIELDS[f]}":${booleans & bit ? v === 1 : JSON.stringify(v)}`;
      }
      row(this.devices[i]!, this.ats[i]!, `${json}}`);
    }
  }

  clear(): void {
    this.length = 0;
    this.used = 0;
  }
}

function grown<T extends Float64Array | Uint32Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

export class ReadingStore {
  private readonly pending = new PendingReadings();
  /**
   * Per device and field, the rollup of the minute being filled; kept across flushes (`n` back to 0 once
   * written), so their number is bounded by devices × fields.
   */
  private readonly rollups = new Map<string, Map<string, Rollup>>();
  /** Rollups of minutes that ended since the last flush, still to be written. */
  private ended: Rollup[] = [];
  private flusher: NodeJS.Timeout | undefined;
  private droppedCount = 0;
  private pruner: NodeJS.Timeout | undefined;
  private pruning = false;
  private stopped = false;
  private persistedCount = 0;
  private readonly insertRaw;
  private readonly insertRawRows;
  private readonly upsertRollup;
  private readonly pruneRawBefore;
  private readonly pruneRawBeyond;
  private readonly firstMinute;
  private readonly foldHour: (hour: number) => void;
  private readonly pruneHourlyBefore;
  private readonly selectRollups;
  private readonly selectHourly;
  private readonly selectRaw;
  private readonly write: () => void;

  constructor(
    db: Db,
    private readonly retention: Omit<AgentConfig['retention'], 'visitDays'>,
    private readonly now: () => number = Date.now,
    /** A flush or prune failed (e.g. the disk is full): reported, never thrown from a timer. */
    private readonly writeFailed: (error: Error) => void = () => undefined,
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
    this.firstMinute = db.prepare<[], number | null>('SELECT min(minute) FROM reading_rollups').pluck();
    // An hour's minute rollups become one hourly row per device and value: the last is the latest minute's.
    const fold = db.prepare(
      `INSERT INTO reading_rollups_hourly (device, field, hour, n, total, lo, hi, last)
       SELECT device, field, @hour, sum(n), sum(total), min(lo), max(hi),
         (SELECT l.last FROM reading_rollups l WHERE l.device = r.device AND l.field = r.field
            AND l.minute >= @hour * 60 AND l.minute < @hour * 60 + 60 ORDER BY l.minute DESC LIMIT 1)
       FROM reading_rollups r WHERE minute >= @hour * 60 AND minute < @hour * 60 + 60 GROUP BY device, field
       ON CONFLICT (device, field, hour) DO UPDATE SET n = n + excluded.n, total = total + excluded.total,
         lo = min(lo, excluded.lo), hi = max(hi, excluded.hi), last = excluded.last`,
    );
    const dropFolded = db.prepare(
      'DELETE FROM reading_rollups WHERE minute >= @hour * 60 AND minute < @hour * 60 + 60',
    );
    // Fold and delete together: a crash between them would count the hour twice.
    this.foldHour = db.transaction((hour: number) => {
      fold.run({ hour });
      dropFolded.run({ hour });
    });
    this.pruneHourlyBefore = db.prepare(
      `DELETE FROM reading_rollups_hourly WHERE (device, field, hour) IN
         (SELECT device, field, hour FROM reading_rollups_hourly WHERE hour < ? LIMIT ${PRUNE_CHUNK})`,
    );
    this.selectRollups = db.prepare<[string, number, number], MinuteRollup>(
      `SELECT device, field, minute * 60000 AS minute, n, total, lo, hi, last FROM reading_rollups
       WHERE device = ? AND minute >= ? AND minute < ? ORDER BY field, minute`,
    );
    this.selectHourly = db.prepare<[string, number, number], HourlyRollup>(
      `SELECT device, field, hour * 3600000 AS hour, n, total, lo, hi, last FROM reading_rollups_hourly
       WHERE device = ? AND hour >= ? AND hour < ? ORDER BY field, hour`,
    );
    this.selectRaw = db.prepare<[number, number, string], { at: number; values_json: string }>(
      'SELECT at, values_json FROM readings WHERE at >= ? AND at < ? AND device = ? ORDER BY id',
    );
    const args: (string | number)[] = [];
    const row = (device: string, at: number, json: string) => {
      args.push(device, at, json);
      if (args.length === INSERT_ROWS * 3) {
        this.insertRawRows.run(args);
        args.length = 0;
      }
    };
    const upsert = (r: Rollup) => this.upsertRollup.run(r.device, r.field, r.minute, r.n, r.total, r.lo, r.hi, r.last);
    // Nothing is marked written until the transaction has committed: a failed write keeps it all for the next.
    this.write = db.transaction(() => {
      args.length = 0;
      this.pending.each(row);
      for (let i = 0; i < args.length; i += 3) this.insertRaw.run(args[i], args[i + 1], args[i + 2]);
      for (const r of this.ended) upsert(r);
      for (const fields of this.rollups.values()) for (const r of fields.values()) if (r.n > 0) upsert(r);
    });
  }

  /** Readings written to SQLite since start. */
  get persisted(): number {
    return this.persistedCount;
  }

  get buffered(): number {
    return this.pending.length;
  }

  start(): void {
    this.stopped = false;
    this.flusher = setInterval(() => this.flushOrDrop(), FLUSH_MS);
    this.pruner = setInterval(() => this.pruneReported(), PRUNE_MS);
    this.pruneReported();
  }

  /** Readings dropped because they could not be written for too long. */
  get dropped(): number {
    return this.droppedCount;
  }

  /**
   * The timer's flush. While writes fail, readings wait in the buffer up to MAX_BUFFERED and are then
   * dropped: readings are worth less than the agent staying up (visits do not go through here).
   */
  private flushOrDrop(): void {
    try {
      this.flush();
    } catch (error) {
      this.writeFailed(error as Error);
      if (this.pending.length >= MAX_BUFFERED) {
        this.droppedCount += this.pending.length;
        this.pending.clear();
        this.ended = [];
        for (const fields of this.rollups.values()) for (const r of fields.values()) r.n = 0;
      }
    }
  }

  private pruneReported(): void {
    this.prune().catch((error: Error) => this.writeFailed(error));
  }

  /** Writes what is buffered; nothing is lost on a clean stop. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.flusher);
    clearInterval(this.pruner);
    this.flusher = undefined;
    this.pruner = undefined;
    this.flushOrDrop();
  }

  add(device: string, values: DeviceValues, at: number): void {
    this.pending.push(device, at, values);
    const minute = Math.floor(at / 60_000);
    let fields = this.rollups.get(device);
    if (!fields) {
      fields = new Map();
      this.rollups.set(device, fields);
    }
    for (const field in values) {
      const value = values[field as keyof DeviceValues];
      if (value === undefined) continue;
      const x = typeof value === 'boolean' ? (value ? 1 : 0) : value;
      let r = fields.get(field);
      if (!r) {
        r = { device, field, minute, n: 0, total: 0, lo: x, hi: x, last: x };
        fields.set(field, r);
      } else if (r.minute !== minute) {
        if (r.n > 0) this.ended.push({ ...r });
        r.minute = minute;
        r.n = 0;
      }
      if (r.n === 0) {
        r.total = 0;
        r.lo = x;
        r.hi = x;
      }
      r.n++;
      r.total += x;
      if (x < r.lo) r.lo = x;
      if (x > r.hi) r.hi = x;
      r.last = x;
    }
  }

  flush(): void {
    const n = this.pending.length;
    if (n === 0) return;
    this.write();
    this.pending.clear();
    this.ended = [];
    for (const fields of this.rollups.values()) for (const r of fields.values()) r.n = 0;
    this.persistedCount += n;
  }

  /** Minute rollups of one device in [from, to) (epoch ms). */
  minuteRollups(device: string, from: number, to: number): MinuteRollup[] {
    return this.selectRollups.all(device, Math.floor(from / 60_000), Math.ceil(to / 60_000));
  }

  /** Hourly rollups of one device in [from, to) (epoch ms): the minutes older than `minuteRollupDays`. */
  hourlyRollups(device: string, from: number, to: number): HourlyRollup[] {
    return this.selectHourly.all(device, Math.floor(from / 3_600_000), Math.ceil(to / 3_600_000));
  }

  rawReadings(device: string, from: number, to: number): { at: number; values: DeviceValues }[] {
    return this.selectRaw.all(from, to, device).map((r) => ({ at: r.at, values: JSON.parse(r.values_json) }));
  }

  /**
   * Drops raw readings past their age or count, folds minute rollups past theirs into hourly ones (the oldest
   * whole hour at a time) and drops hourly rollups past theirs, a chunk at a time.
   */
  async prune(): Promise<void> {
    if (this.pruning) return;
    this.pruning = true;
    const yieldToEvents = () => new Promise((r) => setImmediate(r));
    try {
      const now = this.now();
      const rawBefore = now - this.retention.rawHours * 3_600_000;
      const foldBeforeHour = Math.floor((now - this.retention.minuteRollupDays * 86_400_000) / 3_600_000);
      const hourlyBefore = Math.floor((now - this.retention.rollupDays * 86_400_000) / 3_600_000);
      const steps = [
        () => this.pruneRawBefore.run(rawBefore).changes === PRUNE_CHUNK,
        () => this.pruneRawBeyond.run(this.retention.maxRawRows).changes === PRUNE_CHUNK,
        () => {
          const first = this.firstMinute.get();
          if (first === null || first === undefined || Math.floor(first / 60) >= foldBeforeHour) return false;
          this.foldHour(Math.floor(first / 60));
          return true;
        },
        () => this.pruneHourlyBefore.run(hourlyBefore).changes === PRUNE_CHUNK,
      ];
      for (const step of steps) {
        while (!this.stopped && step()) await yieldToEvents();
      }
    } finally {
      this.pruning = false;
    }
  }
}
