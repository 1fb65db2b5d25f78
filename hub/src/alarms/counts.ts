/**
 * The alarm summary's arithmetic, the same on every engine: each alarm's share of its station's kept counts
 * (so a write moves the counts by the difference of the shares before and after it), and the summary of
 * summed counts.
 */
import { roundedMean } from '../rounded-mean.ts';
import type { AlarmRecord, AlarmSummary } from './schema.ts';

/** Summed counts as a store reads them (sums over no rows are null). */
export interface AlarmCountsRow {
  open: number | null;
  acknowledged: number | null;
  cleared: number | null;
  acked: number | null;
  ackMinutes: number | null;
  clearMinutes: number | null;
}

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/** [open, acknowledged, cleared, acked, ackMinutes, clearMinutes] of one alarm (all zero when absent). */
export function alarmShare(a: AlarmRecord | undefined): number[] {
  if (!a) return [0, 0, 0, 0, 0, 0];
  const cleared = a.clearedAt !== null;
  const acked = a.ackedAt !== null;
  return [
    Number(!cleared && !acked),
    Number(!cleared && acked),
    Number(cleared),
    Number(acked),
    acked ? minutesBetween(a.raisedAt, a.ackedAt!) : 0,
    cleared ? minutesBetween(a.raisedAt, a.clearedAt!) : 0,
  ];
}

export function summaryOf(row: AlarmCountsRow): AlarmSummary {
  const cleared = Number(row.cleared ?? 0);
  return {
    open: Number(row.open ?? 0),
    acknowledged: Number(row.acknowledged ?? 0),
    cleared,
    meanMinutesToAck: roundedMean(Number(row.ackMinutes ?? 0), Number(row.acked ?? 0)),
    meanMinutesToClear: roundedMean(Number(row.clearMinutes ?? 0), cleared),
  };
}

/** An alarm's raise or clear as the sync ingest hands it to its engine's writer. */
export interface AlarmChange {
  stationId: string;
  alarmId: string;
  rule: string;
  device: string | null;
  at: string;
}

/** A raise as the writers take it: the alarm's facts as JSON text, or null. */
export interface AlarmRaise extends AlarmChange {
  detail: string;
  facts: string | null;
}
