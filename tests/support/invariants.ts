/**
 * The promises a station keeps, as checks over what a run left behind. Each returns the breaks it
 * found (empty when the promise held), so a fault test can say exactly what went wrong.
 */
import Database from 'better-sqlite3';

export interface StationVisit {
  id: string;
  method: 'code' | 'walk-in';
}

/**
 * No unlock without a visit: every unlock command the lock received names a visit the station had
 * committed, no visit is unlocked twice, and walk-ins (which open nothing) are never unlocked.
 */
export function unlockWithoutVisit(
  unlockedVisitIds: readonly string[],
  stationVisits: readonly StationVisit[],
): string[] {
  const breaks: string[] = [];
  const stored = new Map(stationVisits.map((v) => [v.id, v.method]));
  const seen = new Set<string>();
  for (const id of unlockedVisitIds) {
    const method = stored.get(id);
    if (method === undefined) breaks.push(`unlock for visit ${id}, which is not in the station's visit log`);
    else if (method === 'walk-in') breaks.push(`unlock for walk-in visit ${id}`);
    if (seen.has(id)) breaks.push(`visit ${id} unlocked more than once`);
    seen.add(id);
  }
  return breaks;
}

/** Every visit of the station is at the hub exactly once, and the hub knows no visit the station does not. */
export function visitsLostOrDoubled(stationVisitIds: readonly string[], hubVisitIds: readonly string[]): string[] {
  const breaks: string[] = [];
  const atHub = new Map<string, number>();
  for (const id of hubVisitIds) atHub.set(id, (atHub.get(id) ?? 0) + 1);
  const atStation = new Set(stationVisitIds);
  for (const id of atStation) {
    const n = atHub.get(id) ?? 0;
    if (n === 0) breaks.push(`visit ${id} is missing at the hub`);
    if (n > 1) breaks.push(`visit ${id} is at the hub ${n} times`);
  }
  for (const id of atHub.keys()) {
    if (!atStation.has(id)) breaks.push(`the hub has visit ${id} that the station never recorded`);
  }
  if (stationVisitIds.length !== atStation.size) breaks.push('the station logged a visit id twice');
  return breaks;
}

/** The hub's count must be the number of distinct visits it holds: a re-sent batch counted twice shows here. */
export function countMismatch(hubCount: number, hubVisitIds: readonly string[]): string[] {
  const distinct = new Set(hubVisitIds).size;
  return hubCount === distinct ? [] : [`the hub counts ${hubCount} visits but holds ${distinct}`];
}

/** SQLite's own check of a database file (opened read-only; WAL content included). */
export function integrityBreaks(path: string): string[] {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: 500 });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows
      .map((r) => r.integrity_check)
      .filter((r) => r !== 'ok')
      .map((r) => `${path}: ${r}`);
  } catch (error) {
    // A file too broken to check is the worst answer of all.
    return [`${path}: ${(error as Error).message}`];
  } finally {
    db?.close();
  }
}

export interface ThresholdRule {
  /** Raise when the value has been above this… */
  above: number;
  /** …for this long. */
  forMs: number;
  /** Clear when it has been at or below this… */
  clearAt: number;
  /** …for this long. */
  clearForMs: number;
}

export interface AlarmSpan {
  raisedAt: number;
  clearedAt: number | null;
}

/**
 * Alarms consistent with the sensor history (one device, one rule, readings in time order): an alarm
 * is raised only after the value stayed above the threshold for the rule's duration, cleared only after
 * it stayed at or below the clear mark, and every warm spell long enough (plus `slackMs` for the
 * sampling) has its alarm. Each warm spell raises at most one alarm: no flapping.
 */
export function alarmsAgainstHistory(
  readings: readonly { at: number; value: number }[],
  alarms: readonly AlarmSpan[],
  rule: ThresholdRule,
  slackMs: number,
): string[] {
  const breaks: string[] = [];
  const valueAt = (t: number) => {
    let v: number | undefined;
    for (const r of readings) {
      if (r.at > t) break;
      v = r.value;
    }
    return v;
  };
  const holds = (from: number, to: number, test: (v: number) => boolean) =>
    readings.every((r) => r.at <= from || r.at > to || test(r.value)) && test(valueAt(from) ?? Number.NaN);
  const iso = (t: number) => new Date(t).toISOString();

  for (const a of alarms) {
    if (!holds(a.raisedAt - rule.forMs + slackMs, a.raisedAt, (v) => v > rule.above)) {
      breaks.push(`alarm raised at ${iso(a.raisedAt)} without ${rule.forMs / 60_000} min above ${rule.above}`);
    }
    if (
      a.clearedAt !== null &&
      !holds(a.clearedAt - rule.clearForMs + slackMs, a.clearedAt, (v) => v <= rule.clearAt)
    ) {
      breaks.push(`alarm cleared at ${iso(a.clearedAt)} while the value was not back at ${rule.clearAt}`);
    }
  }

  // Warm spells: maximal runs of readings above the threshold.
  let start: number | undefined;
  const spells: [number, number][] = [];
  for (const r of readings) {
    if (r.value > rule.above) start ??= r.at;
    else if (start !== undefined) {
      spells.push([start, r.at]);
      start = undefined;
    }
  }
  if (start !== undefined) spells.push([start, readings.at(-1)!.at]);
  for (const [from, to] of spells) {
    const raised = alarms.filter((a) => a.raisedAt >= from && a.raisedAt <= to + slackMs);
    if (to - from >= rule.forMs + slackMs) {
      const covered = alarms.some((a) => a.raisedAt <= from + rule.forMs + slackMs && (a.clearedAt ?? Infinity) >= to);
      if (!covered) breaks.push(`no alarm for ${(to - from) / 60_000} min above ${rule.above} from ${iso(from)}`);
    }
    if (raised.length > 1) breaks.push(`${raised.length} alarms raised in one spell from ${iso(from)}: flapping`);
  }
  return breaks;
}
