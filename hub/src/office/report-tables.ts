/**
 * The tables the office can read for a date range, as JSON and as CSV. Both come from `reportTable`,
 * so an export always says exactly what the API says.
 */

import type { ZoneClock } from '../schedules/occurrences.ts';
import type { HubStore } from '../store/hub-store.ts';
import type { StationScope } from '../store/office-store.ts';
import { alarmStatus } from './case-stats.ts';
import { instantRange } from './local-range.ts';
import { REPORT_TABLES, type ReportTable } from './report-names.ts';

export { REPORT_TABLES, type ReportTable };

export type Cell = string | number | null;
export type ReportRow = Record<string, Cell>;

export interface Report {
  table: ReportTable;
  from: string;
  to: string;
  columns: string[];
  rows: ReportRow[];
}

type Query = { from: string; to: string } & StationScope;

const COLUMNS: Record<ReportTable, string[]> = {
  'visits-hourly': ['period', 'stationId', 'category', 'method', 'count'],
  'visits-daily': ['period', 'stationId', 'category', 'method', 'count'],
  'visits-monthly': ['period', 'stationId', 'category', 'method', 'count'],
  'district-visits': ['day', 'district', 'category', 'method', 'count'],
  'members-daily': ['period', 'stationId', 'members'],
  'members-monthly': ['period', 'stationId', 'members'],
  appliances: ['day', 'stationId', 'device', 'sessions', 'seconds'],
  occupancy: ['day', 'stationId', 'samples', 'average', 'peak'],
  rejections: ['day', 'stationId', 'reason', 'count'],
  alarms: ['stationId', 'alarmId', 'rule', 'device', 'detail', 'status', 'raisedAt', 'ackedAt', 'ackedBy', 'clearedAt'],
  feedback: [
    'stationId',
    'feedbackId',
    'category',
    'place',
    'status',
    'assignee',
    'reply',
    'createdAt',
    'updatedAt',
    'resolvedAt',
  ],
};

export function reportTable(store: HubStore, zone: ZoneClock, table: ReportTable, q: Query): Report {
  const o = store.office;
  const rows = ((): object[] => {
    switch (table) {
      case 'visits-hourly':
        return o.visits(q, 'hour');
      case 'visits-daily':
        return o.visits(q, 'day');
      case 'visits-monthly':
        return o.visits(q, 'month');
      case 'district-visits':
        return o.districtVisits(q);
      case 'members-daily':
        return o.distinctMembers(q, 'day');
      case 'members-monthly':
        return o.distinctMembers(q, 'month');
      case 'appliances':
        return o.applianceUse(q);
      case 'occupancy':
        return o.occupancy(q);
      case 'rejections':
        return o.rejections(q);
      case 'alarms':
        return o.alarms({ ...q, ...instantRange(zone, q.from, q.to) }).map((a) => ({ ...a, status: alarmStatus(a) }));
      case 'feedback':
        return o.feedback({ ...q, ...instantRange(zone, q.from, q.to) });
    }
  })();
  const columns = COLUMNS[table];
  return {
    table,
    from: q.from,
    to: q.to,
    columns,
    rows: rows.map((r) => Object.fromEntries(columns.map((c) => [c, (r as ReportRow)[c] ?? null]))),
  };
}

/** RFC 4180 CSV with a BOM (so spreadsheets read the Chinese right), CRLF line ends. */
export function toCsv(report: Report): string {
  const lines = [report.columns.map(csvCell), ...report.rows.map((r) => report.columns.map((c) => csvCell(r[c]!)))];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  // A text cell starting like a formula is neutralised: exports are opened in spreadsheets.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
