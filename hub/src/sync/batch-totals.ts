/**
 * What a batch's newly stored events add up to, per local hour and day, the same on every engine: a batch
 * of 500 events of one station writes a handful of aggregate rows, not 2,000.
 */
import { type OutboxEvent, WORKER_CATEGORIES, type WorkerCategory } from '@yizhan/shared';
import type { AlarmRaise } from '../alarms/counts.ts';
import type { LocalHour } from './store.ts';

const METHODS = ['code', 'walk-in'] as const;
const CATEGORY_INDEX = new Map<string, number>(WORKER_CATEGORIES.map((category, i) => [category, i]));
/** Visits are tallied in a flat array at `category index * 2 + method index`: no key string per event. */
const visitSlot = (category: string, method: string): number =>
  CATEGORY_INDEX.get(category)! * 2 + (method === 'code' ? 0 : 1);

/**
 * The aggregate changes of newly stored events in one local hour (or, summed, one local day), so that a
 * batch of 500 events of one station writes a handful of aggregate rows, not 2,000.
 */
export class Tally {
  readonly visits: number[] = new Array(WORKER_CATEGORIES.length * METHODS.length).fill(0);
  visitCount = 0;
  /** A set: a member counts once a day however often they come. */
  readonly members = new Set<string>();
  readonly rejections = new Map<string, number>();
  /** Timer samples (the average is made of these); a change sample moves only the peak. */
  samples = 0;
  insideSum = 0;
  peak = 0;
  /** Any occupancy sample at all (a change sample of 0 inside still makes the day's row). */
  occupancySeen = false;
  readonly appliances = new Map<string, { sessions: number; seconds: number }>();

  absorb(other: Tally): void {
    for (let i = 0; i < other.visits.length; i++) this.visits[i]! += other.visits[i]!;
    this.visitCount += other.visitCount;
    for (const member of other.members) this.members.add(member);
    for (const [reason, n] of other.rejections) this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + n);
    this.samples += other.samples;
    this.insideSum += other.insideSum;
    this.peak = Math.max(this.peak, other.peak);
    this.occupancySeen ||= other.occupancySeen;
    for (const [device, use] of other.appliances) {
      const mine = bump(this.appliances, device, () => ({ sessions: 0, seconds: 0 }));
      mine.sessions += use.sessions;
      mine.seconds += use.seconds;
    }
  }
}

/** A batch's newly stored events, tallied per local hour, plus the newest live facts for station_live. */
export class BatchTotals {
  readonly hours = new Map<string, Tally>();
  lastInside: { inside: number; at: string } | undefined;
  lastHeartbeat: string | undefined;
  /** Sign-ins at events: local day, occurrence, method and category → count. */
  readonly attendance = new Map<
    string,
    { day: string; eventId: string; method: string; category: string; count: number }
  >();
  /** The batch's newest list of the station's devices, as JSON text, with its time. */
  devices: { at: string; json: string } | undefined;
  // A batch's events mostly share an hour: the last tally is kept at hand.
  private lastHour = '';
  private last: Tally | undefined;

  constructor(private readonly localHour: LocalHour) {}

  private tallyOf(at: string): Tally {
    const hour = this.localHour(at);
    if (hour === this.lastHour && this.last) return this.last;
    this.lastHour = hour;
    this.last = bump(this.hours, hour, () => new Tally());
    return this.last;
  }

  /** The batch's hours in order (their text sorts as time). */
  hoursInOrder(): [string, Tally][] {
    return [...this.hours.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  }

  /** The batch's days in order, each the sum of its hours. Call after the hours are written: it merges them. */
  daysInOrder(): [string, Tally][] {
    const days = new Map<string, Tally>();
    for (const [hour, tally] of this.hoursInOrder()) {
      // A day's first hour becomes its tally; later hours join it.
      const day = hour.slice(0, 10);
      const sum = days.get(day);
      if (sum) sum.absorb(tally);
      else days.set(day, tally);
    }
    return [...days.entries()];
  }

  add(event: OutboxEvent): void {
    switch (event.type) {
      case 'visit.started': {
        const { category, method, member } = event.body;
        const tally = this.tallyOf(event.at);
        tally.visits[visitSlot(category, method)]! += 1;
        tally.visitCount += 1;
        if (member !== undefined) tally.members.add(member);
        return;
      }
      case 'scan.rejected': {
        const { rejections } = this.tallyOf(event.at);
        rejections.set(event.body.reason, (rejections.get(event.body.reason) ?? 0) + 1);
        return;
      }
      case 'occupancy.sample': {
        const { inside, changed } = event.body;
        const tally = this.tallyOf(event.at);
        if (!changed) {
          tally.samples += 1;
          tally.insideSum += inside;
        }
        tally.peak = Math.max(tally.peak, inside);
        tally.occupancySeen = true;
        if (!this.lastInside || event.at >= this.lastInside.at) this.lastInside = { inside, at: event.at };
        return;
      }
      case 'appliance.session': {
        const { device, seconds } = event.body;
        const use = bump(this.tallyOf(event.at).appliances, device, () => ({ sessions: 0, seconds: 0 }));
        use.sessions += 1;
        use.seconds += seconds;
        return;
      }
      case 'heartbeat':
        if (!this.lastHeartbeat || event.at > this.lastHeartbeat) this.lastHeartbeat = event.at;
        return;
      case 'event.attended': {
        const { eventId, method, category } = event.body;
        const day = this.localHour(event.at).slice(0, 10);
        const entry = bump(this.attendance, `${day}|${eventId}|${method}|${category}`, () => ({
          day,
          eventId,
          method,
          category,
          count: 0,
        }));
        entry.count += 1;
        return;
      }
      case 'station.devices':
        if (!this.devices || event.at >= this.devices.at) {
          this.devices = { at: event.at, json: JSON.stringify(event.body.devices) };
        }
        return;
      default:
        return;
    }
  }
}

function bump<V>(map: Map<string, V>, key: string, fresh: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = fresh();
    map.set(key, value);
  }
  return value;
}

/** The tally's visit counts that are not zero. */
export function visitCounts(tally: Tally): { category: WorkerCategory; method: 'code' | 'walk-in'; count: number }[] {
  const counts: { category: WorkerCategory; method: 'code' | 'walk-in'; count: number }[] = [];
  tally.visits.forEach((count, i) => {
    if (count > 0) counts.push({ category: WORKER_CATEGORIES[i >> 1]!, method: METHODS[i & 1]!, count });
  });
  return counts;
}

/** The tally's visits per worker category (both methods), the categories with any. */
export function categoryCounts(tally: Tally): [WorkerCategory, number][] {
  const counts: [WorkerCategory, number][] = [];
  WORKER_CATEGORIES.forEach((category, i) => {
    const n = tally.visits[i * 2]! + tally.visits[i * 2 + 1]!;
    if (n > 0) counts.push([category, n]);
  });
  return counts;
}

/** The writers of the nouns whose records arrive by sync (each engine has its own). */
export interface CaseWriters {
  alarms: {
    raise(c: AlarmRaise): unknown;
    clear(c: { stationId: string; alarmId: string; rule: string; device: string | null; at: string }): unknown;
  };
  feedback: {
    open(c: {
      stationId: string;
      feedbackId: string;
      category: OutboxEventBody<'feedback.created'>['category'];
      place: string | null;
      at: string;
    }): unknown;
  };
}

type OutboxEventBody<T extends OutboxEvent['type']> = Extract<OutboxEvent, { type: T }>['body'];

/**
 * Alarms and feedback are rare and keyed by their own ids: written as they come, by their own nouns. Returns
 * what the writer returns (a Promise on an engine over the network), or undefined for other events.
 */
export function recordCase(writers: CaseWriters, stationId: string, event: OutboxEvent): unknown {
  if (event.type === 'alarm.raised') {
    const { alarmId, rule, device, detail, facts } = event.body;
    return writers.alarms.raise({
      stationId,
      alarmId,
      rule,
      device: device ?? null,
      detail,
      facts: facts ? JSON.stringify(facts) : null,
      at: event.at,
    });
  }
  if (event.type === 'alarm.cleared') {
    const { alarmId, rule, device } = event.body;
    return writers.alarms.clear({ stationId, alarmId, rule, device: device ?? null, at: event.at });
  }
  if (event.type === 'feedback.created') {
    const { feedbackId, category, place } = event.body;
    return writers.feedback.open({ stationId, feedbackId, category, place: place ?? null, at: event.at });
  }
  return undefined;
}
